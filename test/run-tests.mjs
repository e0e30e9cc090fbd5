// `npm test`: the type check, the linters and the framework's own tests (Node's test runner, one file
// at a time), all inside a temporary folder of their own (TMPDIR) that is removed afterwards — also
// after Ctrl-C — so that nothing is left in the system's temporary folder; Node's compile cache goes
// to node_modules/.cache, and the tests use an Allure history of their own, never the project's
// .postflight/allure-history.jsonl.
//   node test/run-tests.mjs --with-checks   type check and lint first (what `npm test` runs)
//   node test/run-tests.mjs --fast          unit and conformance tests only: no end-to-end run (test/e2e/), no browser
//   node test/run-tests.mjs [files…]        only the tests (default: every test/**/*.test.ts)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const withChecks = process.argv.includes('--with-checks');
const fast = process.argv.includes('--fast');
const given = process.argv.slice(2).filter((argument) => !['--with-checks', '--fast'].includes(argument));
/** What `--fast` leaves out: the end-to-end runs of the real suite, and the tests that drive a browser. */
const SLOW = (file) => file.startsWith('test/e2e/') || file.endsWith('-in-browser.test.ts');
const files = fast
  ? fs
      .globSync('test/**/*.test.ts', { cwd: projectRoot })
      .filter((file) => !SLOW(file))
      .sort()
  : given;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-tests-'));
const env = {
  ...process.env,
  TMPDIR: root,
  NODE_COMPILE_CACHE: path.join(projectRoot, 'node_modules', '.cache', 'node-compile-cache'),
  POSTFLIGHT_ALLURE_HISTORY: path.join(root, 'allure-history.jsonl'),
};

const steps = [
  ...(withChecks
    ? [
        ['npm', ['run', '--silent', 'typecheck']],
        ['npm', ['run', '--silent', 'lint']],
      ]
    : []),
  [process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...(files.length ? files : ['test/**/*.test.ts'])]],
];

let current;
// Ctrl-C reaches the whole process group; a SIGTERM to this process alone is passed on.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => current?.kill(signal));

function run(command, args) {
  return new Promise((resolve) => {
    current = spawn(command, args, { cwd: projectRoot, env, stdio: 'inherit' });
    current.on('close', (code, signal) => resolve(code ?? (signal === 'SIGTERM' ? 143 : 130)));
  });
}

let exitCode = 0;
for (const [command, args] of steps) {
  exitCode = await run(command, args);
  if (exitCode !== 0) break;
}
const left = fs.readdirSync(root).filter((entry) => !['allure-history.jsonl', `tsx-${os.userInfo().uid}`].includes(entry));
fs.rmSync(root, { recursive: true, force: true });
if (left.length)
  process.stdout.write(
    `# the tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in their temporary folder (now removed): ${left.join(', ')}\n`,
  );
process.exitCode = exitCode;
