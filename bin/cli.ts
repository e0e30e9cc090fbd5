import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { runCommand } from './commands/run';
import { listCommand } from './commands/list';
import { stepsCommand } from './commands/steps';
import { sandboxCommand } from './commands/sandbox';

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('expected a whole number, e.g. 2');
  return number;
}

/** Parses the command line and runs one command; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name('postflight')
    .description('Post-deployment tests for AWS serverless data lakes: process and data validation, reports, sign-off.')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('run')
    .description('run the scenarios against an environment (exit 0 gate passed, 1 gate failed, 2 could not start)')
    .requiredOption('--env <name|path.yml>', 'environment name (environments/<name>.yml) or path to an environment file')
    .option('--tags <expression>', 'tag expression, e.g. "@smoke and not @wip" (default: the environment\'s tags)')
    .option('--parallel <n>', 'run scenarios in n worker processes', positiveInteger)
    .option('--keep-data', 'keep the objects and tables the scenarios wrote (default: remove them after each scenario)')
    .option('--confirm <env>', 'required for protected environments: repeat the environment name')
    .option('--profile <name>', 'cucumber.cjs profile (default, process, data, smoke)')
    .option('--port <port>', 'sandbox environments: listen on this port (default: a free one)', positiveInteger)
    .option('--sandbox-endpoint <url>', 'sandbox environments: use a sandbox already running (`postflight sandbox`) instead of starting one')
    .option('--reports-dir <dir>', 'where to write the reports', 'reports')
    .argument('[paths...]', 'feature files or directories (default: features/)')
    .action(async (paths: string[], options) => {
      exitCode = await runCommand({ ...options, paths });
    });

  program
    .command('list')
    .description('list the scenarios a run would execute (nothing is executed)')
    .requiredOption('--env <name|path.yml>', 'environment name or path')
    .option('--tags <expression>', 'tag expression (default: the environment\'s tags)')
    .option('--profile <name>', 'cucumber.cjs profile')
    .argument('[paths...]', 'feature files or directories')
    .action(async (paths: string[], options) => {
      exitCode = await listCommand({ ...options, paths });
    });

  program
    .command('steps')
    .description('print the step vocabulary, with an example for each step')
    .argument('[word]', 'only steps whose phrasing contains this word')
    .action(async (word?: string) => {
      exitCode = await stepsCommand(word);
    });

  program
    .command('sandbox')
    .description('run the local sandbox in the foreground with an environment\'s stacks deployed')
    .option('--env <name|path.yml>', 'sandbox environment', 'local')
    .option('--port <port>', 'port on 127.0.0.1 (default: 4566)', positiveInteger, 4566)
    .action(async (options) => {
      exitCode = await sandboxCommand(options);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return exitCode;
}
