import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT, runPostflight, temporaryDirectory } from '../helpers/postflight-cli';

describe('the postflight command', () => {
  it('lists the scenarios a run would execute, executing nothing', async () => {
    const listed = await runPostflight(['list', '--env', 'local', 'features/process']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /features\/process\/ingest-happy-path\.feature\n\s+A valid file is curated\s+@epic:process/);
    assert.match(listed.stdout, /\d+ scenario\(s\) would run against "local" with tags: not @wip and not @aws-only/);
  });

  it('prints the step vocabulary, filtered by a word', async () => {
    const steps = await runPostflight(['steps', 'retried']);
    assert.equal(steps.code, 0);
    assert.match(
      steps.stdout,
      /Then the state \{string\} was retried \{int\} time\(s\)\n\s+Then the state "Transform" was retried 2 times/,
    );
  });

  it('refuses to start on an unknown environment: exit 2, with the known ones', async () => {
    const run = await runPostflight(['run', '--env', 'staging']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Unknown environment "staging".*Known environments: .*local/s);
  });

  it('refuses an invalid environment file: exit 2, naming the file and the field', async () => {
    const directory = temporaryDirectory('bad-env');
    const file = path.join(directory, 'broken.yml');
    fs.writeFileSync(file, 'name: broken\naccount: 12345\nregion: us-east-1\nresources: {}\n');
    const run = await runPostflight(['run', '--env', file]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /broken\.yml is not a valid environment file:\n\s+- account: /);
  });

  it('refuses a tag expression that selects nothing: exit 2, nothing run', async () => {
    const run = await runPostflight(['run', '--env', 'local', '--tags', '@no-such-tag']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /No scenario matches .*tags: @no-such-tag/);
  });

  it('rebuilds the reports of the last run, or says there is none (exit 2)', async () => {
    const report = await runPostflight(['report', '--reports-dir', temporaryDirectory('no-run')]);
    assert.equal(report.code, 2);
    assert.match(report.stderr, /run\.json/);
  });

  it('resolves feature paths from the current folder, and says when one matches nothing', async () => {
    const features = path.join(PROJECT_ROOT, 'features');
    const fromFeatures = await runPostflight(['list', '--env', 'local', 'process'], { cwd: features });
    assert.equal(fromFeatures.code, 0, fromFeatures.stderr);
    assert.match(fromFeatures.stdout, /features\/process\/ingest-happy-path\.feature\n\s+A valid file is curated/);
    assert.doesNotMatch(fromFeatures.stdout, /features\/data\//);

    const rootRelative = await runPostflight(['list', '--env', 'local', 'features/process'], { cwd: features });
    assert.equal(rootRelative.code, 2);
    assert.match(
      rootRelative.stderr,
      /The feature path features\/process matches nothing: .*features\/features\/process does not exist\. Feature paths are relative to the current folder \(.*features\)\. From here, the project's features\/process is process\./,
    );
  });

  it('reads every duration form in steps: `within 90s` is a defined step', async () => {
    const directory = temporaryDirectory('durations');
    try {
      const file = path.join(directory, 'durations.feature');
      fs.writeFileSync(
        file,
        [
          'Feature: durations as people write them',
          '  Scenario: short and compound forms',
          '    When the state machine "ingest-positions" is started',
          '    Then the execution succeeds within 90s',
          '    And the execution fails within 2 min with error "X"',
          '    And the execution succeeds within 1h30m',
          '    And the execution succeeds within 1 hour and 30 minutes',
          '    And an object exists at "s3://landing/x.csv" within 500ms',
          '    And the newest "as_of_date" of "curated.positions" is at most 1.5 hours old',
          '',
        ].join('\n'),
      );
      const listed = await runPostflight(['list', '--env', 'local', file]);
      assert.equal(listed.code, 0, listed.stderr);
      assert.match(listed.stdout, /short and compound forms/);
      assert.doesNotMatch(listed.stdout, /undefined step/);
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });

  it('documents the duration forms in `postflight steps`', async () => {
    const steps = await runPostflight(['steps', 'within']);
    assert.equal(steps.code, 0);
    assert.match(
      steps.stdout,
      /Durations \(\{duration\}\): 500ms, 500 milliseconds, 90s, 90 seconds, 2m, 2 min, 2 minutes, 1h30m, 1\.5 hours/,
    );
  });

  it('--parallel beyond the suite: warned, and no more workers than scenarios', async () => {
    const reports = temporaryDirectory('parallel');
    try {
      const run = await runPostflight([
        'run',
        '--env',
        'local',
        '--parallel',
        '100',
        '--reports-dir',
        reports,
        'features/process/ingest-happy-path.feature:28',
      ]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stderr, /warning: --parallel 100: only 1 scenario\(s\) are selected, so 1 worker\(s\) will run them\./);
      const record = JSON.parse(fs.readFileSync(path.join(reports, 'run.json'), 'utf8')) as { scope: { parallel?: number } };
      assert.equal(record.scope.parallel, 1);
    } finally {
      fs.rmSync(reports, { recursive: true, force: true });
    }
  });
});

/**
 * `npx postflight sandbox` runs npm → sh → node; SIGTERM to npx ends npm but never reaches node
 * (TOOLCHAIN.md). The sandbox must notice its launcher is gone and shut down, freeing its port.
 */
describe('a sandbox whose launcher is gone', () => {
  // npx's own cache in a folder of this test, so that it neither reads nor writes the user's.
  const npmCache = fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-npx-cache-'));
  after(() => {
    for (const pid of processesMentioning(npmCache)) process.kill(pid, 'SIGKILL');
    fs.rmSync(npmCache, { recursive: true, force: true });
  });

  it('shuts down when SIGTERM ends npx', async () => {
    const npx = spawn('npx', ['--offline', 'postflight', 'sandbox', '--port', '0'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NODE_OPTIONS: '', npm_config_cache: npmCache, npm_config_update_notifier: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npx.stdout.on('data', (chunk) => (output += chunk));
    npx.stderr.on('data', (chunk) => (output += chunk));
    // The pipes close when the last process holding them — the sandbox, not npx — exits.
    const pipesClosed = new Promise<void>((resolve) => npx.stdout.on('close', resolve));
    const endpoint = await waitFor(
      () => /endpoint: (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1],
      120_000,
      () => output,
    );
    assert.equal(await answers(endpoint), true, 'the sandbox serves before the signal');
    const orphans = processesMentioning(npmCache).filter((pid) => pid !== npx.pid);
    assert.ok(orphans.length > 0, 'the sandbox runs in a process of its own, under npx');

    npx.kill('SIGTERM');
    await waitFor(
      async () => ((await answers(endpoint)) ? undefined : true),
      15_000,
      () => output,
    );
    await waitFor(
      () => (processesMentioning(npmCache).length === 0 ? true : undefined),
      15_000,
      () => output,
    );
    await pipesClosed;
    assert.match(output, /the process that launched it \(pid \d+\) is gone; stopping as on SIGTERM/);
    assert.match(output, /Stopping the sandbox \(SIGTERM\)/);
  });
});

/** Processes whose command line mentions this text (Linux /proc). */
function processesMentioning(text: string): number[] {
  if (!fs.existsSync('/proc')) return [];
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function answers(endpoint: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(`${endpoint}/_postflight/health`, { timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, context: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms; output so far:\n${context()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
