import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { cleanUpScenario } from '../../support/cleanup/scenario-cleanup';
import { sweepRunOutputs } from '../../runner/cleanup/run-sweep';
import { uploadFixture } from '../../support/s3/s3-actions';
import { expectExecutionEnd, startStateMachine } from '../../support/stepfunctions/stepfunctions-actions';
import { runScenarioQuery } from '../../support/athena/athena-actions';
import { firstRow } from '../../support/athena/query';
import { LocalRun, type TestWorld } from '../helpers/scenario-worlds';

/**
 * Two scenarios of one run write into the same partition of curated.positions, as parallel
 * workers do. The interleaving that failed `--parallel 2` runs is forced here, step by step: a
 * query engine lists a partition's files, the other scenario ends (and cleans up), then the engine
 * reads the files it listed.
 */
describe('scenarios sharing a partition', () => {
  let run: LocalRun;
  let s3: S3Client;
  let first: TestWorld;
  let second: TestWorld;
  let partition: { bucket: string; prefix: string };

  async function ingest(world: TestWorld): Promise<void> {
    const key = `positions/date=${run.prepared.runDate}/${world.scenarioId}.csv`;
    await uploadFixture(world, 'positions/valid.csv', `s3://landing/${key}`);
    await startStateMachine(world, 'ingest-positions', { bucket: world.resources.bucket('landing'), key });
    await expectExecutionEnd(world, 'SUCCEEDED', 60_000);
  }

  async function keysOfRun(): Promise<string[]> {
    const keys: string[] = [];
    for (const bucket of (await s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
      for (const object of (await s3.send(new ListObjectsV2Command({ Bucket: bucket.Name }))).Contents ?? [])
        if (object.Key?.includes(run.prepared.runId)) keys.push(`${bucket.Name}/${object.Key}`);
    }
    return keys;
  }

  before(async () => {
    run = await LocalRun.start();
    s3 = new S3Client(run.sandbox.clientConfig());
    first = await run.scenario('aaaaaa00-0000-4000-8000-000000000001');
    second = await run.scenario('bbbbbb00-0000-4000-8000-000000000002');
    await ingest(first);
    await ingest(second);
    partition = { bucket: first.resources.bucket('curated'), prefix: `positions/as_of_date=${run.prepared.runDate}/` };
  });
  after(async () => {
    s3.destroy();
    await run.stop();
  });

  it("a scenario's cleanup leaves the partition's files to a reader that listed them before it", async () => {
    const listed = (await s3.send(new ListObjectsV2Command({ Bucket: partition.bucket, Prefix: partition.prefix }))).Contents ?? [];
    const keys = listed.map((object) => object.Key ?? '');
    assert.ok(
      keys.some((key) => key.includes(first.scenarioId)),
      `the first scenario's curated file is in the partition: ${keys.join(', ')}`,
    );

    const report = await cleanUpScenario(first);
    assert.deepEqual(report.failed, []);
    assert.ok(
      report.deleted.some((url) => url.includes(`positions/date=${run.prepared.runDate}/${first.scenarioId}.csv`)),
      `the scenario's own landed file is deleted at once: ${report.deleted.join(', ')}`,
    );

    const unreadable: string[] = [];
    for (const key of keys) {
      await s3
        .send(new GetObjectCommand({ Bucket: partition.bucket, Key: key }))
        .catch((error: Error) => unreadable.push(`${key}: ${error.name}`));
    }
    assert.deepEqual(unreadable, [], 'every file listed before the other scenario ended is still readable');
  });

  it('a query over the partition sees both scenarios’ rows, each scenario scoped to its own', async () => {
    const table = second.resources.table('curated.positions').sql;
    const all = await runScenarioQuery(second, `SELECT count(*) AS n FROM ${table} WHERE as_of_date = DATE '${run.prepared.runDate}'`);
    assert.equal(all.state, 'SUCCEEDED', all.stateChangeReason);
    assert.equal(firstRow(all).n, '6');
    const own = await runScenarioQuery(second, `SELECT count(*) AS n FROM ${table} WHERE source_file LIKE '%${second.scenarioId}%'`);
    assert.equal(firstRow(own).n, '3');
  });

  /** The next query of the sandbox fails with this message, as Athena fails a query. */
  function failNextQuery(message: string): void {
    run.sandbox.faults.add({ service: 'athena', operation: 'StartQueryExecution', error: 'QueryFailed', message });
  }

  it('a query that failed because another run removed its files while they were read runs again', async () => {
    const vanished = `s3://${partition.bucket}/${partition.prefix}pf-20200101-000000-dead-s0a0a0a.parquet`;
    failNextQuery(
      `HIVE_CANNOT_OPEN_SPLIT: Error opening Hive split ${vanished} (offset=0, length=1843): The specified key does not exist.`,
    );
    const table = second.resources.table('curated.positions').sql;
    const outcome = await runScenarioQuery(second, `SELECT count(*) AS n FROM ${table} WHERE source_file LIKE '%${second.scenarioId}%'`);
    assert.equal(outcome.state, 'SUCCEEDED', outcome.stateChangeReason);
    assert.equal(firstRow(outcome).n, '3');
    const note = second.attachments.find((attachment) => attachment.fileName?.includes('run again'));
    assert.ok(note, 'the re-run is attached as evidence');
    assert.ok(note.body.includes(vanished));
  });

  it("a query that failed on a file still there, or on the scenario's own file, is not run again", async () => {
    const stillThere = `${partition.prefix}pf-20200101-000000-dead-s0b0b0b.parquet`;
    await s3.send(new PutObjectCommand({ Bucket: partition.bucket, Key: stillThere, Body: 'not parquet' }));
    const own = `${partition.prefix}${second.scenarioId}-gone.parquet`;
    for (const key of [stillThere, own]) {
      failNextQuery(`HIVE_BAD_DATA: Cannot open file "s3://${partition.bucket}/${key}": not a Parquet file`);
      const outcome = await runScenarioQuery(second, 'SELECT 1');
      assert.equal(outcome.state, 'FAILED', key);
      second.outcomes.checked(outcome);
    }
    await s3.send(new DeleteObjectCommand({ Bucket: partition.bucket, Key: stillThere }));
  });

  it("the run's sweep, after its last scenario, removes every output derived from the run's inputs", async () => {
    const report = await cleanUpScenario(second);
    assert.deepEqual(report.failed, []);
    assert.ok(
      (await keysOfRun()).some((key) => key.includes('/positions/as_of_date=')),
      'derived outputs wait for the end of the run',
    );
    const swept = await sweepRunOutputs(run.prepared.clients, run.prepared.environment, run.prepared.runId, run.prepared.runDate);
    assert.deepEqual(swept.failed, []);
    assert.deepEqual(await keysOfRun(), [], 'nothing of the run is left');
  });
});
