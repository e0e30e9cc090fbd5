import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, runPostflight, temporaryDirectory } from '../helpers/postflight-cli';

const ENVIRONMENT = 'test/environments/recorded-resources.yml';
const SUMMARY =
  /13 resources recorded, not emulated \(nothing acts on them\): AWS::CloudWatch::Alarm, .*AWS::KMS::Key, .*AWS::Scheduler::ScheduleGroup/;

/** A stack whose resources are mostly recorded, not emulated: what a user is told, never silently. */
describe('resources recorded, not emulated, as the commands show them', () => {
  it('postflight sandbox marks each one and sums them up', async () => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/postflight.js'), 'sandbox', '--env', ENVIRONMENT, '--port', '0'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const deadline = Date.now() + 120_000;
      while (!output.includes('Serving until interrupted') && Date.now() < deadline && child.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.match(output, /AWS::KMS::Key +KmsKey +\S+ +\(recorded, not emulated\)/, output);
      assert.match(output, /AWS::CloudWatch::Alarm +RoutingAlarm +\S+ +\(recorded, not emulated\)/);
      assert.match(output, /AWS::S3::Bucket +RawBucket +\S+\n/, 'the emulated bucket carries no note');
      assert.match(output, SUMMARY);
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0, output);
  });

  it('postflight run says so in its header', async () => {
    const reports = temporaryDirectory('recorded-run');
    try {
      const run = await runPostflight(['run', '--env', ENVIRONMENT, '--reports-dir', reports, 'test/features/guards/secrets.feature']);
      const header = run.stdout.split('\n\n')[0] ?? '';
      assert.match(header, new RegExp(`\\n  sandbox: +${SUMMARY.source}`), run.stdout + run.stderr);
    } finally {
      fs.rmSync(reports, { recursive: true, force: true });
    }
  });
});
