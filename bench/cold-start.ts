import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Milliseconds from spawning a process until a line of its output matches `ready`. */
function timeUntil(args: string[], ready: RegExp): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (ready.test(output)) {
        const elapsed = performance.now() - started;
        child.kill('SIGINT');
        resolve(elapsed);
      }
    });
    child.on('close', (code) => {
      if (!ready.test(output)) reject(new Error(`${args.join(' ')} exited ${code} before it was ready:\n${output}`));
    });
  });
}

/**
 * Cold start of `postflight sandbox` (process start → the sample data lake deployed and served),
 * against the baseline of starting the same Node with the TypeScript loader and doing nothing.
 */
export async function measureColdStart(runs: number): Promise<{ sandboxMs: number[]; bareMs: number[] }> {
  const sandboxMs: number[] = [];
  const bareMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    bareMs.push(await timeUntil(['--import', 'tsx', '-e', 'console.log("ready")'], /ready/));
    sandboxMs.push(
      await timeUntil([path.join(ROOT, 'bin/postflight.js'), 'sandbox', '--env', 'local', '--port', '0'], /Serving until interrupted/),
    );
  }
  return { sandboxMs, bareMs };
}
