// The framework's own tests, as `npm test` runs them: Node's test runner, one file at a time, inside
// a temporary folder of their own (TMPDIR) that is removed afterwards — also after Ctrl-C — so that
// the tests leave nothing in the system's temporary folder, and with an Allure history of their own,
// never the project's .postflight/allure-history.jsonl. Arguments: test files (default: all).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const files = process.argv.slice(2);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-tests-'));
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', ...(files.length ? files : ['test/**/*.test.ts'])],
  {
    stdio: 'inherit',
    env: { ...process.env, TMPDIR: root, POSTFLIGHT_ALLURE_HISTORY: path.join(root, 'allure-history.jsonl') },
  },
);

// Ctrl-C reaches the whole process group; a SIGTERM to this process alone is passed on.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));

child.on('close', (code, signal) => {
  const left = fs.readdirSync(root).filter((entry) => entry !== 'allure-history.jsonl');
  fs.rmSync(root, { recursive: true, force: true });
  if (left.length)
    process.stdout.write(
      `# the tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in their temporary folder (removed): ${left.join(', ')}\n`,
    );
  process.exitCode = code ?? (signal === 'SIGTERM' ? 143 : 130);
});
