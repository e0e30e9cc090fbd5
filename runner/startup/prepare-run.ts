import { AwsClients } from '../../support/aws/clients';
import { runDate as currentRunDate, TemplateError } from '../../support/templating';
import type { ResolvedEnvironment } from '../../model/environment/environment';
import { StartupError } from '../../model/startup-error';
import { EnvironmentError, loadRunEnvironment } from '../environments/load-environment';
import { resolveEnvironment } from '../environments/resolve-environment';
import { checkAccount, type CallerIdentity } from './account-guard';
import { checkConfirmation } from './protected-run';
import { startSandboxSession, type SandboxSession } from './sandbox-session';
import { checkSandboxAnswers } from './sandbox-endpoint';
import { seedSandbox } from './seed-sandbox';

export interface PreparedRun {
  runId: string;
  runDate: string;
  environment: ResolvedEnvironment;
  clients: AwsClients;
  identity: CallerIdentity;
  session?: SandboxSession;
  /** Stops the sandbox (if any) and releases clients. */
  dispose(): Promise<void>;
}

export interface PrepareOptions {
  env: string;
  projectRoot: string;
  runId: string;
  /** `--port`: the sandbox listens here (default: the environment's sandbox.port, else `defaultPort`). */
  port?: number;
  /** The port when neither --port nor the environment names one (default 0: any free port). */
  defaultPort?: number;
  /** `--confirm <name>`, required by protected environments. */
  confirm?: string;
  /** A sandbox already running with the environment's stacks: used instead of starting one. */
  sandboxEndpoint?: string;
  /** Upload the environment's sandbox seed data (default true). */
  seed?: boolean;
}

/**
 * Everything before the first scenario: load and validate the environment, boot the sandbox
 * when the environment is one, resolve placeholders once, seed sandbox data, and run the
 * account guard. Any failure here is a StartupError: the run does not start.
 */
export async function prepareRun(options: PrepareOptions): Promise<PreparedRun> {
  const runDate = checkedRunDate();
  const loaded = loadRunEnvironment(options.env, options.projectRoot);
  checkConfirmation(loaded, options.confirm);
  if (options.confirm !== undefined && options.confirm !== loaded.name) {
    // A confirmation for another environment is a slip worth stopping for (e.g. --env qa --confirm prod).
    throw new StartupError(
      `--confirm ${options.confirm} does not match the environment of this run, "${loaded.name}" (${loaded.file}).`,
      `Check --env; --confirm repeats its name (--confirm ${loaded.name}), and only protected environments need it.`,
    );
  }
  let session: SandboxSession | undefined;
  let clients: AwsClients | undefined;
  const dispose = async () => {
    clients?.destroy();
    await session?.stop();
  };
  try {
    const withEnv = await resolveEnvironment(loaded, undefined, ['env']);
    if (options.sandboxEndpoint && !withEnv.sandbox) {
      throw new StartupError(`--sandbox-endpoint is for sandbox environments; "${withEnv.name}" runs against AWS.`);
    }
    if (options.sandboxEndpoint) await checkSandboxAnswers(options.sandboxEndpoint);
    if (withEnv.sandbox && !options.sandboxEndpoint) {
      session = await startSandboxSession(withEnv, options.projectRoot, { port: options.port, defaultPort: options.defaultPort });
    }
    const endpoint = session?.endpoint ?? options.sandboxEndpoint;
    clients = AwsClients.forEnvironment({ ...withEnv, endpoint }, options.runId);
    const identity = await checkAccount(clients, withEnv);
    const resolved: ResolvedEnvironment = { ...(await resolveEnvironment(withEnv, clients)), endpoint };
    session?.useDefaultTestCases(resolved);
    if (endpoint && options.seed !== false) await seedSandbox(resolved, clients, options.projectRoot);
    return { runId: options.runId, runDate, environment: resolved, clients, identity, session, dispose };
  } catch (error) {
    await dispose();
    if (error instanceof EnvironmentError) throw new StartupError(error.message);
    throw error;
  }
}

/** RUN_DATE is read before anything starts: a bad one must not cost a sandbox boot. */
function checkedRunDate(): string {
  try {
    return currentRunDate();
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    throw new StartupError(error.message, 'Set RUN_DATE to a calendar date such as 2026-11-26, or unset it to use today (UTC).');
  }
}
