import { spawn } from 'node:child_process';
import readline from 'node:readline';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateReconcileData } from './generate-reconcile-data';
import { measureColdStart } from './cold-start';
import { measureEventDelivery } from './event-delivery';
import { measureLambdaInvokes } from './lambda-invoke';
import { formatIoBound, measureIoBound } from './io-bound';

/**
 * `npm run bench`: reconciliation of a 1,000,000-row CSV source against a 1,000,000-row Parquet
 * table (0.1 % of rows differing) through the framework's reconcile step against the sandbox,
 * and the same comparison written by hand in DuckDB as the baseline, in the same run. The
 * framework, the sandbox and the baseline each run in their own process, so each peak RSS is
 * its own (the framework meets the sandbox over HTTP, as it meets AWS). Exit 1 when the ratio
 * exceeds 2.0 or the framework's peak RSS reaches 500 MB. Then the sandbox's cold start, and the
 * Lambda invoke latency of the Python worker next to the Node worker's (cold and warm).
 */
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 5);
const MAX_RATIO = 2.0;
const MAX_RSS_MB = 500;
const here = path.dirname(fileURLToPath(import.meta.url));
/** `BENCH_ONLY=io-bound npm run bench`: only the I/O-bound suite. */
const ONLY = process.env.BENCH_ONLY;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const at = (index: number) => sorted[index] ?? Number.NaN;
  return sorted.length % 2 ? at(middle) : (at(middle - 1) + at(middle)) / 2;
}

function runProcess(
  script: string,
  args: string[],
  onLine?: (line: string) => void,
): { done: Promise<string[]>; stdin: NodeJS.WritableStream } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, script), ...args], {
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    onLine?.(line);
  });
  const done = new Promise<string[]>((resolve, reject) =>
    child.on('close', (code) =>
      code === 0 ? resolve(lines) : reject(new Error(`${script} ${args[0] ?? ''} exited ${code}:\n${lines.join('\n')}`)),
    ),
  );
  return { done, stdin: child.stdin };
}

interface SideResult {
  timesMs: number[];
  peakRssMb?: number;
  detail: string;
}

