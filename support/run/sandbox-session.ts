import path from 'node:path';
import fs from 'node:fs';
import { MockConfigError, Sandbox } from '../../sandbox/sandbox';
import type { LoadedEnvironment } from '../environment/load-environment';
import type { ResolvedEnvironment } from '../environment/resolved-environment';
import { StartupError } from './startup-error';

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

/** Boots the local sandbox for a sandbox environment and deploys its stacks. */
export async function startSandboxSession(environment: LoadedEnvironment, projectRoot: string, port?: number): Promise<SandboxSession> {
  const settings = environment.sandbox;
  if (!settings)
    throw new StartupError(`Environment "${environment.name}" has no sandbox section: it runs against AWS, not the local sandbox.`);
  const started = Date.now();
  const mockConfigFile = settings.stepFunctions?.mockConfigFile;
  const mockConfigPath = mockConfigFile === undefined ? undefined : path.resolve(projectRoot, mockConfigFile);
  if (mockConfigPath !== undefined && !fs.existsSync(mockConfigPath)) {
    throw new StartupError(
      `${environment.file}: sandbox.stepFunctions.mockConfigFile ${mockConfigFile} does not exist (looked for ${mockConfigPath}).`,
    );
  }
  let sandbox: Sandbox;
  try {
    sandbox = await Sandbox.start({
      region: environment.region,
      port: port ?? settings.port ?? 0,
      faults: settings.faults,
      timeScale: settings.timeScale,
      stepFunctions: { mockConfigFile: mockConfigPath },
    });
  } catch (error) {
    if (error instanceof MockConfigError)
      throw new StartupError(`${environment.file}: sandbox.stepFunctions.mockConfigFile: ${error.message}`);
    throw error;
  }
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
      'Fix the template, or tell the sandbox less: it refuses what it cannot run faithfully.',
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
