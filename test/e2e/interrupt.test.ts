import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ListBucketsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { ListExecutionsCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { Sandbox } from '../../sandbox/sandbox';
import {
  localRunArguments,
  PROJECT_ROOT,
  postflightEnvironment,
  runPostflight,
  sampleLakeSandbox,
  temporaryDirectory,
} from '../helpers/postflight-cli';

/**
 * Ctrl-C and SIGTERM in the middle of a run against a long-lived sandbox (`--sandbox-endpoint`, as
 * on AWS: what the run leaves behind stays). test/features/interrupt: every scenario writes objects,
 * starts a state machine that derives outputs from them, then waits for an object that never comes.
 */
const FEATURE = 'test/features/interrupt';
const SEED_KEY = 'reference/securities/securities.csv';

describe('an interrupted run', () => {
  let sandbox: Sandbox;
  let s3: S3Client;
  let sfn: SFNClient;
  let objectsBefore: string[];

  async function allObjects(endpoint = sandbox.endpoint): Promise<string[]> {
    const client = endpoint === sandbox.endpoint ? s3 : new S3Client({ ...sandbox.clientConfig(), endpoint });
    const found: string[] = [];
    for (const bucket of (await client.send(new ListBucketsCommand({}))).Buckets ?? []) {
      for (const object of (await client.send(new ListObjectsV2Command({ Bucket: bucket.Name }))).Contents ?? [])
        if (!object.Key?.endsWith(SEED_KEY)) found.push(`${bucket.Name}/${object.Key}`);
    }
    if (client !== s3) client.destroy();
    return found.sort();
  }

  async function runningExecutions(): Promise<string[]> {
    const names: string[] = [];
    for (const machine of (await sfn.send(new ListStateMachinesCommand({}))).stateMachines ?? []) {
      const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine.stateMachineArn, statusFilter: 'RUNNING' }));
      names.push(...(page.executions ?? []).map((execution) => execution.name ?? ''));
    }
    return names;
  }

  /**
   * Starts `postflight run` and resolves once `scenarios` scenarios are waiting in their last step:
   * against the test's sandbox, or (own) one the run starts itself, in the temporary folder `own.tmpdir`.
   */
  async function startRunUntilWaiting(reportsDirectory: string, scenarios: number, extra: string[] = [], own?: { tmpdir: string }) {
    const args = own
      ? ['run', '--env', 'local', '--reports-dir', reportsDirectory, '--profile', 'selftest', FEATURE]
      : localRunArguments(sandbox.endpoint, reportsDirectory, '--profile', 'selftest', ...extra, FEATURE);
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/postflight.js'), ...args], {
      cwd: PROJECT_ROOT,
      env: postflightEnvironment(own ? { TMPDIR: own.tmpdir } : {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = { stdout: '', stderr: '' };
    child.stdout.on('data', (chunk) => (output.stdout += chunk));
    child.stderr.on('data', (chunk) => (output.stderr += chunk));
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      child.on('close', (code) => resolve({ code, at: Date.now() })),
    );
    const deadline = Date.now() + 120_000;
    let runId: string | undefined;
    for (;;) {
      assert.ok(Date.now() < deadline, `the run did not reach its waiting step in time:\n${output.stdout}\n${output.stderr}`);
      runId ??= /postflight run (pf-\S+)/.exec(output.stdout)?.[1];
      const endpoint = own ? /local sandbox at (http:\/\/127\.0\.0\.1:\d+)/.exec(output.stdout)?.[1] : sandbox.endpoint;
      // The curated output of a scenario's execution exists: it succeeded, the scenario now waits.
      if (
        runId &&
        endpoint &&
        (await allObjects(endpoint)).filter((key) => key.includes('curated') && key.includes(runId!)).length >= scenarios
      )
        break;
      await sleep(100);
    }
    return { child, output, exited, runId: runId! };
  }

  /** Processes whose command line names `text` (Linux: /proc), e.g. an Allure generation left running. */
  function processesNaming(text: string): string[] {
    return fs.readdirSync('/proc').flatMap((entry) => {
      if (!/^\d+$/.test(entry) || Number(entry) === process.pid) return [];
      try {
        const commandLine = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
        return commandLine.includes(text) ? [`${entry}: ${commandLine}`] : [];
      } catch {
        return [];
      }
    });
  }

  function assertWholeReports(reportsDirectory: string, signal: string, cutShort: number) {
    const record = JSON.parse(fs.readFileSync(path.join(reportsDirectory, 'run.json'), 'utf8'));
    assert.equal(record.interruption.signal, signal);
    assert.equal(record.results.filter((result: { interrupted?: string }) => result.interrupted === 'cut short').length, cutShort);
    assert.equal(record.results.length, 4, 'every selected scenario has a result');
    const signoff = JSON.parse(fs.readFileSync(path.join(reportsDirectory, 'signoff/signoff.json'), 'utf8'));
    assert.equal(signoff.verdict, 'NO-GO');
    assert.match(signoff.headline, /INTERRUPTED/);
    assert.match(fs.readFileSync(path.join(reportsDirectory, 'signoff/signoff.md'), 'utf8'), /run \*\*INTERRUPTED\*\*/);
    assert.match(fs.readFileSync(path.join(reportsDirectory, 'signoff/index.html'), 'utf8'), /data-testid="interrupted">INTERRUPTED</);
    assert.match(fs.readFileSync(path.join(reportsDirectory, 'junit.xml'), 'utf8'), /<testsuite [^>]*tests="4"[\s\S]*<\/testsuite>\s*$/);
    assert.ok(fs.statSync(path.join(reportsDirectory, 'allure-report/index.html')).size > 0);
    // Nothing half-done beside the reports: no staging folder, no lock.
    assert.deepEqual(
      fs.readdirSync(path.dirname(reportsDirectory)).filter((entry) => entry !== path.basename(reportsDirectory)),
      [],
    );
  }

  before(async () => {
    sandbox = await sampleLakeSandbox();
    s3 = new S3Client(sandbox.clientConfig());
    sfn = new SFNClient(sandbox.clientConfig());
    objectsBefore = await allObjects();
  });
  after(async () => {
    s3.destroy();
    sfn.destroy();
    await sandbox.stop();
  });

  it('Ctrl-C: the running scenario stops and cleans up, the others do not start, the reports say INTERRUPTED, exit 130', async () => {
    const reportsDirectory = path.join(temporaryDirectory('interrupt-int'), 'reports');
    const run = await startRunUntilWaiting(reportsDirectory, 1);
    assert.ok(
      (await allObjects()).some((key) => key.includes('landing') && key.includes(`interrupt/${run.runId}`)),
      'the scenario wrote its objects',
    );

    // Meanwhile a second run on the same reports directory is refused, naming the first.
    const second = await runPostflight(localRunArguments(sandbox.endpoint, reportsDirectory, 'features/process/validate-function.feature'));
    assert.equal(second.code, 2);
    assert.match(
      second.stderr,
      new RegExp(`Another postflight run is writing .*run ${run.runId} \\(process ${run.child.pid},.*--reports-dir`, 's'),
    );

    const signalledAt = Date.now();
    run.child.kill('SIGINT');
    const { code, at } = await run.exited;
    process.stdout.write(`# SIGINT to exit: ${at - signalledAt} ms\n`);
    assert.equal(code, 130, run.output.stdout + run.output.stderr);
    assert.match(
      run.output.stderr,
      /Interrupted \(SIGINT\): the running scenarios stop and clean up.*\nPress Ctrl-C again to stop at once without cleaning up/,
    );
    assert.match(run.output.stdout, /STOPPED +A run stopped mid-scenario › The first scenario waits for what never comes/);
    assert.match(run.output.stdout, /3 scenario\(s\) not run: the run was interrupted/);
    assert.match(run.output.stdout, /Quality gate \(quality-gate\.yml\): NO-GO\n\s+✘ The run completed/);

    assert.deepEqual(await allObjects(), objectsBefore, 'no object the run wrote is left');
    assert.deepEqual(await runningExecutions(), []);
    assertWholeReports(reportsDirectory, 'SIGINT', 1);
  });

  it('SIGTERM with --parallel 2: both running scenarios stop and clean up, exit 143', async () => {
    const reportsDirectory = path.join(temporaryDirectory('interrupt-term'), 'reports');
    const run = await startRunUntilWaiting(reportsDirectory, 2, ['--parallel', '2']);
    const signalledAt = Date.now();
    run.child.kill('SIGTERM');
    const { code, at } = await run.exited;
    process.stdout.write(`# SIGTERM (--parallel 2) to exit: ${at - signalledAt} ms\n`);
    assert.equal(code, 143, run.output.stdout + run.output.stderr);
    assert.match(run.output.stderr, /Interrupted \(SIGTERM\)/);
    assert.deepEqual(await allObjects(), objectsBefore, 'no object the run wrote is left');
    assert.deepEqual(await runningExecutions(), []);
    assertWholeReports(reportsDirectory, 'SIGTERM', 2);
  });

  it('a second Ctrl-C stops at once without cleaning up, says so, and leaves the previous reports untouched', async () => {
    const reportsDirectory = path.join(temporaryDirectory('interrupt-twice'), 'reports');
    fs.mkdirSync(reportsDirectory, { recursive: true });
    fs.writeFileSync(path.join(reportsDirectory, 'run.json'), '{"previous": true}\n');
    fs.writeFileSync(path.join(reportsDirectory, 'junit.xml'), '<testsuite name="previous"/>\n');
    const run = await startRunUntilWaiting(reportsDirectory, 1);
    // A slow S3 keeps the first signal's cleanup busy, so the second one surely arrives while it runs.
    const slowDeletes = await fetch(`${sandbox.endpoint}/_postflight/faults`, {
      method: 'POST',
      body: JSON.stringify({ service: 's3', operation: 'DeleteObjects', latencyMs: 5_000, times: 20 }),
    });
    assert.equal(slowDeletes.status, 200);
    run.child.kill('SIGINT');
    await sleep(1_200); // more than the window in which a repeated signal counts as the same one
    run.child.kill('SIGINT');
    const { code } = await run.exited;
    await fetch(`${sandbox.endpoint}/_postflight/faults`, { method: 'DELETE' });
    assert.equal(code, 130, run.output.stdout + run.output.stderr);
    assert.match(
      run.output.stderr,
      new RegExp(
        `SIGINT again: stopping now, without cleaning up\\. The previous reports are left as they were\\.\\n.*postflight cleanup --env local --run-id ${run.runId}`,
      ),
    );
    assert.deepEqual(fs.readdirSync(reportsDirectory).sort(), ['junit.xml', 'run.json']);
    assert.equal(fs.readFileSync(path.join(reportsDirectory, 'run.json'), 'utf8'), '{"previous": true}\n');
    assert.deepEqual(fs.readdirSync(path.dirname(reportsDirectory)), ['reports'], 'no staging folder, no lock');
    assert.deepEqual(processesNaming(path.dirname(reportsDirectory)), [], 'no process of the run left running');

    // What it may have left is removed by the command it names.
    const cleanup = await runPostflight(['cleanup', '--env', 'local', '--sandbox-endpoint', sandbox.endpoint, '--run-id', run.runId]);
    assert.equal(cleanup.code, 0, cleanup.stdout + cleanup.stderr);
    for (let attempt = 0; attempt < 50 && (await runningExecutions()).length; attempt += 1) await sleep(100);
    assert.deepEqual(await allObjects(), objectsBefore);
  });

  it('Ctrl-C twice on a run with a sandbox of its own leaves none of the sandbox’s files behind', async () => {
    const tmpdir = temporaryDirectory('own-sandbox-tmp');
    const reportsParent = temporaryDirectory('own-sandbox');
    const run = await startRunUntilWaiting(path.join(reportsParent, 'reports'), 1, [], { tmpdir });
    assert.ok(
      fs.readdirSync(tmpdir).some((entry) => entry.startsWith('postflight-sandbox-')),
      'the sandbox keeps its files there',
    );
    run.child.kill('SIGINT');
    await sleep(1_200);
    run.child.kill('SIGINT');
    const { code } = await run.exited;
    assert.equal(code, 130, run.output.stdout + run.output.stderr);
    assert.deepEqual(
      fs.readdirSync(tmpdir).filter((entry) => entry.startsWith('postflight-')),
      [],
    );
    assert.deepEqual(processesNaming(reportsParent), [], 'no process of the run left running');
  });
});