async function runSide(side: 'framework' | 'baseline', csv: string, parquet: string, endpoint = ''): Promise<SideResult> {
  const lines = await runProcess('side.ts', [side, csv, parquet, String(ITERATIONS), endpoint]).done;
  return JSON.parse(lines.at(-1) ?? 'null') as SideResult;
}

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-bench-'));
if (ONLY === 'io-bound') {
  try {
    process.stdout.write(`${formatIoBound(await measureIoBound(directory)).join('\n')}\n`);
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
} else
  try {
    process.stdout.write(`Generating 1,000,000-row source (CSV) and target (Parquet) in ${directory}…\n`);
    const data = await generateReconcileData(directory);
    process.stdout.write(
      `  source ${(fs.statSync(data.csv).size / 1e6).toFixed(1)} MB, target ${(fs.statSync(data.parquet).size / 1e6).toFixed(1)} MB; expected ${JSON.stringify(data.expected)}\n`,
    );
    const baseline = await runSide('baseline', data.csv, data.parquet);
    let resolveEndpoint: (endpoint: string) => void = () => undefined;
    const endpointReady = new Promise<string>((resolve) => (resolveEndpoint = resolve));
    const sandboxProcess = runProcess('sandbox-process.ts', [], (line) => {
      const message = JSON.parse(line) as { endpoint?: string };
      if (message.endpoint) resolveEndpoint(message.endpoint);
    });
    const framework = await runSide('framework', data.csv, data.parquet, await endpointReady);
    sandboxProcess.stdin.end();
    const sandboxLines = await sandboxProcess.done;
    const sandboxRssMb = (JSON.parse(sandboxLines.at(-1) ?? 'null') as { peakRssMb: number }).peakRssMb;
    const frameworkMedian = median(framework.timesMs);
    const baselineMedian = median(baseline.timesMs);
    const ratio = frameworkMedian / baselineMedian;
    const lines = [
      '',
      `reconcile 1,000,000 × 1,000,000 rows, 0.1 % differing, ${ITERATIONS} iterations each`,
      `  framework (reconcile step → sandbox Athena on DuckDB): median ${frameworkMedian.toFixed(0)} ms  [${framework.timesMs.map((t) => t.toFixed(0)).join(', ')}]`,
      `  baseline  (hand-written DuckDB query):                   median ${baselineMedian.toFixed(0)} ms  [${baseline.timesMs.map((t) => t.toFixed(0)).join(', ')}]`,
      `  ratio framework / baseline: ${ratio.toFixed(2)} (limit ${MAX_RATIO.toFixed(1)})`,
      `  framework peak RSS: ${framework.peakRssMb?.toFixed(0)} MB (limit ${MAX_RSS_MB} MB); sandbox process (S3, Athena on DuckDB): ${sandboxRssMb.toFixed(0)} MB; baseline process: ${baseline.peakRssMb?.toFixed(0)} MB`,
      `  framework found: ${framework.detail}`,
      `  baseline found:  ${baseline.detail}`,
    ];
    const coldStart = await measureColdStart(ITERATIONS);
    const sandboxStart = median(coldStart.sandboxMs);
    const bareStart = median(coldStart.bareMs);
    lines.push(
      '',
      `sandbox cold start (process start → sample data lake deployed and served), ${ITERATIONS} runs`,
      `  postflight sandbox: median ${sandboxStart.toFixed(0)} ms  [${coldStart.sandboxMs.map((t) => t.toFixed(0)).join(', ')}]`,
      `  baseline (node with the TypeScript loader, doing nothing): median ${bareStart.toFixed(0)} ms`,
      `  ratio: ${(sandboxStart / bareStart).toFixed(2)}`,
    );
    const delivery = await measureEventDelivery(Math.max(ITERATIONS, 10));
    const chain = median(delivery.chainMs);
    const direct = median(delivery.directMs);
    lines.push(
      '',
      `event delivery, PutObject → state machine start (S3 → EventBridge → SQS → Lambda → StartExecution), ${delivery.chainMs.length} runs`,
      `  through the wiring (warm router): median ${chain.toFixed(0)} ms  [${delivery.chainMs.map((t) => t.toFixed(0)).join(', ')}]; first (cold router): ${delivery.coldMs.toFixed(0)} ms`,
      `  baseline (the client's own StartExecution): median ${direct.toFixed(0)} ms  [${delivery.directMs.map((t) => t.toFixed(0)).join(', ')}]`,
      `  ratio: ${(chain / Math.max(direct, 1)).toFixed(1)}`,
    );
    const warmRuns = 10 * ITERATIONS;
    const invokes = await measureLambdaInvokes(ITERATIONS, warmRuns);
    const node = { cold: median(invokes.node.coldMs), warm: median(invokes.node.warmMs) };
    lines.push('', `Lambda invoke latency (SDK → sandbox → worker → answer), echo function: ${ITERATIONS} cold, ${warmRuns} warm each`);
    for (const [kind, latency] of Object.entries(invokes)) {
      const cold = median(latency.coldMs);
      const warm = median(latency.warmMs);
      lines.push(
        `  ${kind.padEnd(18)} cold median ${cold.toFixed(0).padStart(4)} ms (×${(cold / node.cold).toFixed(2)} Node)   warm median ${warm.toFixed(1).padStart(5)} ms (×${(warm / node.warm).toFixed(2)} Node)`,
      );
    }
    lines.push('', ...formatIoBound(await measureIoBound(directory)));
    process.stdout.write(`${lines.join('\n')}\n`);
    process.exitCode = ratio <= MAX_RATIO && (framework.peakRssMb ?? 0) < MAX_RSS_MB ? 0 : 1;
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
