#!/usr/bin/env node
// The `postflight` command. Plain JavaScript so that it can check the Node version and register
// the TypeScript loader (tsx) — for this process and for cucumber's parallel workers — before
// loading the CLI itself.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `postflight needs Node.js 22 or newer; this is ${process.version}.\n` +
      'Run it through npm (npm start, npm test, npx postflight …): npm puts the Node 22 that the project installs ' +
      '(node_modules/.bin/node) first on PATH.\n',
  );
  process.exit(2);
}

// V8's compiled code is kept on disk (in the project, never in TMPDIR) and shared with cucumber's
// parallel workers: each worker thread loads the whole step library, and compiling it again in
// every worker is much of a worker's start-up.
const { enableCompileCache } = await import('node:module');
const { fileURLToPath } = await import('node:url');
process.env.NODE_COMPILE_CACHE ??= fileURLToPath(new URL('../node_modules/.cache/postflight/compile', import.meta.url));
enableCompileCache?.(process.env.NODE_COMPILE_CACHE);

const { register } = await import('tsx/esm/api');
register();
const loader = import.meta.resolve('tsx');
if (!(process.env.NODE_OPTIONS ?? '').includes(loader)) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import "${loader}"`.trim();
}

const { main } = await import('./cli.ts');
const { reportUnexpectedFailure } = await import('./commands/startup.ts');
// An error escaping every handler still ends with a message and exit 2, never Node's stack and exit 1
// (which CI reads as "the gate failed").
const command = process.argv.slice(2).find((argument) => !argument.startsWith('-')) ?? 'command';
for (const event of ['uncaughtException', 'unhandledRejection']) {
  process.on(event, (error) => {
    process.exitCode = reportUnexpectedFailure(command, error);
    process.exit();
  });
}
process.exitCode = await main(process.argv.slice(2));
