import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient, type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createQueue } from '../helpers/messaging';
import { startSandbox } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';
import type { DeployedStack } from '../../sandbox/stores/stacks/stack-store';

const TEMPLATE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/sdlf-stage/template.yaml');

describe('an SDLF-shaped stage deployed unchanged: a raw file flows to the stage bucket, the status table and, on failure, the alert topic', () => {
  let sandbox: Sandbox;
  let stack: DeployedStack;
  let s3: S3Client;
  let sqs: SQSClient;
  let sfn: SFNClient;
  let dynamodb: DynamoDBClient;
  let sns: SNSClient;
  let alerts: { url: string; arn: string };
  const output = (key: string) => stack.Outputs.find((candidate) => candidate.OutputKey === key)!.OutputValue!;

  before(async () => {
    const started = await startSandbox();
    sandbox = started.sandbox;
    // SDLF's visibility timeout is 60 s; a shorter one keeps the retry-then-dead-letter path quick.
    stack = await sandbox.deploy({ name: 'sdlf-engineering-main-a', templateFile: TEMPLATE, parameters: { pQueueVisibilityTimeout: '2' } });
    s3 = new S3Client(started.config);
    sqs = new SQSClient(started.config);
    sfn = new SFNClient(started.config);
    dynamodb = new DynamoDBClient(started.config);
    sns = new SNSClient(started.config);
    alerts = await createQueue(sqs, 'alerts-seen');
    await sns.send(new SubscribeCommand({ TopicArn: output('AlertTopic'), Protocol: 'sqs', Endpoint: alerts.arn }));
  });
  after(async () => {
    for (const client of [s3, sqs, sfn, dynamodb, sns]) client.destroy();
    await sandbox.stop();
  });

  /** The execution the routing Lambda started for `key`, once it has ended. */
  async function finishedExecutionFor(key: string): Promise<DescribeExecutionCommandOutput> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: output('StateMachine') }));
      for (const execution of executions) {
        const described = await sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }));
        if ((JSON.parse(described.input ?? '{}') as { key?: string }).key === key && described.status !== 'RUNNING') return described;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`no execution ended for ${key} within a minute`);
  }

  const status = async (key: string) =>
    (
      await dynamodb.send(
        new GetItemCommand({ TableName: output('StatusTable'), Key: { id: { S: `s3://${output('RawBucket')}/${key}` } } }),
      )
    ).Item;

  it('a CSV put in the raw bucket ends in the stage bucket as JSON lines, and the status item says COMPLETED', async () => {
    const key = 'engineering/legislators/persons.csv';
    await s3.send(new PutObjectCommand({ Bucket: output('RawBucket'), Key: key, Body: 'id,name\n1,Ada\n2,Grace\n' }));
    const execution = await finishedExecutionFor(key);
    assert.equal(execution.status, 'SUCCEEDED', execution.cause);
    const input = JSON.parse(execution.input!) as Record<string, unknown>;
    assert.equal(input.team, 'engineering');
    assert.equal(input.dataset, 'legislators');
    const item = await status(key);
    assert.equal(item?.status?.S, 'COMPLETED');
    assert.equal(item?.row_count?.N, '2');
    const written = await s3.send(
      new GetObjectCommand({ Bucket: output('StageBucket'), Key: 'post-stage/engineering/legislators/persons.json' }),
    );
    assert.deepEqual(
      (await written.Body!.transformToString()).split('\n').map((line) => JSON.parse(line) as unknown),
      [
        { id: '1', name: 'Ada' },
        { id: '2', name: 'Grace' },
      ],
    );
  });

  it('a file the transformation cannot read fails the execution, marks the item FAILED and alerts the topic', async () => {
    const key = 'engineering/legislators/empty.csv';
    await s3.send(new PutObjectCommand({ Bucket: output('RawBucket'), Key: key, Body: 'id,name\n' }));
    const execution = await finishedExecutionFor(key);
    assert.equal(execution.status, 'FAILED');
    assert.equal((await status(key))?.status?.S, 'FAILED');
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: alerts.url, WaitTimeSeconds: 10 }));
    const envelope = JSON.parse(Messages[0]!.Body!) as { Subject: string; Message: string };
    assert.equal(envelope.Subject, 'SDLF stage a failed');
    assert.match(JSON.parse(envelope.Message).object as string, /empty\.csv$/);
  });

  it('a malformed message on the routing queue ends in the dead-letter queue', async () => {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: output('RoutingQueueUrl'),
        MessageBody: '{"not": "an S3 event"}',
        MessageGroupId: 'engineering-main',
      }),
    );
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: output('DeadLetterQueueUrl'), WaitTimeSeconds: 20 }));
    assert.equal(Messages[0]?.Body, '{"not": "an S3 event"}');
  });
});
