import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { AwsClients } from '../aws/clients';
import { loadEnvironment, EnvironmentError, type LoadedEnvironment } from '../environment/load-environment';
import { resolveEnvironment } from '../environment/resolve-environment';
import type { ResolvedEnvironment } from '../environment/resolved-environment';
import { ResourceCatalog } from '../environment/resources';
import { checkAccount, type CallerIdentity } from '../guards/account-guard';
import { checkConfirmation } from '../guards/protected-environment';
import { runDate as currentRunDate, TemplateError } from '../templating';
import { startSandboxSession, type SandboxSession } from './sandbox-session';
import { StartupError } from './startup-error';
import { SandboxPortError } from '../../sandbox/sandbox';
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
  let loaded;
  try {
    loaded = loadEnvironment(options.env, options.projectRoot);
  } catch (error) {
    if (error instanceof EnvironmentError) throw new StartupError(error.message);
    throw error;
  }
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
    if (withEnv.sandbox && !options.sandboxEndpoint) session = await startSandbox(withEnv, options);
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

/** Boots the environment's sandbox; a port that cannot be used is said with where it came from. */
async function startSandbox(environment: LoadedEnvironment, options: PrepareOptions): Promise<SandboxSession> {
  const configured = environment.sandbox?.port;
  const port = options.port ?? configured ?? options.defaultPort ?? 0;
  try {
    return await startSandboxSession(environment, options.projectRoot, port);
  } catch (error) {
    const reason = error instanceof SandboxPortError ? error.reason : undefined;
    if (reason !== 'in-use' && reason !== 'not-permitted') throw error;
    const source =
      options.port !== undefined
        ? `--port ${port}`
        : configured !== undefined
          ? `sandbox.port ${port} in ${environment.file}`
          : `port ${port} (the default)`;
    if (reason === 'not-permitted') {
      throw new StartupError(
        `The sandbox cannot listen on ${source}: ports below 1024 need administrator rights.`,
        'Use a port above 1023, or --port 0 for any free one.',
      );
    }
    const endpoint = `http://127.0.0.1:${port}`;
    const sandboxThere = (await sandboxProblem(endpoint, 1000)) === undefined;
    throw new StartupError(
      `The sandbox cannot listen on ${source}: port ${port} on 127.0.0.1 is already in use` +
        `${sandboxThere ? ', by a postflight sandbox' : ' by another process'}.`,
      sandboxThere
        ? `Reuse that sandbox with --sandbox-endpoint ${endpoint}, or give another --port (0: any free port).`
        : `Give another --port (0: any free port), or stop the process that holds it (\`lsof -i :${port}\` shows it).`,
    );
  }
}

/** `--sandbox-endpoint`: a postflight sandbox must answer there, or the run says so (not "check your AWS login"). */
async function checkSandboxAnswers(endpoint: string): Promise<void> {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    // reported below
  }
  if (!url || url.protocol !== 'http:') {
    throw new StartupError(
      `--sandbox-endpoint ${endpoint} is not an http:// address.`,
      'Give the endpoint `postflight sandbox` prints, e.g. --sandbox-endpoint http://127.0.0.1:4566.',
    );
  }
  const problem = await sandboxProblem(endpoint, 5000);
  if (problem) {
    throw new StartupError(
      `No postflight sandbox answers at --sandbox-endpoint ${endpoint}: ${problem}.`,
      'Start one in another terminal (`npx postflight sandbox`, it prints its endpoint), or leave --sandbox-endpoint out ' +
        'and the run starts its own.',
    );
  }
}

/** Undefined when a postflight sandbox answers at the endpoint; otherwise what was seen instead. */
function sandboxProblem(endpoint: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const request = http.get(new URL('/_postflight/health', endpoint), { timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        let status: unknown;
        try {
          status = (JSON.parse(body) as { status?: unknown }).status;
        } catch {
          // not JSON: not a sandbox
        }
        resolve(
          response.statusCode === 200 && status === 'ready'
            ? undefined
            : `something answers there, but not a postflight sandbox (GET /_postflight/health: HTTP ${response.statusCode})`,
        );
      });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    request.on('error', (error: Error & { code?: string }) =>
      resolve(error.code === 'ECONNREFUSED' ? 'nothing listens there (connection refused)' : error.message),
    );
  });
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
