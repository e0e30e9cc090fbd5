import { PROJECT_ROOT } from '../project-root';
import { prepareRun } from '../../support/run/prepare-run';
import { newRunId } from '../../support/run-id';
import { formatDuration } from '../../support/duration';
import { loadCommandEnvironment, reportStartupFailure } from './startup';
import { StartupError } from '../../support/run/startup-error';
import { deployedStackLines, recordedSummary } from '../../sandbox/deployer/deploy-summary';

/** `postflight sandbox` listens here unless --port or the environment's sandbox.port says otherwise (as LocalStack). */
const DEFAULT_PORT = 4566;

/**
 * The sandbox in the foreground: endpoint and deployed resources printed, served until Ctrl-C,
 * SIGTERM, the terminal closing (SIGHUP) or the launcher going away (see launcher-watch.ts).
 */
export async function sandboxCommand(options: { env: string; port?: number }): Promise<number> {
  let prepared;
  try {
    if (!loadCommandEnvironment(options.env, PROJECT_ROOT).sandbox) {
      throw new StartupError(
        `Environment "${options.env}" is not a sandbox environment (it has no sandbox: section): it runs against AWS.`,
        'Give a sandbox environment, e.g. --env local.',
      );
    }
    prepared = await prepareRun({
      env: options.env,
      projectRoot: PROJECT_ROOT,
      runId: newRunId(),
      port: options.port,
      defaultPort: DEFAULT_PORT,
    });
  } catch (error) {
    return reportStartupFailure(error);
  }
  if (!prepared.session) throw new Error('prepareRun started no sandbox for a sandbox environment');
  const { sandbox, bootMs } = prepared.session;
  const lines = [
    `postflight sandbox ready in ${formatDuration(bootMs)}`,
    `  endpoint: ${sandbox.endpoint}   region: ${sandbox.region}   account: ${sandbox.accountId}`,
    '',
    '  Deployed:',
  ];
  const stacks = sandbox.cloudFormation.all();
  lines.push(...deployedStackLines(stacks));
  const recorded = recordedSummary(stacks);
  if (recorded) lines.push('', `  ${recorded}.`);
  lines.push(
    '',
    '  Try it:',
    `    aws --endpoint-url ${sandbox.endpoint} s3 ls`,
    `    aws --endpoint-url ${sandbox.endpoint} stepfunctions list-state-machines`,
    `    (any credentials work; SDK clients need only { endpoint: '${sandbox.endpoint}', region: '${sandbox.region}' })`,
    '',
    '  Serving until interrupted (Ctrl-C).',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(name, () => resolve(name));
  });
  process.stdout.write(`\nStopping the sandbox (${signal})…\n`);
  await prepared.dispose();
  return 0;
}
