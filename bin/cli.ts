import { Command, CommanderError } from 'commander';
import { reportUnexpectedFailure } from './commands/startup';
import { portNumber, shardOption, tagExpression, workerCount } from './options';
import { stopWhenLauncherGone } from './launcher-watch';

/**
 * Parses the command line and runs one command (loaded only when chosen: a mistyped option is
 * answered at once, without loading cucumber, the AWS SDK and the sandbox); returns the process exit code: 0 and 1 are the
 * command's verdict, 2 says it could not do its job (bad input, the environment, a fault) — with
 * a message naming the cause, and a stack trace only with --debug.
 */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  let commandName = '';
  const program = new Command()
    .name('postflight')
    .description('Post-deployment tests for AWS serverless data lakes: process and data validation, reports, sign-off.')
    .option('--debug', 'print stack traces with error messages (also: POSTFLIGHT_DEBUG=1)')
    .showHelpAfterError('(run `postflight --help` for the commands, `postflight <command> --help` for their options)')
    .exitOverride()
    .hook('preAction', (_program, command) => {
      commandName = command.name();
      if (program.opts().debug) process.env.POSTFLIGHT_DEBUG = '1';
    });

  program
    .command('run')
    .description('run the scenarios against an environment (exit 0 gate passed, 1 gate failed, 2 could not start)')
    .requiredOption('--env <name|path.yml>', 'environment name (environments/<name>.yml) or path to an environment file')
    .option('--tags <expression>', 'tag expression, e.g. "@smoke and not @wip" (default: the environment\'s tags)', tagExpression)
    .option('--parallel <n>', 'run scenarios in n worker processes (n ≥ 1; default: one at a time)', workerCount)
    .option(
      '--shard <I/N>',
      'run only the I-th of N parts of the selection (stable, balanced by earlier durations); merge the parts with `report --merge`',
      shardOption,
    )
    .option('--keep-data', 'keep the objects and tables the scenarios wrote (default: remove them after each scenario)')
    .option('--confirm <env>', 'required for protected environments: repeat the environment name')
    .option('--profile <name>', 'cucumber.cjs profile (default, process, data, smoke)')
    .option('--port <port>', 'sandbox environments: listen on this port (default: a free one)', portNumber)
    .option(
      '--sandbox-endpoint <url>',
      'sandbox environments: use a sandbox already running (`postflight sandbox`) instead of starting one',
    )
    .option('--reports-dir <dir>', 'where to write the reports (default: reports/ in the project)')
    .argument('[paths...]', "feature files or folders, relative to the current folder (default: the profile's features)")
    .action(async (paths: string[], options) => {
      const { runCommand } = await import('./commands/run');
      exitCode = await runCommand({ ...options, paths });
    });

  program
    .command('list')
    .description('list the scenarios a run would execute (nothing is executed)')
    .requiredOption('--env <name|path.yml>', 'environment name or path')
    .option('--tags <expression>', "tag expression (default: the environment's tags)", tagExpression)
    .option('--profile <name>', 'cucumber.cjs profile')
    .argument('[paths...]', 'feature files or folders, relative to the current folder')
    .action(async (paths: string[], options) => {
      const { listCommand } = await import('./commands/list');
      exitCode = await listCommand({ ...options, paths });
    });

  program
    .command('steps')
    .description('print the step vocabulary, with an example for each step')
    .argument('[word]', 'only steps whose phrasing contains this word')
    .action(async (word?: string) => {
      const { stepsCommand } = await import('./commands/steps');
      exitCode = await stepsCommand(word);
    });

  program
    .command('report')
    .description(
      "rebuild the Allure report and the sign-off from the last run's results, or merge the shards' results; nothing is executed (exit 0 GO, 1 NO-GO, 2 no results)",
    )
    .option(
      '--reports-dir <dir>',
      'where the last run wrote its reports (default: reports/ in the project); with --merge: where the merged reports go',
    )
    .option('--merge <dirs...>', "merge the reports of a sharded run's parts (each `run --shard I/N` reports folder) into one")
    .action(async (options) => {
      const { reportCommand } = await import('./commands/report');
      exitCode = await reportCommand(options);
    });

  program
    .command('cleanup')
    .description('remove what aborted runs left behind (objects, temporary tables) — only what postflight itself wrote')
    .requiredOption('--env <name|path.yml>', 'environment name or path')
    .option('--run-id <id>', 'the run to clean up (as `postflight run` prints it)')
    .option('--older-than <age>', 'every run older than this, e.g. 24h, 7d, 90m, "1h30m", "90 minutes"')
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option('--confirm <env>', 'required for protected environments: repeat the environment name')
    .option('--sandbox-endpoint <url>', 'sandbox environments: the running sandbox to clean')
    .action(async (options) => {
      const { cleanupCommand } = await import('./commands/cleanup');
      exitCode = await cleanupCommand(options);
    });

  program
    .command('sandbox')
    .description("run the local sandbox in the foreground with an environment's stacks deployed")
    .option('--env <name|path.yml>', 'sandbox environment', 'local')
    .option('--port <port>', "port on 127.0.0.1 (default: the environment's sandbox.port, else 4566; 0: any free port)", portNumber)
    .action(async (options) => {
      const { sandboxCommand } = await import('./commands/sandbox');
      exitCode = await sandboxCommand(options);
    });

  // A bad option is answered in one line and a pointer to the command's help, not the whole help.
  for (const command of program.commands) command.showHelpAfterError(`(run \`postflight ${command.name()} --help\` for its options)`);

  const stopWatching = stopWhenLauncherGone();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    return reportUnexpectedFailure(commandName || 'command', error);
  } finally {
    stopWatching();
  }
  return exitCode;
}
