import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { startSandbox } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';
import { LambdaStandIn } from '../fixtures/stepfunctions/lambda-stand-in';
import { runMachine, typesOf } from '../fixtures/stepfunctions/sfn-client';

/**
 * Distributed Map through the SDK: items from S3 (CSV with and without a header row, JSON, JSON
 * Lines, an S3 inventory manifest, a listing), ItemSelector, ItemBatcher, ResultWriter, tolerated
 * failures, child executions of both types, and the Map Run APIs.
 */
const BUCKET = 'lake-items';

const distributed = (map: Record<string, unknown>, processor: Record<string, unknown> = {}, executionType = 'STANDARD') => ({
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: executionType },
        StartAt: 'Handle',
        States: { Handle: { Type: 'Pass', End: true, ...processor } },
      },
      End: true,
      ...map,
    },
  },
});

const reader = (key: string, config: Record<string, unknown>, resource = 'arn:aws:states:::s3:getObject') => ({
  ItemReader: { Resource: resource, ReaderConfig: config, Parameters: { Bucket: BUCKET, Key: key } },
});

describe('Step Functions distributed Map', () => {
  let sandbox: Sandbox;
  let sfn: SFNClient;
  let s3: S3Client;
  const lambda = new LambdaStandIn();

  before(async () => {
    const started = await startSandbox({ providers: { lambda }, timeScale: 0.01 });
    sandbox = started.sandbox;
    sfn = new SFNClient(started.config);
    s3 = new S3Client({ ...started.config, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const put = (Key: string, Body: string | Buffer) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
    await put('positions/with-header.csv', 'account,quantity\nA-1,100\nA-2,250,extra\nA-3\n');
    await put('positions/no-header.csv', 'A-1;100\nA-2;250\n');
    await put('positions/items.json', JSON.stringify([{ id: 1 }, { id: 2 }, { id: 3 }]));
    await put('positions/items.jsonl', '{"id":1}\n{"id":2}\n\n{"id":3}\n');
    await put('positions/object.json', '{"not":"a list"}');
    await put('inventory/data/part-1.csv.gz', gzipSync('"lake-items","positions/a.csv","10"\n"lake-items","positions/b.csv","20"\n'));
    await put(
      'inventory/manifest.json',
      JSON.stringify({
        sourceBucket: BUCKET,
        destinationBucket: `arn:aws:s3:::${BUCKET}`,
        fileFormat: 'CSV',
        fileSchema: 'Bucket, Key, Size',
        files: [{ key: 'inventory/data/part-1.csv.gz', size: 64, MD5checksum: 'x' }],
      }),
    );
    lambda.register('fail-odd', async (event) => {
      if ((event as { id: number }).id % 2 === 1) throw new Error('odd item');
      return event;
    });
  });
  after(async () => {
    sfn.destroy();
    s3.destroy();
    await sandbox.stop();
  });

  it('reads CSV items with the header row as AWS builds them (missing fields empty, extra ones dropped, HashMap order)', async () => {
    const { description, events } = await runMachine(
      sfn,
      distributed(reader('positions/with-header.csv', { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' })),
    );
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    // Members in the order a Java HashMap keeps them, as Step Functions writes CSV items.
    assert.equal(
      description.output,
      '[{"quantity":"100","account":"A-1"},{"quantity":"250","account":"A-2"},{"quantity":"","account":"A-3"}]',
    );
    assert.deepEqual(typesOf(events), [
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapRunStarted',
      'MapRunSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
    assert.deepEqual(events[2]?.mapStateStartedEventDetails, { length: 0 });
    assert.equal(events[6]?.previousEventId, events[3]?.id, 'the exit chains from MapRunStarted, as recorded since 2024');
  });

  it('reads CSV with given headers and another delimiter, JSON, JSON Lines, an inventory manifest and a listing', async () => {
    const cases: Array<{ map: Record<string, unknown>; output: unknown }> = [
      {
        map: reader('positions/no-header.csv', {
          InputType: 'CSV',
          CSVHeaderLocation: 'GIVEN',
          CSVHeaders: ['account', 'quantity'],
          CSVDelimiter: 'SEMICOLON',
        }),
        output: [
          { account: 'A-1', quantity: '100' },
          { account: 'A-2', quantity: '250' },
        ],
      },
      { map: reader('positions/items.json', { InputType: 'JSON', MaxItems: 2 }), output: [{ id: 1 }, { id: 2 }] },
      { map: reader('positions/items.jsonl', { InputType: 'JSONL' }), output: [{ id: 1 }, { id: 2 }, { id: 3 }] },
      {
        map: reader('inventory/manifest.json', { InputType: 'MANIFEST' }),
        output: [
          { Bucket: BUCKET, Key: 'positions/a.csv', Size: '10' },
          { Bucket: BUCKET, Key: 'positions/b.csv', Size: '20' },
        ],
      },
    ];
    for (const { map, output } of cases) {
      const { description } = await runMachine(sfn, distributed(map));
      assert.equal(description.status, 'SUCCEEDED', description.cause);
      assert.deepEqual(JSON.parse(description.output!), output);
    }
    const listing = await runMachine(
      sfn,
      distributed({ ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: BUCKET, Prefix: 'inventory/' } } }),
    );
    const objects = JSON.parse(listing.description.output!) as Array<Record<string, unknown>>;
    assert.deepEqual(
      objects.map((object) => object.Key),
      ['inventory/data/part-1.csv.gz', 'inventory/manifest.json'],
    );
    assert.deepEqual(Object.keys(objects[0]!).sort(), ['Etag', 'Key', 'LastModified', 'Size', 'StorageClass']);
  });

  it('fails the Map Run with States.ItemReaderFailed when the object is not what the reader reads', async () => {
    const { description, events } = await runMachine(sfn, distributed(reader('positions/object.json', { InputType: 'JSON' })));
    assert.equal(description.error, 'States.ItemReaderFailed');
    assert.equal(description.cause, 'Attempting to map over non-iterable node.');
    assert.deepEqual(typesOf(events).slice(-4), ['MapRunStarted', 'MapRunFailed', 'MapStateFailed', 'ExecutionFailed']);
  });

  it('shapes items with ItemSelector, batches them, and writes the results to S3', async () => {
    const definition = distributed({
      ItemsPath: '$.items',
      ItemSelector: { 'value.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' },
      ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'run.$': '$.run' } },
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: BUCKET, Prefix: 'results' } },
      Label: 'Batches',
    });
    const { description, executionArn } = await runMachine(sfn, definition, { run: 'r1', items: ['a', 'b', 'c'] });
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    const output = JSON.parse(description.output!) as { MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } };
    assert.match(output.MapRunArn, /^arn:aws:states:us-east-1:000000000000:mapRun:[^/]+\/Batches:[0-9a-f-]{36}$/);
    const runId = output.MapRunArn.split(':').pop();
    assert.deepEqual(output.ResultWriterDetails, { Bucket: BUCKET, Key: `results/${runId}/manifest.json` });
    const read = async (Key: string) =>
      JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }))).Body!.transformToString());
    const manifest = await read(output.ResultWriterDetails.Key);
    assert.equal(manifest.MapRunArn, output.MapRunArn);
    assert.deepEqual(manifest.ResultFiles.FAILED, []);
    const succeeded = await read(manifest.ResultFiles.SUCCEEDED[0].Key);
    assert.deepEqual(
      succeeded.map((child: { Output: string }) => JSON.parse(child.Output)),
      [
        {
          BatchInput: { run: 'r1' },
          Items: [
            { value: 'a', index: 0 },
            { value: 'b', index: 1 },
          ],
        },
        { BatchInput: { run: 'r1' }, Items: [{ value: 'c', index: 2 }] },
      ],
    );

    const { mapRuns } = await sfn.send(new ListMapRunsCommand({ executionArn }));
    assert.equal(mapRuns?.[0]?.mapRunArn, output.MapRunArn);
    const described = await sfn.send(new DescribeMapRunCommand({ mapRunArn: output.MapRunArn }));
    assert.equal(described.status, 'SUCCEEDED');
    assert.deepEqual(described.itemCounts, {
      aborted: 0,
      failed: 0,
      pending: 0,
      resultsWritten: 3,
      running: 0,
      succeeded: 3,
      timedOut: 0,
      total: 3,
    });
    assert.equal(described.executionCounts?.total, 2);
    const children = await sfn.send(new ListExecutionsCommand({ mapRunArn: output.MapRunArn }));
    assert.equal(children.executions?.length, 2);
    const child = children.executions![0]!;
    assert.match(child.executionArn!, /:execution:[^/]+\/Batches:[0-9a-f-]{36}$/);
    const childDescription = await sfn.send(new DescribeExecutionCommand({ executionArn: child.executionArn }));
    assert.equal(childDescription.mapRunArn, output.MapRunArn);
    const childHistory = await sfn.send(new GetExecutionHistoryCommand({ executionArn: child.executionArn }));
    assert.deepEqual(typesOf(childHistory.events ?? []), ['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
  });

  it('tolerates failed children up to ToleratedFailureCount/Percentage, and fails the run beyond', async () => {
    const invoking = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'fail-odd', 'Payload.$': '$' },
      OutputPath: '$.Payload',
    };
    const items = { items: [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }] };
    const tolerant = await runMachine(
      sfn,
      distributed({ ItemsPath: '$.items', ToleratedFailureCount: 2, MaxConcurrency: 1 }, invoking),
      items,
    );
    assert.equal(tolerant.description.status, 'SUCCEEDED', tolerant.description.cause);
    assert.deepEqual(JSON.parse(tolerant.description.output!), [null, { id: 2 }, null, { id: 4 }]);

    const strict = await runMachine(
      sfn,
      distributed({ ItemsPath: '$.items', ToleratedFailurePercentage: 25, MaxConcurrency: 1 }, invoking),
      items,
    );
    assert.equal(strict.description.error, 'States.ExceedToleratedFailureThreshold');
    assert.equal(strict.description.cause, 'The specified tolerated failure threshold was exceeded');
    const { mapRuns } = await sfn.send(new ListMapRunsCommand({ executionArn: strict.executionArn }));
    const described = await sfn.send(new DescribeMapRunCommand({ mapRunArn: mapRuns![0]!.mapRunArn }));
    assert.equal(described.status, 'FAILED');
    assert.ok((described.itemCounts?.failed ?? 0) >= 1);

    const invalid = await runMachine(sfn, distributed({ ItemsPath: '$.items', ToleratedFailureCountPath: '$.tolerate' }), {
      items: [1],
      tolerate: -1,
    });
    assert.equal(invalid.description.error, 'States.Runtime');
    assert.match(invalid.description.cause!, /ToleratedFailureCount cannot be negative\.$/);
  });

  it('runs EXPRESS children too', async () => {
    const { description, executionArn } = await runMachine(sfn, distributed({ ItemsPath: '$.items' }, { Result: 'done' }, 'EXPRESS'), {
      items: [1, 2],
    });
    assert.equal(description.output, '["done","done"]');
    const { mapRuns } = await sfn.send(new ListMapRunsCommand({ executionArn }));
    const children = await sfn.send(new ListExecutionsCommand({ mapRunArn: mapRuns![0]!.mapRunArn }));
    assert.ok(children.executions?.every((child) => child.executionArn?.includes(':express:')));
  });
});
