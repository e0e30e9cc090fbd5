import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Sandbox } from '../../sandbox/sandbox';
import { readScenarioResults, runOnSandbox, sampleLakeSandbox, temporaryDirectory, type CliResult } from '../helpers/postflight-cli';

/** The framework's own housekeeping never decides a scenario's verdict. */
describe('postflight run: a cleanup that cannot delete', () => {
  let sandbox: Sandbox;
  let reports: string;
  let run: CliResult;

  before(async () => {
    sandbox = await sampleLakeSandbox();
    // Every deletion fails, retries included.
    sandbox.faults.add({ service: 's3', operation: 'DeleteObjects', error: 'InternalError', times: 1000 });
    reports = temporaryDirectory('housekeeping');
    run = await runOnSandbox(sandbox, reports, ['features/process/validate-function.feature']);
  });
  after(async () => {
    await sandbox.stop();
  });

  it('leaves the verdict to the scenarios: they pass, the gate passes', () => {
    const results = readScenarioResults(reports);
    assert.deepEqual(
      results.filter((result) => result.status !== 'PASSED').map((result) => `${result.name}: ${result.message}`),
      [],
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
  });

  it('says what it could not remove, and how to remove it later', () => {
    assert.match(run.stderr, /cleanup after "A valid file is reported VALID with its row count" could not remove 1 thing\(s\) it wrote/);
    assert.match(run.stderr, /s3:\/\/\S+\/positions\/date=\S+\.csv: .*InternalError/);
    assert.match(run.stderr, /Remove them later with: npx postflight cleanup --env local --run-id pf-\d{8}-\d{6}-[0-9a-f]{4}/);
  });
});
