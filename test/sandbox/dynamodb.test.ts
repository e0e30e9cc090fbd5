import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DynamoDBClient,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  GetItemCommand,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  QueryCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  paginateQuery,
  paginateScan,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand as DocumentQueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
import { startSandbox, loadParity } from '../helpers/sandbox';
import { json, payloadOf, payloadText } from '../helpers/lambda-invoke';
import { assertValueMatches } from '../fixtures/stepfunctions/history-parity';
import type { Sandbox } from '../../sandbox/sandbox';

const PYTHON_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/lambda/python');

type Recording = Record<string, unknown>;

/** A recorded response without botocore's wrapper, as the SDK's output without `$metadata`. */
function body(recorded: unknown): Recording {
  const { ResponseMetadata: _metadata, ...rest } = recorded as Recording;
  return rest;
}

function withoutMetadata(output: object): Recording {
  const { $metadata: _metadata, ...rest } = output as Recording;
  return rest;
}

/** Parsed botocore errors (`{Error: {Code, Message}, message, …}`) or `str(ClientError)` ("An error occurred (Code) when calling …: message"). */
function recordedError(recorded: unknown): { code: string; message: string } {
  if (typeof recorded === 'string') {
    const match = /^An error occurred \((\w+)\) when calling the \w+ operation: (.*)$/s.exec(recorded);
    assert.ok(match, recorded);
    return { code: match[1]!, message: match[2]! };
  }
  const error = (recorded as { Error: { Code: string; Message: string } }).Error;
  return { code: error.Code, message: error.Message };
}

async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  assert.ok(outcome instanceof Error, 'the call should have failed');
  return outcome as Error & Record<string, unknown>;
}

const hashTable = (TableName: string, extra: Partial<CreateTableCommandInput> = {}): CreateTableCommandInput => ({
  TableName,
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
  ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
  ...extra,
});

