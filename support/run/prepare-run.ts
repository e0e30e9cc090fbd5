import fs from 'node:fs';
import path from 'node:path';
import { AwsClients } from '../aws/clients';
import { loadEnvironment, EnvironmentError } from '../environment/load-environment';
import { resolveEnvironment } from '../environment/resolve-environment';
import type { ResolvedEnvironment } from '../environment/resolved-environment';
import { ResourceCatalog } from '../environment/resources';
import { checkAccount, type CallerIdentity } from '../guards/account-guard';
import { checkConfirmation } from '../guards/protected-environment';
import { runDate as currentRunDate } from '../templating';
import { startSandboxSession, type SandboxSession } from './sandbox-session';
import { StartupError } from './startup-error';
import { PutObjectCommand } from '@aws-sdk/client-s3';

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
  port?: number;
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
  let loaded;
  try {
    loaded = loadEnvironment(options.env, options.projectRoot);
  } catch (error) {
    if (error instanceof EnvironmentError) throw new StartupError(error.message);
    throw error;
  }
  checkConfirmation(loaded, options.confirm);
  let session: SandboxSession | undefined;
  let clients: AwsClients | undefined;
  const dispose = async () => {
    clients?.destroy();
    await session?.stop();
  };
  try {
    const withEnv = await resolveEnvironment(loaded, undefined, ['env']);
    if (withEnv.sandbox && !options.sandboxEndpoint) session = await startSandboxSession(withEnv, options.projectRoot, options.port);
    if (options.sandboxEndpoint && !withEnv.sandbox) {
      throw new StartupError(`--sandbox-endpoint is for sandbox environments; "${withEnv.name}" runs against AWS.`);
    }
    const endpoint = session?.endpoint ?? options.sandboxEndpoint;
    clients = new AwsClients({
      region: withEnv.region,
      endpoint,
      roleArn: withEnv.credentials?.roleArn,
      externalId: withEnv.credentials?.externalId,
      durationSeconds: withEnv.credentials?.durationSeconds,
      runId: options.runId,
    });
    const identity = await checkAccount(clients, withEnv);
    const resolved: ResolvedEnvironment = { ...(await resolveEnvironment(withEnv, clients)), endpoint };
    if (endpoint && options.seed !== false) await seedSandbox(resolved, clients, options.projectRoot);
    return { runId: options.runId, runDate: currentRunDate(), environment: resolved, clients, identity, session, dispose };
  } catch (error) {
    await dispose();
    if (error instanceof EnvironmentError) throw new StartupError(error.message);
    throw error;
  }
}

/** Seed files (reference data the lake already holds) uploaded once into the fresh sandbox. */
async function seedSandbox(environment: ResolvedEnvironment, clients: AwsClients, projectRoot: string): Promise<void> {
  const catalog = new ResourceCatalog(environment);
  for (const seed of environment.sandbox?.seed ?? []) {
    const source = path.resolve(projectRoot, seed.source);
    if (!fs.existsSync(source))
      throw new StartupError(`${environment.file}: sandbox.seed: ${seed.source} does not exist (looked for ${source}).`);
    const target = catalog.s3Location(seed.target);
    await clients.s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: target.key, Body: fs.readFileSync(source) }));
  }
}
