import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { runCommand } from './commands/run';
import { listCommand } from './commands/list';
import { stepsCommand } from './commands/steps';
import { sandboxCommand } from './commands/sandbox';
import { reportCommand } from './commands/report';
import { cleanupCommand } from './commands/cleanup';

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
    .option(
      '--sandbox-endpoint <url>',
      'sandbox environments: use a sandbox already running (`postflight sandbox`) instead of starting one',
    )
    .option('--reports-dir <dir>', 'where to write the reports (default: reports/ in the project)')
    .argument('[paths...]', 'feature files or directories (default: features/)')
    .action(async (paths: string[], options) => {
      exitCode = await runCommand({ ...options, paths });
    });

  program
    .command('list')
    .description('list the scenarios a run would execute (nothing is executed)')
    .requiredOption('--env <name|path.yml>', 'environment name or path')
    .option('--tags <expression>', "tag expression (default: the environment's tags)")
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
    .command('report')
    .description(
      "rebuild the Allure report and the sign-off from the last run's results; nothing is executed (exit 0 GO, 1 NO-GO, 2 no results)",
    )
    .option('--reports-dir <dir>', 'where the last run wrote its reports (default: reports/ in the project)')
    .action(async (options) => {
      exitCode = await reportCommand(options);
    });

  program
    .command('cleanup')
    .description('remove what aborted runs left behind (objects, temporary tables) — only what postflight itself wrote')
    .requiredOption('--env <name|path.yml>', 'environment name or path')
    .option('--run-id <id>', 'the run to clean up (as `postflight run` prints it)')
    .option('--older-than <age>', 'every run older than this, e.g. 24h, 7d, "90 minutes"')
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option('--confirm <env>', 'required for protected environments: repeat the environment name')
    .option('--sandbox-endpoint <url>', 'sandbox environments: the running sandbox to clean')
    .action(async (options) => {
      exitCode = await cleanupCommand(options);
    });

  program
    .command('sandbox')
    .description("run the local sandbox in the foreground with an environment's stacks deployed")
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