describe('DynamoDB through the unmodified SDK clients', () => {
  let sandbox: Sandbox;
  let dynamodb: DynamoDBClient;
  let documents: DynamoDBDocumentClient;
  let lambda: LambdaClient;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-dynamodb-'));

  before(async () => {
    const started = await startSandbox();
    sandbox = started.sandbox;
    dynamodb = new DynamoDBClient(started.config);
    documents = DynamoDBDocumentClient.from(dynamodb);
    lambda = new LambdaClient(started.config);
  });

  after(async () => {
    dynamodb.destroy();
    lambda.destroy();
    await sandbox.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  describe('conformance with responses recorded on AWS', () => {
    it('creates, describes, lists and deletes a table (parity: table-crud)', async () => {
      const recorded = await loadParity<Record<string, Recording>>('dynamodb/table-crud.json');
      const created = await dynamodb.send(new CreateTableCommand(hashTable('crud-table')));
      assertValueMatches(withoutMetadata(created), body(recorded['create-table']), 'create-table');
      assert.equal(created.TableDescription?.TableName, 'crud-table');
      assert.equal(created.TableDescription?.TableArn, `arn:aws:dynamodb:${sandbox.region}:000000000000:table/crud-table`);
      assert.ok((await dynamodb.send(new ListTablesCommand({}))).TableNames?.includes('crud-table'));
      const described = await dynamodb.send(new DescribeTableCommand({ TableName: 'crud-table' }));
      assertValueMatches(withoutMetadata(described), body(recorded['describe-table']), 'describe-table');
      assert.equal(described.Table?.TableId, created.TableDescription?.TableId);
      const deleted = await dynamodb.send(new DeleteTableCommand({ TableName: 'crud-table' }));
      assertValueMatches(withoutMetadata(deleted), body(recorded['delete-table']), 'delete-table');
      assert.ok(!(await dynamodb.send(new ListTablesCommand({}))).TableNames?.includes('crud-table'));

      const missing = await failure(dynamodb.send(new DeleteTableCommand({ TableName: 'non-existent' })));
      const expected = recordedError(recorded['delete-non-existent-table']);
      assert.deepEqual([missing.name, missing.message], [expected.code, expected.message]);
      assert.equal((missing.$metadata as { httpStatusCode: number }).httpStatusCode, 400);
    });

    it('refuses a second table of the same name (parity: create-duplicate-table)', async () => {
      const recorded = recordedError((await loadParity<{ Error: string }>('dynamodb/create-duplicate-table.json')).Error);
      await dynamodb.send(new CreateTableCommand(hashTable('duplicate-table')));
      const error = await failure(dynamodb.send(new CreateTableCommand(hashTable('duplicate-table'))));
      assert.deepEqual([error.name, error.message], [recorded.code, recorded.message.replace('<test-table>', 'duplicate-table')]);
    });

    it('refuses provisioned throughput on an on-demand table (parity: create-table-pay-per-request-with-throughput)', async () => {
      const recorded = recordedError(
        (await loadParity<{ Error: string }>('dynamodb/create-table-pay-per-request-with-throughput.json')).Error,
      );
      const error = await failure(dynamodb.send(new CreateTableCommand(hashTable('on-demand-table', { BillingMode: 'PAY_PER_REQUEST' }))));
      assert.deepEqual([error.name, error.message], [recorded.code, recorded.message]);
    });

    it('describes an on-demand table with a global secondary index (parity: gsi-pay-per-request)', async () => {
      const recorded = await loadParity<Record<string, Recording>>('dynamodb/gsi-pay-per-request.json');
      const created = await dynamodb.send(
        new CreateTableCommand({
          TableName: 'gsi-table',
          KeySchema: [{ AttributeName: 'TID', KeyType: 'HASH' }],
          AttributeDefinitions: [
            { AttributeName: 'TID', AttributeType: 'S' },
            { AttributeName: 'TRID', AttributeType: 'S' },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: 'TransactionRecordID',
              KeySchema: [{ AttributeName: 'TRID', KeyType: 'HASH' }],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      assertValueMatches(withoutMetadata(created), body(recorded['create-table-with-gsi']), 'create-table-with-gsi');
      const described = await dynamodb.send(new DescribeTableCommand({ TableName: 'gsi-table' }));
      assertValueMatches(withoutMetadata(described), body(recorded['describe-table']), 'describe-table');
      assert.equal(described.Table?.TableStatus, 'ACTIVE');
    });

    it('answers the old item of a PutItem only when asked to (parity: put-item-return-values)', async () => {
      const recorded = await loadParity<Record<string, Recording>>('dynamodb/put-item-return-values.json');
      await dynamodb.send(new CreateTableCommand(hashTable('put-return-table')));
      const put = (data: string, ReturnValues?: 'ALL_OLD') =>
        dynamodb.send(new PutItemCommand({ TableName: 'put-return-table', Item: { id: { S: 'id1' }, data: { S: data } }, ReturnValues }));
      const answers = {
        PutFirstItem: await put('foobar', 'ALL_OLD'),
        PutFirstItemOLD: await put('foobar', 'ALL_OLD'),
        PutFirstItemB: await put('barfoo', 'ALL_OLD'),
        PutSecondItem: await put('foobar'),
        PutSecondItemReturnNone: await put('foobar'),
      };
      for (const [key, answer] of Object.entries(answers)) assertValueMatches(withoutMetadata(answer), body(recorded[key]), key);
    });

    it('answers the item a failed condition saw, when asked to (parity: return-values-on-condition-check-failure)', async () => {
      const recorded = (await loadParity<{ items: Recording }>('dynamodb/return-values-on-condition-check-failure.json')).items;
      await dynamodb.send(new CreateTableCommand(hashTable('condition-table')));
      await dynamodb.send(
        new PutItemCommand({
          TableName: 'condition-table',
          Item: { id: { S: '456' }, price: { N: '650' }, product: { S: 'sporting goods' } },
        }),
      );
      const error = await failure(
        dynamodb.send(
          new DeleteItemCommand({
            TableName: 'condition-table',
            Key: { id: { S: '456' } },
            ConditionExpression: 'price between :lo and :hi',
            ExpressionAttributeValues: { ':lo': { N: '500' }, ':hi': { N: '600' } },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      );
      const expected = recordedError(recorded);
      assert.deepEqual([error.name, error.message], [expected.code, expected.message]);
      assert.deepEqual(error.Item, recorded.Item);
      assert.equal(
        (error.$metadata as { httpStatusCode: number }).httpStatusCode,
        (recorded.ResponseMetadata as { HTTPStatusCode: number }).HTTPStatusCode,
      );
    });

    it('cancels a transaction whose condition fails, with a reason per action (parity: transact-write-canceled)', async () => {
      const recorded = recordedError((await loadParity<{ Error: string }>('dynamodb/transact-write-canceled.json')).Error);
      await dynamodb.send(
        new CreateTableCommand({
          ...hashTable('cancel-table'),
          KeySchema: [{ AttributeName: 'Username', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'Username', AttributeType: 'S' }],
        }),
      );
      await dynamodb.send(new PutItemCommand({ TableName: 'cancel-table', Item: { Username: { S: 'Fred' } } }));
      await dynamodb.send(new PutItemCommand({ TableName: 'cancel-table', Item: { Username: { S: 'Bert' } } }));
      const error = await failure(
        dynamodb.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              {
                ConditionCheck: {
                  TableName: 'cancel-table',
                  ConditionExpression: 'attribute_not_exists(Username)',
                  Key: { Username: { S: 'Fred' } },
                },
              },
              { Delete: { TableName: 'cancel-table', Key: { Username: { S: 'Bert' } } } },
            ],
          }),
        ),
      );
      assert.deepEqual([error.name, error.message], [recorded.code, recorded.message]);
      assert.deepEqual(error.CancellationReasons, [
        { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
        { Code: 'None' },
      ]);
      const bert = await dynamodb.send(new GetItemCommand({ TableName: 'cancel-table', Key: { Username: { S: 'Bert' } } }));
      assert.deepEqual(bert.Item, { Username: { S: 'Bert' } }, 'nothing of a cancelled transaction is written');
    });

    it('writes every action of a transaction, naming tables by name or ARN (parity: transact-write-items)', async () => {
      const recorded = await loadParity<Record<string, Recording>>('dynamodb/transact-write-items.json');
      const { TableDescription } = await dynamodb.send(new CreateTableCommand(hashTable('transact-table')));
      await dynamodb.send(new PutItemCommand({ TableName: 'transact-table', Item: { id: { S: 'test4' } } }));
      for (const [key, TableName] of [
        ['Response', 'transact-table'],
        ['Response_using_table_arn', TableDescription!.TableArn!],
      ] as const) {
        const answer = await dynamodb.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { ConditionCheck: { TableName, ConditionExpression: 'attribute_not_exists(id)', Key: { id: { S: 'test1' } } } },
              { Put: { TableName, Item: { id: { S: 'test2' } } } },
              {
                Update: {
                  TableName,
                  Key: { id: { S: 'test3' } },
                  UpdateExpression: 'SET attr1 = :v1, attr2 = :v2',
                  ExpressionAttributeValues: { ':v1': { S: 'value1' }, ':v2': { S: 'value2' } },
                },
              },
              { Delete: { TableName, Key: { id: { S: 'test4' } } } },
            ],
          }),
        );
        assertValueMatches(withoutMetadata(answer), body(recorded[key]), key);
      }
      const items = await dynamodb.send(
        new BatchGetItemCommand({
          RequestItems: { 'transact-table': { Keys: ['test1', 'test2', 'test3', 'test4'].map((id) => ({ id: { S: id } })) } },
        }),
      );
      assert.deepEqual(
        items.Responses?.['transact-table']?.sort((a, b) => String(a.id?.S).localeCompare(String(b.id?.S))),
        [{ id: { S: 'test2' } }, { id: { S: 'test3' }, attr1: { S: 'value1' }, attr2: { S: 'value2' } }],
      );
    });

    it('reads items in a transaction, by table name or ARN (parity: transact-get-items)', async () => {
      const recorded = await loadParity<Record<string, Recording>>('dynamodb/transact-get-items.json');
      const { TableDescription } = await dynamodb.send(new CreateTableCommand(hashTable('transact-get-table')));
      await dynamodb.send(new PutItemCommand({ TableName: 'transact-get-table', Item: { id: { S: 'John' } } }));
      await dynamodb.send(new PutItemCommand({ TableName: 'transact-get-table', Item: { id: { S: 'Sarah' } } }));
      const byName = await dynamodb.send(
        new TransactGetItemsCommand({ TransactItems: [{ Get: { Key: { id: { S: 'John' } }, TableName: 'transact-get-table' } }] }),
      );
      assertValueMatches(withoutMetadata(byName), body(recorded.TransactGetItems), 'TransactGetItems');
      const byArn = await dynamodb.send(
        new TransactGetItemsCommand({ TransactItems: [{ Get: { Key: { id: { S: 'Sarah' } }, TableName: TableDescription!.TableArn! } }] }),
      );
      assertValueMatches(withoutMetadata(byArn), body(recorded['TransactGetItems-with-TableArn']), 'TransactGetItems-with-TableArn');
    });

    it('answers ResourceNotFoundException for a transaction on a missing table (parity: transact-write-missing-table)', async () => {
      const recorded = (await loadParity<Record<string, Recording>>('dynamodb/transact-write-missing-table.json'))[
        'exc-not-found-transact-write-items'
      ]!;
      const error = await failure(
        dynamodb.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'non-existing-table', Item: {} } }] })),
      );
      const expected = recordedError(recorded);
      assert.deepEqual([error.name, error.message], [expected.code, expected.message]);
    });

    it('refuses a batch write whose item does not match the key schema (parity: batch-write-not-matching-schema)', async () => {
      const recorded = recordedError(
        (await loadParity<{ ValidationException: string }>('dynamodb/batch-write-not-matching-schema.json')).ValidationException,
      );
      await dynamodb.send(
        new CreateTableCommand({
          ...hashTable('schema-table'),
          KeySchema: [
            { AttributeName: 'id', KeyType: 'HASH' },
            { AttributeName: 'sortKey', KeyType: 'RANGE' },
          ],
          AttributeDefinitions: [
            { AttributeName: 'id', AttributeType: 'S' },
            { AttributeName: 'sortKey', AttributeType: 'S' },
          ],
        }),
      );
      const error = await failure(
        dynamodb.send(
          new BatchWriteItemCommand({ RequestItems: { 'schema-table': [{ PutRequest: { Item: { nonKey: { S: 'hello' } } } }] } }),
        ),
      );
      assert.deepEqual([error.name, error.message], [recorded.code, recorded.message]);
    });

    it('queries a local secondary index (parity: query-local-secondary-index)', async () => {
      const recorded = (await loadParity<{ Items: Recording }>('dynamodb/query-local-secondary-index.json')).Items;
      await dynamodb.send(
        new CreateTableCommand({
          TableName: 'lsi-table',
          KeySchema: [
            { AttributeName: 'PK', KeyType: 'HASH' },
            { AttributeName: 'SK', KeyType: 'RANGE' },
          ],
          AttributeDefinitions: [
            { AttributeName: 'PK', AttributeType: 'S' },
            { AttributeName: 'SK', AttributeType: 'S' },
            { AttributeName: 'LSI1SK', AttributeType: 'N' },
          ],
          LocalSecondaryIndexes: [
            {
              IndexName: 'LSI1',
              KeySchema: [
                { AttributeName: 'PK', KeyType: 'HASH' },
                { AttributeName: 'LSI1SK', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
          ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
        }),
      );
      await dynamodb.send(
        new PutItemCommand({ TableName: 'lsi-table', Item: { SK: { S: 'hello' }, LSI1SK: { N: '123' }, PK: { S: 'test one' } } }),
      );
      const answer = await dynamodb.send(
        new QueryCommand({
          TableName: 'lsi-table',
          IndexName: 'LSI1',
          KeyConditionExpression: 'PK = :v1',
          ExpressionAttributeValues: { ':v1': { S: 'test one' } },
          Select: 'ALL_ATTRIBUTES',
        }),
      );
      assertValueMatches(withoutMetadata(answer), body(recorded), 'Items');
    });

    it('answers an empty list and no unprocessed keys for a BatchGetItem that finds nothing (parity: batch-get-item-empty)', async () => {
      const recorded = (await loadParity<{ Response: Recording }>('dynamodb/batch-get-item-empty.json')).Response;
      await dynamodb.send(
        new CreateTableCommand({
          TableName: 'batch-get-table',
          KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        }),
      );
      const answer = await dynamodb.send(
        new BatchGetItemCommand({ RequestItems: { 'batch-get-table': { Keys: [{ PK: { S: 'test-key' } }] } } }),
      );
      assertValueMatches(withoutMetadata(answer), { Responses: { 'batch-get-table': [] }, UnprocessedKeys: {} }, 'Response');
      assert.deepEqual(Object.keys(body(recorded)).sort(), ['Responses', 'UnprocessedKeys']);
    });
  });

  describe('expressions, paging and batches', () => {
    before(async () => {
      await dynamodb.send(
        new CreateTableCommand({
          TableName: 'runs',
          KeySchema: [
            { AttributeName: 'dataset', KeyType: 'HASH' },
            { AttributeName: 'run', KeyType: 'RANGE' },
          ],
          AttributeDefinitions: [
            { AttributeName: 'dataset', AttributeType: 'S' },
            { AttributeName: 'run', AttributeType: 'N' },
            { AttributeName: 'status', AttributeType: 'S' },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: 'by-status',
              KeySchema: [
                { AttributeName: 'status', KeyType: 'HASH' },
                { AttributeName: 'run', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'KEYS_ONLY' },
            },
          ],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      for (let run = 1; run <= 25; run++) {
        await documents.send(
          new PutCommand({
            TableName: 'runs',
            Item: {
              dataset: run % 2 ? 'orders' : 'customers',
              run,
              status: run % 5 ? 'SUCCEEDED' : 'FAILED',
              stats: { rows: run * 100, files: [`part-${run}.csv`] },
            },
          }),
        );
      }
    });

    it('queries with a key condition, a filter and a projection of nested paths', async () => {
      const answer = await documents.send(
        new DocumentQueryCommand({
          TableName: 'runs',
          KeyConditionExpression: 'dataset = :d AND #run BETWEEN :from AND :to',
          FilterExpression: 'stats.#rows >= :rows AND #status = :ok',
          ProjectionExpression: '#run, stats.#rows, stats.files[0]',
          ExpressionAttributeNames: { '#run': 'run', '#rows': 'rows', '#status': 'status' },
          ExpressionAttributeValues: { ':d': 'orders', ':from': 3, ':to': 15, ':rows': 700, ':ok': 'SUCCEEDED' },
          ScanIndexForward: false,
        }),
      );
      assert.deepEqual(answer.Items, [
        { run: 13, stats: { rows: 1300, files: ['part-13.csv'] } },
        { run: 11, stats: { rows: 1100, files: ['part-11.csv'] } },
        { run: 9, stats: { rows: 900, files: ['part-9.csv'] } },
        { run: 7, stats: { rows: 700, files: ['part-7.csv'] } },
      ]);
      assert.equal(answer.ScannedCount, 7, 'the key condition read runs 3 to 15; the filter left out 3, 5 (too few rows) and 15 (FAILED)');
      assert.equal(answer.Count, 4);
    });

    it('pages Query and Scan with Limit and LastEvaluatedKey, as the paginators use them', async () => {
      const pages: number[][] = [];
      for await (const page of paginateQuery(
        { client: dynamodb, pageSize: 4 },
        { TableName: 'runs', KeyConditionExpression: 'dataset = :d', ExpressionAttributeValues: { ':d': { S: 'customers' } } },
      )) {
        pages.push((page.Items ?? []).map((item) => Number(item.run?.N)));
      }
      assert.deepEqual(pages, [[2, 4, 6, 8], [10, 12, 14, 16], [18, 20, 22, 24], []]);
      let scanned = 0;
      let scanPages = 0;
      for await (const page of paginateScan({ client: dynamodb, pageSize: 10 }, { TableName: 'runs' })) {
        scanned += page.Count ?? 0;
        scanPages += 1;
      }
      assert.deepEqual([scanned, scanPages], [25, 3]);
    });

    it('queries a global secondary index (keys only)', async () => {
      const failed = await dynamodb.send(
        new QueryCommand({
          TableName: 'runs',
          IndexName: 'by-status',
          KeyConditionExpression: '#s = :f',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':f': { S: 'FAILED' } },
        }),
      );
      assert.deepEqual(
        failed.Items?.map((item) => [item.run?.N, Object.keys(item).sort()]),
        ['5', '10', '15', '20', '25'].map((run) => [run, ['dataset', 'run', 'status']]),
      );
    });

    it('updates with SET, REMOVE, ADD and DELETE, functions and a condition', async () => {
      const key = { dataset: 'orders', run: 1 };
      const updated = await documents.send(
        new UpdateCommand({
          TableName: 'runs',
          Key: key,
          UpdateExpression:
            'SET attempts = if_not_exists(attempts, :zero) + :one, stats.files = list_append(stats.files, :more), #s = :running ADD tags :tags REMOVE stats.#rows',
          ConditionExpression: 'attribute_exists(dataset) AND #s IN (:ok, :failed) AND size(stats.files) < :three',
          ExpressionAttributeNames: { '#s': 'status', '#rows': 'rows' },
          ExpressionAttributeValues: {
            ':zero': 0,
            ':one': 1,
            ':more': ['part-1b.csv'],
            ':running': 'RUNNING',
            ':tags': new Set(['daily', 'eu']),
            ':ok': 'SUCCEEDED',
            ':failed': 'FAILED',
            ':three': 3,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      assert.deepEqual(updated.Attributes, {
        dataset: 'orders',
        run: 1,
        status: 'RUNNING',
        attempts: 1,
        stats: { files: ['part-1.csv', 'part-1b.csv'] },
        tags: new Set(['daily', 'eu']),
      });
      const again = await documents.send(
        new UpdateCommand({
          TableName: 'runs',
          Key: key,
          UpdateExpression: 'SET attempts = attempts + :one DELETE tags :eu',
          ExpressionAttributeValues: { ':one': 1, ':eu': new Set(['eu']) },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      assert.deepEqual(again.Attributes, { attempts: 2, tags: new Set(['daily']) });
      const refused = await failure(
        documents.send(
          new PutCommand({ TableName: 'runs', Item: { ...key, status: 'NEW' }, ConditionExpression: 'attribute_not_exists(dataset)' }),
        ),
      );
      assert.equal(refused.name, 'ConditionalCheckFailedException');
      const invalid = await failure(
        documents.send(
          new UpdateCommand({ TableName: 'runs', Key: key, UpdateExpression: 'SET #s = :v', ExpressionAttributeValues: { ':v': 'x' } }),
        ),
      );
      assert.equal(invalid.name, 'ValidationException');
      assert.match(invalid.message, /An expression attribute name used in the document path is not defined; attribute name: #s/);
    });

    it('writes and reads in batches', async () => {
      const written = await dynamodb.send(
        new BatchWriteItemCommand({
          RequestItems: {
            runs: [
              { PutRequest: { Item: { dataset: { S: 'batch' }, run: { N: '1' } } } },
              { PutRequest: { Item: { dataset: { S: 'batch' }, run: { N: '2' } } } },
              { DeleteRequest: { Key: { dataset: { S: 'orders' }, run: { N: '25' } } } },
            ],
          },
        }),
      );
      assert.deepEqual(written.UnprocessedItems, {});
      const read = await dynamodb.send(
        new BatchGetItemCommand({
          RequestItems: {
            runs: {
              Keys: [
                { dataset: { S: 'batch' }, run: { N: '1' } },
                { dataset: { S: 'batch' }, run: { N: '2' } },
                { dataset: { S: 'orders' }, run: { N: '25' } },
              ],
              ProjectionExpression: 'run',
            },
          },
        }),
      );
      assert.deepEqual(read.Responses?.runs?.map((item) => item.run?.N).sort(), ['1', '2']);
    });

    it('undoes the writes of a transaction whose later action turns out invalid', async () => {
      const error = await failure(
        dynamodb.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Put: { TableName: 'runs', Item: { dataset: { S: 'tx' }, run: { N: '1' } } } },
              {
                Update: {
                  TableName: 'runs',
                  Key: { dataset: { S: 'orders' }, run: { N: '3' } },
                  UpdateExpression: 'SET #s = #s + :one',
                  ExpressionAttributeNames: { '#s': 'status' },
                  ExpressionAttributeValues: { ':one': { N: '1' } },
                },
              },
            ],
          }),
        ),
      );
      assert.equal(error.name, 'TransactionCanceledException');
      assert.deepEqual(
        (error.CancellationReasons as Array<{ Code: string }>).map((reason) => reason.Code),
        ['None', 'ValidationError'],
      );
      const put = await dynamodb.send(new GetItemCommand({ TableName: 'runs', Key: { dataset: { S: 'tx' }, run: { N: '1' } } }));
      assert.equal(put.Item, undefined, 'the first action was undone');
      const twice = await failure(
        dynamodb.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Put: { TableName: 'runs', Item: { dataset: { S: 'tx' }, run: { N: '2' } } } },
              { Delete: { TableName: 'runs', Key: { dataset: { S: 'tx' }, run: { N: '2' } } } },
            ],
          }),
        ),
      );
      assert.deepEqual(
        [twice.name, twice.message],
        ['ValidationException', 'Transaction request cannot include multiple operations on one item'],
      );
    });
  });

  describe('table settings', () => {
    it('records TTL, streams, deletion protection and tags, and enforces deletion protection', async () => {
      const created = await dynamodb.send(
        new CreateTableCommand(
          hashTable('settings-table', {
            StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
            DeletionProtectionEnabled: true,
            Tags: [{ Key: 'team', Value: 'data' }],
          }),
        ),
      );
      assert.match(
        created.TableDescription?.LatestStreamArn ?? '',
        /^arn:aws:dynamodb:us-east-1:000000000000:table\/settings-table\/stream\/\d{4}-\d{2}-\d{2}T/,
      );
      assert.deepEqual(created.TableDescription?.StreamSpecification, { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
      const tags = await dynamodb.send(new ListTagsOfResourceCommand({ ResourceArn: created.TableDescription!.TableArn! }));
      assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'data' }]);

      assert.deepEqual((await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: 'settings-table' }))).TimeToLiveDescription, {
        TimeToLiveStatus: 'DISABLED',
      });
      await dynamodb.send(
        new UpdateTimeToLiveCommand({ TableName: 'settings-table', TimeToLiveSpecification: { AttributeName: 'expires', Enabled: true } }),
      );
      assert.deepEqual((await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: 'settings-table' }))).TimeToLiveDescription, {
        TimeToLiveStatus: 'ENABLED',
        AttributeName: 'expires',
      });
      const again = await failure(
        dynamodb.send(
          new UpdateTimeToLiveCommand({
            TableName: 'settings-table',
            TimeToLiveSpecification: { AttributeName: 'expires', Enabled: true },
          }),
        ),
      );
      assert.deepEqual([again.name, again.message], ['ValidationException', 'TimeToLive is already enabled']);

      const protectedError = await failure(dynamodb.send(new DeleteTableCommand({ TableName: 'settings-table' })));
      assert.equal(protectedError.name, 'ValidationException');
      assert.match(protectedError.message, /protected against deletion/);
      await dynamodb.send(new UpdateTableCommand({ TableName: 'settings-table', DeletionProtectionEnabled: false }));
      await dynamodb.send(new DeleteTableCommand({ TableName: 'settings-table' }));
    });

    it('answers an injected throttling fault for the table a rule names', async () => {
      await dynamodb.send(new CreateTableCommand(hashTable('throttled-table')));
      sandbox.faults.add({
        service: 'dynamodb',
        operation: 'PutItem',
        resource: 'throttled-table',
        error: 'ProvisionedThroughputExceededException',
      });
      const client = new DynamoDBClient({ ...sandbox.clientConfig(), maxAttempts: 1 });
      try {
        const error = await failure(client.send(new PutItemCommand({ TableName: 'throttled-table', Item: { id: { S: 'a' } } })));
        assert.equal(error.name, 'ProvisionedThroughputExceededException');
        assert.equal((error.$metadata as { httpStatusCode: number }).httpStatusCode, 400);
        await client.send(new PutItemCommand({ TableName: 'throttled-table', Item: { id: { S: 'a' } } }));
      } finally {
        client.destroy();
      }
    });
  });

  describe('deployed from templates and used from Python', () => {
    it('deploys AWS::DynamoDB::Table and AWS::Serverless::SimpleTable, with Ref and GetAtt', async () => {
      const template = path.join(scratch, 'tables.yml');
      fs.writeFileSync(
        template,
        [
          'Transform: AWS::Serverless-2016-10-31',
          'Parameters:',
          '  Capacity: { Type: String, Default: "3" }',
          'Resources:',
          '  Status:',
          '    Type: AWS::DynamoDB::Table',
          '    Properties:',
          '      TableName: !Sub "${AWS::StackName}-status"',
          '      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }, { AttributeName: stage, AttributeType: S }]',
          '      KeySchema: [{ AttributeName: id, KeyType: HASH }]',
          '      ProvisionedThroughput: { ReadCapacityUnits: !Ref Capacity, WriteCapacityUnits: !Ref Capacity }',
          '      GlobalSecondaryIndexes:',
          '        - IndexName: by-stage',
          '          KeySchema: [{ AttributeName: stage, KeyType: HASH }]',
          '          Projection: { ProjectionType: ALL }',
          '          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 }',
          '      StreamSpecification: { StreamViewType: NEW_AND_OLD_IMAGES }',
          '      TimeToLiveSpecification: { AttributeName: ttl, Enabled: true }',
          '      SSESpecification: { SSEEnabled: true }',
          '      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }',
          '      Tags: [{ Key: framework, Value: sdlf }]',
          '  Objects:',
          '    Type: AWS::Serverless::SimpleTable',
          '    Properties:',
          '      PrimaryKey: { Name: key, Type: String }',
          'Outputs:',
          '  StatusTable: { Value: !Ref Status }',
          '  StatusArn: { Value: !GetAtt Status.Arn }',
          '  StatusStream: { Value: !GetAtt Status.StreamArn }',
          '  ObjectsTable: { Value: !Ref Objects }',
        ].join('\n'),
      );
      const stack = await sandbox.deploy({ name: 'tables', templateFile: template });
      const outputs = Object.fromEntries(stack.Outputs.map((output) => [output.OutputKey, output.OutputValue]));
      assert.equal(outputs.StatusTable, 'tables-status');
      assert.equal(outputs.StatusArn, 'arn:aws:dynamodb:us-east-1:000000000000:table/tables-status');
      assert.match(outputs.StatusStream ?? '', /^arn:aws:dynamodb:us-east-1:000000000000:table\/tables-status\/stream\//);
      assert.match(outputs.ObjectsTable ?? '', /^tables-Objects-[A-Z0-9]+$/);
      const status = (await dynamodb.send(new DescribeTableCommand({ TableName: 'tables-status' }))).Table!;
      assert.equal(status.TableStatus, 'ACTIVE');
      assert.deepEqual(status.ProvisionedThroughput?.ReadCapacityUnits, 3);
      assert.equal(status.GlobalSecondaryIndexes?.[0]?.IndexName, 'by-stage');
      assert.equal(status.SSEDescription?.Status, 'ENABLED');
      assert.equal(
        (await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: 'tables-status' }))).TimeToLiveDescription?.AttributeName,
        'ttl',
      );
      const objects = (await dynamodb.send(new DescribeTableCommand({ TableName: outputs.ObjectsTable! }))).Table!;
      assert.deepEqual(objects.KeySchema, [{ AttributeName: 'key', KeyType: 'HASH' }]);
      assert.equal(objects.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');

      const refused = path.join(scratch, 'kinesis.yml');
      fs.writeFileSync(
        refused,
        'Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]\n      KeySchema: [{ AttributeName: id, KeyType: HASH }]\n      BillingMode: PAY_PER_REQUEST\n      KinesisStreamSpecification: { StreamArn: arn:aws:kinesis:us-east-1:000000000000:stream/s }\n',
      );
      await assert.rejects(
        sandbox.deploy({ name: 'kinesis', templateFile: refused }),
        /resource T \(AWS::DynamoDB::Table\) failed: .*KinesisStreamSpecification/,
      );
    });

    it('serves a Python function using boto3 resources against a table (Decimal numbers, conditions, queries)', async () => {
      await documents.send(new PutCommand({ TableName: 'tables-status', Item: { id: 'seed', stage: 'raw', attempts: 1 } }));
      sandbox.lambda.createFunctionFromDefinition({
        functionName: 'status-writer',
        handler: 'dynamodb_status.handler',
        runtime: 'python3.12',
        codeDirectory: PYTHON_FIXTURES,
        timeoutSeconds: 10,
        memorySize: 256,
        environment: { TABLE_NAME: 'tables-status' },
      });
      const output = await lambda.send(
        new InvokeCommand({ FunctionName: 'status-writer', Payload: json({ id: 'object-1', stage: 'stage' }) }),
      );
      assert.equal(output.FunctionError, undefined, payloadText(output));
      assert.deepEqual(payloadOf(output), {
        attempts: 1,
        stage: 'stage',
        by_stage: ['object-1'],
        duplicate_refused: true,
        seed_attempts: 1,
      });
      const stored = await documents.send(new GetCommand({ TableName: 'tables-status', Key: { id: 'object-1' } }));
      assert.deepEqual(stored.Item, { id: 'object-1', stage: 'stage', attempts: 1, ratio: 0.25 });
    });
  });
});
