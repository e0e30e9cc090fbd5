import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { S3Client, ListBucketsCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { GlueClient, GetTablesCommand } from '@aws-sdk/client-glue';
import type { Sandbox } from '../../sandbox/sandbox';
import { runPostflight, runOnSandbox, sampleLakeSandbox, temporaryDirectory } from '../helpers/postflight-cli';

/**
 * A run that keeps its data stands in for an aborted one; `postflight cleanup` must then remove
 * what it left — and nothing that postflight did not write, even when its name looks alike.
 */
describe('postflight cleanup', () => {
  let sandbox: Sandbox;
  let s3: S3Client;
  let glue: GlueClient;
  let runId: string;
  let landing: string;

  async function allObjects(): Promise<string[]> {
    const found: string[] = [];
    for (const bucket of (await s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
      for (const object of (await s3.send(new ListObjectsV2Command({ Bucket: bucket.Name }))).Contents ?? [])
        found.push(`${bucket.Name}/${object.Key}`);
    }
    return found;
  }

  async function temporaryTables(): Promise<string[]> {
    const tables = (await glue.send(new GetTablesCommand({ DatabaseName: 'datalake_local_curated' }))).TableList ?? [];
    return tables.map((table) => table.Name ?? '').filter((name) => name.startsWith('postflight_tmp'));
  }

  before(async () => {
    sandbox = await sampleLakeSandbox();
    s3 = new S3Client(sandbox.clientConfig());
    glue = new GlueClient(sandbox.clientConfig());
    const run = await runOnSandbox(sandbox, temporaryDirectory('cleanup'), ['--keep-data', 'features/data/reconciliation.feature']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    runId = /postflight run (pf-\S+)/.exec(run.stdout)?.[1] ?? '';
    landing = (await allObjects()).find((key) => key.includes('landingbucket'))?.split('/')[0] ?? '';
    assert.ok(runId && landing, run.stdout);
    // Not written by postflight: an object named like a run's output but untagged and outside any output prefix.
    await s3.send(new PutObjectCommand({ Bucket: landing, Key: `manual/${runId}-copy.csv`, Body: 'a,b\n' }));
    await s3.send(new PutObjectCommand({ Bucket: landing, Key: 'manual/keep-me.csv', Body: 'a,b\n' }));
  });
  after(async () => {
    s3.destroy();
    glue.destroy();
    await sandbox.stop();
  });

  it('finds the leftovers of a run that kept its data', async () => {
    const objects = await allObjects();
    assert.ok(
      objects.some((key) => key.includes('landingbucket') && key.includes(runId)),
      'the landed files',
    );
    assert.ok(
      objects.some((key) => key.includes('curatedbucket') && key.includes(runId)),
      'the curated outputs',
    );
    assert.ok((await temporaryTables()).length > 0, 'the temporary tables of the reconciliation');
  });

  it('lists without removing on --dry-run', async () => {
    const before = await allObjects();
    const dry = await runPostflight(['cleanup', '--env', 'local', '--sandbox-endpoint', sandbox.endpoint, '--run-id', runId, '--dry-run']);
    assert.equal(dry.code, 0, dry.stdout + dry.stderr);
    assert.match(
      dry.stdout,
      /Dry run: \d+ object\(s\), \d+ temporary table\(s\) and \d+ subscription\(s\), rule\(s\) or queue\(s\) would be removed/,
    );
    assert.deepEqual(await allObjects(), before);
  });

  it('removes them by run id, and leaves what postflight did not write', async () => {
    const cleaned = await runPostflight(['cleanup', '--env', 'local', '--sandbox-endpoint', sandbox.endpoint, '--run-id', runId]);
    assert.equal(cleaned.code, 0, cleaned.stdout + cleaned.stderr);
    const objects = await allObjects();
    assert.deepEqual(
      objects.filter((key) => key.includes(runId)),
      [`${landing}/manual/${runId}-copy.csv`],
    );
    assert.ok(objects.includes(`${landing}/manual/keep-me.csv`));
    assert.ok(objects.some((key) => key.endsWith('reference/securities/securities.csv')));
    assert.deepEqual(await temporaryTables(), []);
  });

  it('refuses a selection that is not a run id, or none at all (exit 2)', async () => {
    const bad = await runPostflight(['cleanup', '--env', 'local', '--sandbox-endpoint', sandbox.endpoint, '--run-id', 'yesterday']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /is not a postflight run id/);
    const none = await runPostflight(['cleanup', '--env', 'local', '--sandbox-endpoint', sandbox.endpoint]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--run-id <id>.*or --older-than 24h/);
  });
});
