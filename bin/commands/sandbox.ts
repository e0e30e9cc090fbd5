import { PROJECT_ROOT } from '../project-root';
import { prepareRun } from '../../runner/startup/prepare-run';
import { newRunId } from '../../model/run-id';
import { loadRunEnvironment } from '../../runner/environments/load-environment';
import { reportStartupFailure } from './startup';
import { StartupError } from '../../model/startup-error';
import { sandboxBanner } from '../../runner/console/sandbox-banner';

/** `postflight sandbox` listens here unless --port or the environment's sandbox.port says otherwise (as LocalStack). */
const DEFAULT_PORT = 4566;

/**
 * The sandbox in the foreground: endpoint and deployed resources printed, served until Ctrl-C,
 * SIGTERM, the terminal closing (SIGHUP) or the launcher going away (see launcher-watch.ts).
 */
export async function sandboxCommand(options: { env: string; port?: number }): Promise<number> {
  let prepared;
  try {
    if (!loadRunEnvironment(options.env, PROJECT_ROOT).sandbox) {
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
  const lines = sandboxBanner(prepared.session);
  process.stdout.write(`${lines.join('\n')}\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(name, () => resolve(name));
  });
  process.stdout.write(`\nStopping the sandbox (${signal})…\n`);
  await prepared.dispose();
  return 0;
}
