import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ListExecutionsCommand, SFNClient, DescribeExecutionCommand, type ExecutionListItem } from '@aws-sdk/client-sfn';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { LambdaClient, ListEventSourceMappingsCommand, GetEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { startSandbox } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';
import type { DeployedStack } from '../../sandbox/stores/stacks/stack-store';

const TEMPLATE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/triggered-pipeline/template.yaml');

describe('a triggered pipeline deployed from a template: S3 → EventBridge → SQS → Lambda → Step Functions', () => {
  let sandbox: Sandbox;
  let stack: DeployedStack;
  let s3: S3Client;
  let sqs: SQSClient;
  let sfn: SFNClient;
  let lambda: LambdaClient;
  const output = (key: string) => stack.Outputs.find((candidate) => candidate.OutputKey === key)!.OutputValue!;

  before(async () => {
    const started = await startSandbox();
    sandbox = started.sandbox;
    stack = await sandbox.deploy({ name: 'triggered', templateFile: TEMPLATE });
    s3 = new S3Client(started.config);
    sqs = new SQSClient(started.config);
    sfn = new SFNClient(started.config);
    lambda = new LambdaClient(started.config);
  });
  after(async () => {
    for (const client of [s3, sqs, sfn, lambda]) client.destroy();
    await sandbox.stop();
  });

  async function executionFor(key: string, deadline = Date.now() + 15_000): Promise<ExecutionListItem> {
    while (Date.now() < deadline) {
      const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: output('Pipeline') }));
      for (const execution of executions) {
        const described = await sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }));
        if ((JSON.parse(described.input ?? '{}') as { key?: string }).key === key && execution.status === 'SUCCEEDED') return execution;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.fail(`no succeeded execution for ${key} within the deadline`);
  }

  it('wires the SAM SQS event as an event source mapping', async () => {
    const { EventSourceMappings = [] } = await lambda.send(new ListEventSourceMappingsCommand({}));
    assert.equal(EventSourceMappings.length, 1);
    const mapping = await lambda.send(new GetEventSourceMappingCommand({ UUID: EventSourceMappings[0]!.UUID }));
    assert.equal(mapping.State, 'Enabled');
    assert.deepEqual(mapping.FunctionResponseTypes, ['ReportBatchItemFailures']);
    assert.equal(mapping.BatchSize, 10);
  });

  it('starts the state machine for a file put in the raw bucket, and it succeeds', async () => {
    await s3.send(new PutObjectCommand({ Bucket: output('RawBucket'), Key: 'landing/orders.csv', Body: 'id,qty\n1,2\n' }));
    const execution = await executionFor('landing/orders.csv');
    assert.equal(execution.status, 'SUCCEEDED');
  });

  it('puts a malformed message in the dead-letter queue after the router reports it failed', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: output('RoutingQueueUrl'), MessageBody: 'not an S3 event' }));
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: output('DeadLetterQueueUrl'), WaitTimeSeconds: 15, MessageSystemAttributeNames: ['All'] }),
    );
    assert.equal(Messages[0]?.Body, 'not an S3 event');
    assert.match(Messages[0]?.Attributes?.DeadLetterQueueSourceArn ?? '', /:triggered-RoutingQueue-/);
  });
});
