import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Sandbox } from '../../sandbox/sandbox';
import { byName, readScenarioResults, runPostflight, sampleLakeSandbox, temporaryDirectory } from '../helpers/postflight-cli';

describe('guards', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await sampleLakeSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });

  it('stops a run whose credentials belong to another account: exit 2, nothing run', async () => {
    const reports = temporaryDirectory('wrong-account');
    const run = await runPostflight(['run', '--env', 'test/environments/wrong-account.yml', '--reports-dir', reports]);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(
      run.stderr,
      /Account guard: environment "wrong-account" .* is account 111111111111, but the credentials in use belong to account 000000000000/,
    );
    assert.doesNotMatch(run.stdout, /PASSED|FAILED/);
    assert.equal(fs.existsSync(path.join(reports, 'cucumber.ndjson')), false, 'no scenario was started');
  });

  it('refuses a protected environment without --confirm: exit 2, nothing run', async () => {
    const reports = temporaryDirectory('unconfirmed');
    const run = await runPostflight([
      'run',
      '--env',
      'test/environments/protected.yml',
      '--profile',
      'selftest',
      '--reports-dir',
      reports,
      'test/features/guards/protected.feature',
    ]);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /is protected .* need --confirm sandbox-prod/);
    assert.equal(fs.existsSync(path.join(reports, 'cucumber.ndjson')), false);
  });

  it('runs only @prod-safe scenarios on a protected environment, refusing writes outside its prefixes', async () => {
    const reports = temporaryDirectory('protected');
    const run = await runPostflight([
      'run',
      '--env',
      'test/environments/protected.yml',
      '--confirm',
      'sandbox-prod',
      '--sandbox-endpoint',
      sandbox.endpoint,
      '--profile',
      'selftest',
      '--reports-dir',
      reports,
      'test/features/guards/protected.feature',
    ]);
    const results = byName(readScenarioResults(reports));
    assert.deepEqual([...results.keys()].sort(), [
      'A read-only check runs',
      'A write anywhere else is refused',
      'A write under a writable prefix is allowed',
    ]);
    assert.equal(results.get('A read-only check runs')?.status, 'PASSED');
    assert.equal(
      results.get('A write under a writable prefix is allowed')?.status,
      'PASSED',
      results.get('A write under a writable prefix is allowed')?.message,
    );
    const refused = results.get('A write anywhere else is refused');
    assert.equal(refused?.status, 'FAILED');
    assert.match(
      refused?.message ?? '',
      /Refused to write s3:\/\/datalake-landingbucket-[0-9a-f]+\/positions\/.*: environment "sandbox-prod" is protected and allows writes only under s3:\/\/landing\/postflight\//,
    );
    assert.match(run.stdout, /scenarios:\s+3 \(tags: \(@selftest\) and @prod-safe\)/);
    assert.equal(run.code, 1);
  });

  it('assumes the configured role: the run acts as the role session named after the run', async () => {
    const run = await runPostflight([
      'run',
      '--env',
      'test/environments/assumed-role.yml',
      '--sandbox-endpoint',
      sandbox.endpoint,
      '--profile',
      'selftest',
      '--reports-dir',
      temporaryDirectory('assumed-role'),
      'test/features/guards/protected.feature',
      '--tags',
      '@prod-safe and not @selftest-none',
    ]);
    const runId = /postflight run (pf-\S+)/.exec(run.stdout)?.[1];
    assert.ok(runId, run.stdout + run.stderr);
    assert.match(run.stdout, new RegExp(`acting as:\\s+arn:aws:sts::000000000000:assumed-role/postflight-test-runner/postflight-${runId}`));
  });

  it('keeps credentials and secret variables out of everything under reports/', async () => {
    const secret = 'tok-7f3a9c2e5b1d8f604e2a';
    const reports = temporaryDirectory('secrets');
    const run = await runPostflight(
      [
        'run',
        '--env',
        'test/environments/assumed-role.yml',
        '--sandbox-endpoint',
        sandbox.endpoint,
        '--profile',
        'selftest',
        '--reports-dir',
        reports,
        'test/features/guards/secrets.feature',
      ],
      { env: { PF_TEST_API_TOKEN: secret } },
    );
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const results = readScenarioResults(reports);
    assert.equal(results.length, 1);
    const [result] = results;
    assert.ok(result, 'the scenario has a result');
    assert.equal(result.status, 'FAILED');
    assert.match(result.message ?? '', /failed while holding \*\*\*\*, (ASIA\w{4})?\*\*\*\*, \*\*\*\* and \*\*\*\*/);
    const files = fs.readdirSync(reports, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    assert.ok(files.length > 10, 'the reports were written');
    const leaks: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(file.parentPath, file.name), 'latin1');
      if (text.includes(secret)) leaks.push(`${file.name}: the secret variable`);
      if (/ASIA[A-Z0-9]{16}/.test(text)) leaks.push(`${file.name}: an access key id`);
    }
    assert.deepEqual(leaks, []);
    assert.doesNotMatch(run.stdout + run.stderr, new RegExp(secret));
  });
});
