import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { Sandbox } from '../../sandbox/sandbox';
import type { ScenarioResult } from '../../model/scenario-result';
import { categorizeFailure } from '../../runner/reports/failure-category';
import { unknownNameError } from '../../support/environment/physical-names';
import {
  assertMessageCarries,
  byName,
  readScenarioResults,
  runOnSandbox,
  sampleLakeSandbox,
  temporaryDirectory,
} from '../helpers/postflight-cli';
import { LocalRun } from '../helpers/scenario-worlds';

const BUCKETS = '(its buckets: landing, curated, quarantine, athena-results), and no bucket of that name exists in S3 either';
const DATABASES = '(its databases: curated, reference), and no database of that name exists in the Glue Data Catalog either';

/** Each scenario of test/features/names/unknown-names.feature: what its message must say. */
const EXPECTATIONS: Record<string, Array<string | RegExp>> = {
  'A file uploaded to a bucket the environment does not know': [
    /^"raw" \(in s3:\/\/raw\/positions\/pf-\S+\.csv\) is not a bucket of environment "local" /,
    BUCKETS,
    /map "raw" under resources\.buckets in \S+environments\/local\.yml/,
    /the step failed with: .*bucket does not exist/,
  ],
  'No object in a bucket that does not exist is no pass': ['"raw" (in s3://raw/positions/', BUCKETS],
  'A placeholder naming a bucket the environment does not know': [/^"raw" is not a bucket of environment "local"/, BUCKETS],
  'A query on a database the environment does not know': [/^"staging" is not a database of environment "local"/, DATABASES],
  'A check on a table of a database the environment does not know': [
    /^"staging" \(in staging\.positions\) is not a database of environment "local"/,
    DATABASES,
    'map "staging" under resources.athena.databases',
  ],
};

describe('postflight run: names that are neither logical nor existing physical names', () => {
  let sandbox: Sandbox;
  let results: Map<string, ScenarioResult>;

  before(async () => {
    sandbox = await sampleLakeSandbox();
    const reports = temporaryDirectory('unknown-names');
    const run = await runOnSandbox(sandbox, reports, ['test/features/names/unknown-names.feature']);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    // Nothing was written to a bucket that does not exist: nothing for cleanup to complain about.
    assert.doesNotMatch(run.stderr, /could not remove/);
    results = byName(readScenarioResults(reports));
  });
  after(async () => {
    await sandbox.stop();
  });

  for (const [name, fragments] of Object.entries(EXPECTATIONS)) {
    it(`${name}: a test defect naming the known names`, () => {
      const result = results.get(name);
      assert.ok(result, `scenario "${name}" did not run`);
      assert.equal(result.status, 'FAILED', result.message);
      assert.equal(result.exceptionType, 'UnknownResourceError', result.message);
      assert.equal(categorizeFailure(result)?.category, 'test defect');
      assertMessageCarries(name, result.message, fragments);
    });
  }

  it('a physical name the environment maps is no unknown name', () => {
    assert.equal(results.get('Control — a physical bucket name the environment maps')?.status, 'PASSED');
  });
});

describe('physical names that exist', () => {
  let run: LocalRun;
  before(async () => {
    run = await LocalRun.start();
  });
  after(async () => {
    await run.stop();
  });

  it('are used as written, without a word', async () => {
    await run.prepared.clients.s3.send(new CreateBucketCommand({ Bucket: 'team-raw-exports' }));
    const world = await run.scenario('cccccc00-0000-4000-8000-000000000003');
    world.resources.s3Location('s3://team-raw-exports/positions/x.csv');
    world.resources.table('datalake_local_curated.positions');
    assert.equal(await unknownNameError(world.aws, world.resources), undefined);
  });
});
