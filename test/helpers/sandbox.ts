import { Sandbox, type SandboxOptions } from '../../sandbox/sandbox';

/**
 * A sandbox for a test file, and SDK client settings as a user would write them: only
 * `endpoint` and `region`, any credentials, nothing else.
 */
export async function startSandbox(
  options: SandboxOptions = {},
): Promise<{ sandbox: Sandbox; config: ReturnType<Sandbox['clientConfig']> }> {
  const sandbox = await Sandbox.start(options);
  return { sandbox, config: sandbox.clientConfig() };
}

/** Parity recordings against real AWS (test/parity: responses recorded on AWS, see its README). */
export async function loadParity<T = Record<string, unknown>>(relativePath: string): Promise<T> {
  const { readFile } = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  const path = await import('node:path');
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../parity');
  return JSON.parse(await readFile(path.join(root, relativePath), 'utf8')) as T;
}
