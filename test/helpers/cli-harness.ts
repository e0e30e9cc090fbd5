import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliResult } from './postflight-cli';

/**
 * Many `postflight` command lines in one child process: the CLI's `main` (what bin/postflight.js
 * runs) is loaded once and called per command line, with that command line's environment
 * variables and current folder, its console output captured. Cucumber, the AWS SDK and the
 * sandbox load once instead of once per command — for catalogues of many quick refusals.
 * An error escaping `main` is reported as such (the real command would have crashed).
 */
export interface CliHarness {
  run(args: string[], options?: { env?: Record<string, string>; cwd?: string }): Promise<CliResult>;
  close(): Promise<void>;
}

interface Request {
  id: number;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

interface Reply extends CliResult {
  id: number;
}

const HERE = fileURLToPath(import.meta.url);

export function startCliHarness(): CliHarness {
  const child: ChildProcess = fork(HERE, ['--serve'], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, NODE_OPTIONS: '' },
    cwd: path.resolve(path.dirname(HERE), '../..'),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (reply: Reply) => void>();
  let next = 0;
  // One command line at a time: each changes the process's environment and current folder.
  let queue: Promise<unknown> = Promise.resolve();
  child.on('message', (reply: Reply) => pending.get(reply.id)?.(reply));
  return {
    run(args, options = {}) {
      const id = next++;
      const result = queue.then(
        () =>
          new Promise<CliResult>((resolve) => {
            pending.set(id, ({ code, stdout, stderr }) => resolve({ code, stdout, stderr }));
            child.send({ id, args, env: options.env ?? {}, cwd: options.cwd } satisfies Request);
          }),
      );
      queue = result.catch(() => undefined);
      return result;
    },
    close() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      });
    },
  };
}

async function serve(): Promise<void> {
  const { main } = await import('../../bin/cli');
  const home = process.cwd();
  process.on('message', async (request: Request) => {
    const savedEnvironment = { ...process.env };
    Object.assign(process.env, request.env);
    if (request.cwd) process.chdir(request.cwd);
    let stdout = '';
    let stderr = '';
    const writeOut = process.stdout.write.bind(process.stdout);
    const writeErr = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
    let code: number | null;
    try {
      code = await main(request.args);
    } catch (error) {
      stderr += `\n[harness] an error escaped main — the command would have crashed:\n${(error as Error).stack ?? String(error)}\n`;
      code = null;
    } finally {
      process.stdout.write = writeOut;
      process.stderr.write = writeErr;
      for (const name of Object.keys(process.env)) if (!(name in savedEnvironment)) delete process.env[name];
      Object.assign(process.env, savedEnvironment);
      process.chdir(home);
    }
    process.send?.({ id: request.id, code, stdout, stderr } satisfies Reply);
  });
}

if (process.argv[1] === HERE && process.argv[2] === '--serve') await serve();
