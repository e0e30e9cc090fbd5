import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Envelope } from '@cucumber/messages';
import { RunResults } from '../../runner/cucumber/run-results';
import type { ScenarioResult } from '../../model/scenario-result';
import { Sandbox } from '../../sandbox/sandbox';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Every temporary folder a test asks for lives under one folder of this test process, removed when
 * the process exits: tests leave nothing in the system's temporary folder.
 */
let testRoot: string | undefined;

function testRootFolder(): string {
  if (!testRoot) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-test-'));
    process.once('exit', () => fs.rmSync(root, { recursive: true, force: true }));
    testRoot = root;
  }
  return testRoot;
}

export function temporaryDirectory(prefix: string): string {
  return fs.mkdtempSync(path.join(testRootFolder(), `${prefix}-`));
}

/**
 * The environment `postflight` runs in under test: the test's own Allure history (never the
 * project's .postflight/allure-history.jsonl), unless a test names one.
 */
export function postflightEnvironment(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, NODE_OPTIONS: '', POSTFLIGHT_ALLURE_HISTORY: path.join(testRootFolder(), 'allure-history.jsonl'), ...overrides };
}

/** `postflight run` against a running local sandbox of the sample lake, writing its reports where the test says. */
export function localRunArguments(sandboxEndpoint: string, reportsDirectory: string, ...rest: string[]): string[] {
  return ['run', '--env', 'local', '--sandbox-endpoint', sandboxEndpoint, '--reports-dir', reportsDirectory, ...rest];
}

/** Runs the real `postflight` command (bin/postflight.js) in a child process, as a user would. */
export function runPostflight(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/postflight.js'), ...args], {
      cwd: options.cwd ?? PROJECT_ROOT,
      env: postflightEnvironment(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`postflight ${args.join(' ')} did not finish in time.\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 240_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `postflight run --env local` against a sandbox that outlives the run, reports in `reportsDirectory`. */
export function runOnSandbox(sandbox: Sandbox, reportsDirectory: string, args: string[] = []): Promise<CliResult> {
  return runPostflight(['run', '--env', 'local', '--sandbox-endpoint', sandbox.endpoint, '--reports-dir', reportsDirectory, ...args]);
}

/** A failure message carries each fragment: a text it contains, or a pattern it matches. */
export function assertMessageCarries(scenario: string, message: string | undefined, fragments: ReadonlyArray<string | RegExp>): void {
  for (const fragment of fragments) {
    if (typeof fragment === 'string')
      assert.ok(message?.includes(fragment), `message of "${scenario}" lacks ${JSON.stringify(fragment)}:\n${message}`);
    else assert.match(message ?? '', fragment, `message of "${scenario}"`);
  }
}

/** One result per scenario, folded from the run's cucumber messages by the same code the run uses. */
export function readScenarioResults(reportsDirectory: string): ScenarioResult[] {
  const results = new RunResults();
  const ndjson = fs.readFileSync(path.join(reportsDirectory, 'cucumber.ndjson'), 'utf8');
  for (const line of ndjson.split('\n')) if (line.trim()) results.handle(JSON.parse(line) as Envelope);
  return results.results;
}

/** A sandbox with the sample data lake deployed, as `postflight sandbox --env local` serves it (environments/local.yml). */
export async function sampleLakeSandbox(): Promise<Sandbox> {
  const sandbox = await Sandbox.start({
    region: 'us-east-1',
    timeScale: 0.05,
    stepFunctions: { mockConfigFile: path.join(PROJECT_ROOT, 'fixtures/mocks/MockConfigFile.json') },
  });
  await sandbox.deploy({
    name: 'datalake',
    templateFile: path.join(PROJECT_ROOT, 'sample-datalake/template.yaml'),
    parameters: { EnvName: 'local', RoutingVisibilityTimeout: '5' },
  });
  return sandbox;
}

export function byName(results: ScenarioResult[]): Map<string, ScenarioResult> {
  return new Map(results.map((result) => [result.name, result]));
}
