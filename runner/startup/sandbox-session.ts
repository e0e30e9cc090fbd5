import path from 'node:path';
import fs from 'node:fs';
import { MockConfigError, needsMachineRequirement, Sandbox, SandboxPortError } from '../../sandbox/sandbox';
import type { LoadedEnvironment, ResolvedEnvironment } from '../../model/environment/environment';
import { StartupError } from '../../model/startup-error';
import { sandboxProblem } from './sandbox-endpoint';

export interface SandboxSession {
  sandbox: Sandbox;
  endpoint: string;
  /** Milliseconds from start to deployed and seeded. */
  bootMs: number;
  /** Stops the sandbox and removes its files. */
  stop(): Promise<void>;
  /** Once the environment is resolved: the default Step Functions test cases, by the state machines' ARNs. */
  useDefaultTestCases(environment: ResolvedEnvironment): void;
}

export interface SandboxPorts {
  /** `--port`: the sandbox listens here (default: the environment's sandbox.port, else `defaultPort`). */
  port?: number;
  /** The port when neither --port nor the environment names one (default 0: any free port). */
  defaultPort?: number;
}

/** Boots the local sandbox for a sandbox environment and deploys its stacks. */
export async function startSandboxSession(
  environment: LoadedEnvironment,
  projectRoot: string,
  ports: SandboxPorts = {},
): Promise<SandboxSession> {
  const settings = environment.sandbox;
  if (!settings)
    throw new StartupError(`Environment "${environment.name}" has no sandbox section: it runs against AWS, not the local sandbox.`);
  const started = Date.now();
  const sandbox = await startSandbox(environment, settings, projectRoot, ports);
  // A run that ends without stopping it (a second Ctrl-C, a crash) still removes the sandbox's files.
  const removeFiles = () => fs.rmSync(sandbox.workDirectory, { recursive: true, force: true });
  process.once('exit', removeFiles);
  const stop = async () => {
    process.removeListener('exit', removeFiles);
    await sandbox.stop();
  };
  try {
    for (const stack of settings.stacks) {
      const templateFile = path.resolve(projectRoot, stack.template);
      if (!fs.existsSync(templateFile)) {
        throw new StartupError(
          `${environment.file}: sandbox.stacks "${stack.name}": template ${stack.template} does not exist (looked for ${templateFile}).`,
        );
      }
      await sandbox.deploy({ name: stack.name, templateFile, parameters: stack.parameters });
    }
  } catch (error) {
    await stop();
    if (error instanceof StartupError) throw error;
    throw new StartupError(
      (error as Error).message,
      needsMachineRequirement(error)
        ? 'Install what the message names on this machine, then run again: the template needs no change.'
        : 'Fix the template, or tell the sandbox less: it refuses what it cannot run faithfully.',
    );
  }
  const useDefaultTestCases = (resolved: ResolvedEnvironment) => {
    const testCases = resolved.sandbox?.stepFunctions?.defaultTestCases ?? {};
    const byArn = Object.fromEntries(
      Object.entries(testCases).map(([logicalName, testCase]) => [resolved.resources.stateMachines[logicalName] ?? logicalName, testCase]),
    );
    try {
      sandbox.stepFunctions.setDefaultTestCases(byArn);
    } catch (error) {
      throw new StartupError(`${environment.file}: sandbox.stepFunctions.defaultTestCases: ${(error as Error).message}`);
    }
  };
  return { sandbox, endpoint: sandbox.endpoint, bootMs: Date.now() - started, stop, useDefaultTestCases };
}

/** Starts the sandbox; a port that cannot be used is said with where it came from. */
async function startSandbox(
  environment: LoadedEnvironment,
  settings: NonNullable<LoadedEnvironment['sandbox']>,
  projectRoot: string,
  options: SandboxPorts,
): Promise<Sandbox> {
  const configured = settings.port;
  const port = options.port ?? configured ?? options.defaultPort ?? 0;
  const mockConfigFile = settings.stepFunctions?.mockConfigFile;
  const mockConfigPath = mockConfigFile === undefined ? undefined : path.resolve(projectRoot, mockConfigFile);
  if (mockConfigPath !== undefined && !fs.existsSync(mockConfigPath)) {
    throw new StartupError(
      `${environment.file}: sandbox.stepFunctions.mockConfigFile ${mockConfigFile} does not exist (looked for ${mockConfigPath}).`,
    );
  }
  try {
    return await Sandbox.start({
      region: environment.region,
      port,
      faults: settings.faults,
      timeScale: settings.timeScale,
      stepFunctions: { mockConfigFile: mockConfigPath },
    });
  } catch (error) {
    if (error instanceof MockConfigError)
      throw new StartupError(`${environment.file}: sandbox.stepFunctions.mockConfigFile: ${error.message}`);
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
