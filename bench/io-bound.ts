import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Envelope } from '@cucumber/messages';

/**
 * The I/O-bound suite (bench/io-bound/: 40 scenarios, each waiting on an execution that waits
 * 5 seconds of real time): run serially, with `--parallel 8`, and as 4 shards one after another
 * followed by `report --merge` — each through the real `postflight` command in its own process,
 * timed from spawn to exit. Peak RSS is the process's high-water mark (VmHWM), read while it runs:
 * cucumber's parallel workers are worker threads of that one process, so a worker has no RSS of its
 * own; what a worker costs is the process's peak with 8 workers against the serial run's, per
 * worker. A worker's start is when its first scenario started, from the run's cucumber messages.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, '..');
const ENVIRONMENT = 'bench/io-bound/environment.yml';
const FEATURES = 'bench/io-bound/features';
const SHARDS = 4;
const WORKERS = 8;

export interface CommandMeasure {
  wallMs: number;
  peakRssMb: number;
  code: number | null;
}

export interface IoBoundResult {
  serial: CommandMeasure;
  parallel: CommandMeasure & { workerStartMs: number[]; scenariosPerWorker: number[] };
  shards: CommandMeasure[];
  merge: CommandMeasure;
  scenarios: number;
}

function postflight(args: string[], env: NodeJS.ProcessEnv): Promise<CommandMeasure> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(projectRoot, 'bin/postflight.js'), ...args], {
      cwd: projectRoot,
      env: { ...process.env, NODE_OPTIONS: '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    let peakKb = 0;
    const sample = () => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      } catch {
        // Gone, or no /proc: the last sample stands.
      }
    };
    const timer = setInterval(sample, 100);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) process.stderr.write(`postflight ${args.join(' ')} exited ${code}\n${stderr}`);
      resolve({ wallMs: performance.now() - started, peakRssMb: peakKb / 1024, code });
    });
  });
}

function workerStarts(messagesFile: string): { startMs: number[]; scenarios: number[] } {
  const envelopes = fs
    .readFileSync(messagesFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Envelope);
  const millis = (timestamp: { seconds: number; nanos: number }) => timestamp.seconds * 1000 + timestamp.nanos / 1e6;
  const runStarted = envelopes.find((envelope) => envelope.testRunStarted)?.testRunStarted;
  const first = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const { testCaseStarted } of envelopes) {
    if (!testCaseStarted || !runStarted) continue;
    const worker = testCaseStarted.workerId ?? '0';
    if (!first.has(worker)) first.set(worker, millis(testCaseStarted.timestamp) - millis(runStarted.timestamp));
    counts.set(worker, (counts.get(worker) ?? 0) + 1);
  }
  const workers = [...first.keys()].sort((a, b) => Number(a) - Number(b));
  return { startMs: workers.map((worker) => first.get(worker) ?? 0), scenarios: workers.map((worker) => counts.get(worker) ?? 0) };
}

export async function measureIoBound(directory: string): Promise<IoBoundResult> {
  // A history of its own: the shards balance by the durations of the runs before them, as in CI.
  const env = { POSTFLIGHT_ALLURE_HISTORY: path.join(directory, 'allure-history.jsonl') };
  const run = (reports: string, ...rest: string[]) =>
    postflight(['run', '--env', ENVIRONMENT, '--reports-dir', path.join(directory, reports), ...rest, FEATURES], env);
  const serial = await run('serial');
  const parallel = await run('parallel', '--parallel', String(WORKERS));
  const starts = workerStarts(path.join(directory, 'parallel', 'cucumber.ndjson'));
  const shards: CommandMeasure[] = [];
  for (let index = 1; index <= SHARDS; index += 1) shards.push(await run(`shard-${index}`, '--shard', `${index}/${SHARDS}`));
  const merge = await postflight(
    [
      'report',
      '--reports-dir',
      path.join(directory, 'merged'),
      '--merge',
      ...shards.map((_shard, index) => path.join(directory, `shard-${index + 1}`)),
    ],
    env,
  );
  const scenarios = (JSON.parse(fs.readFileSync(path.join(directory, 'merged', 'run.json'), 'utf8')) as { results: unknown[] }).results
    .length;
  return {
    serial,
    parallel: { ...parallel, workerStartMs: starts.startMs, scenariosPerWorker: starts.scenarios },
    shards,
    merge,
    scenarios,
  };
}

export function formatIoBound(result: IoBoundResult): string[] {
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  const { serial, parallel, shards, merge } = result;
  const sharded = shards.reduce((sum, shard) => sum + shard.wallMs, 0) + merge.wallMs;
  const perWorkerMb = (parallel.peakRssMb - serial.peakRssMb) / WORKERS;
  return [
    `io-bound suite: serial ${seconds(serial.wallMs)} s, --parallel ${WORKERS} ${seconds(parallel.wallMs)} s, speed-up ${(serial.wallMs / parallel.wallMs).toFixed(1)}x`,
    `  ${result.scenarios} scenarios, each waiting on a 5 s execution (timeScale 1); wall time from spawn to exit of \`postflight run\``,
    `  workers (threads of one process) began their first scenario at ${parallel.workerStartMs.map((ms) => `${seconds(ms)} s`).join(', ')} after the run started; scenarios per worker: ${parallel.scenariosPerWorker.join(', ')}`,
    `  peak RSS of the process: serial ${serial.peakRssMb.toFixed(0)} MB, --parallel ${WORKERS} ${parallel.peakRssMb.toFixed(0)} MB — each worker's share ≈ ${perWorkerMb.toFixed(0)} MB`,
    `  ${SHARDS} shards one after another (${shards.map((shard) => `${seconds(shard.wallMs)} s`).join(', ')}) + merge ${seconds(merge.wallMs)} s = ${seconds(sharded)} s against the unsharded serial run's ${seconds(serial.wallMs)} s: overhead ${(((sharded - serial.wallMs) / serial.wallMs) * 100).toFixed(1)} % (target < 10 %)`,
  ];
}
