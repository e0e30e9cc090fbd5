import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  LambdaClient,
  LambdaServiceException,
  ResourceConflictException,
} from '@aws-sdk/client-lambda';
import { ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createQueue as createQueueWithArn, shape } from '../helpers/messaging';
import { loadParity, startSandbox } from '../helpers/sandbox';
import { temporaryDirectory } from '../helpers/postflight-cli';
import type { Sandbox } from '../../sandbox/sandbox';

type Recorded = Record<string, Record<string, unknown>>;
const CODE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/lambda/sqs-batch-item-failure');

describe('Lambda event source mappings for SQS (ReportBatchItemFailures, retries, dead-letter queue)', () => {
  let sandbox: Sandbox;
  let sqs: SQSClient;
  let lambda: LambdaClient;
  let destination: string;

  const createQueue = (name: string, attributes: Record<string, string> = {}) => createQueueWithArn(sqs, name, attributes);

  before(async () => {
    const started = await startSandbox();
    sandbox = started.sandbox;
    sqs = new SQSClient(started.config);
    lambda = new LambdaClient(started.config);
    destination = (await createQueue('destination')).url;
    const directory = temporaryDirectory('esm');
    const template = path.join(directory, 'template.yaml');
    fs.writeFileSync(
      template,
      `Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: failing-lambda\n      Code: ${JSON.stringify(CODE)}\n` +
        `      Handler: index.handler\n      Runtime: nodejs22.x\n      Timeout: 6\n      Environment: { Variables: { DESTINATION_QUEUE_URL: ${JSON.stringify(destination)} } }\n`,
    );
    await sandbox.deploy({ name: 'esm', templateFile: template });
  });
  after(async () => {
    sqs.destroy();
    lambda.destroy();
    await sandbox.stop();
  });

  const invocations = async (count: number) => {
    const seen: Array<{
      event: { Records: Array<Record<string, unknown>> };
      result: { batchItemFailures: Array<{ itemIdentifier: string }> };
    }> = [];
    const deadline = Date.now() + 20_000;
    while (seen.length < count && Date.now() < deadline) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: destination, WaitTimeSeconds: 2, MaxNumberOfMessages: 10 }),
      );
      seen.push(...Messages.map((message) => JSON.parse(message.Body!)));
    }
    return seen;
  };

  it('retries only the records the function reports failed, then moves the last one to the DLQ (parity: esm-sqs-report-batch-item-failures)', async () => {
    const parity = await loadParity<Recorded>('lambda/esm-sqs-report-batch-item-failures.json');
    const dlq = await createQueue('event-dlq.fifo', { FifoQueue: 'true' });
    const source = await createQueue('source-queue.fifo', {
      FifoQueue: 'true',
      VisibilityTimeout: '1',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }),
    });
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: source.url,
        Entries: [0, 1, 1, 2].map((failAttempts, index) => ({
          Id: `message-${index + 1}`,
          MessageBody: JSON.stringify({ message: index + 1, fail_attempts: failAttempts }),
          MessageGroupId: '1',
          MessageDeduplicationId: `dedup-${index + 1}`,
        })),
      }),
    );
    const created = await lambda.send(
      new CreateEventSourceMappingCommand({
        EventSourceArn: source.arn,
        FunctionName: 'failing-lambda',
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    );
    const recordedCreate = parity.create_event_source_mapping!;
    assert.equal(created.$metadata.httpStatusCode, 202);
    const { $metadata: _, ...createdFields } = created;
    assert.deepEqual(
      Object.keys(createdFields).sort(),
      Object.keys(recordedCreate)
        .filter((key) => key !== 'ResponseMetadata')
        .sort(),
    );
    assert.equal(created.State, recordedCreate.State);

    const [first, second] = await invocations(2);
    const recordedFirst = (parity.first_invocation!.Messages as Array<{ Body: { event: { Records: unknown[] }; result: unknown } }>)[0]!
      .Body;
    const recordedSecond = (parity.second_invocation!.Messages as Array<{ Body: { event: { Records: unknown[] }; result: unknown } }>)[0]!
      .Body;
    assert.equal(first?.event.Records.length, recordedFirst.event.Records.length);
    assert.equal(second?.event.Records.length, recordedSecond.event.Records.length);
    const record = { ...first!.event.Records[0]!, body: JSON.parse(String(first!.event.Records[0]!.body)) };
    assert.deepEqual(shape(record), shape(recordedFirst.event.Records[0]), 'the SQS event record has Lambda’s fields');
    assert.equal(first!.event.Records[0]!.eventSource, 'aws:sqs');
    assert.equal(first!.event.Records[0]!.eventSourceARN, source.arn);
    assert.deepEqual(
      second!.event.Records.map((item) => (JSON.parse(String(item.body)) as { message: number }).message),
      [2, 3, 4],
      'only the reported failures come back',
    );
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.url, WaitTimeSeconds: 10 }));
    assert.deepEqual(JSON.parse(Messages[0]!.Body!), (parity.dlq_response!.Messages as Array<{ Body: unknown }>)[0]!.Body);
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
  });

  it('refuses a second mapping of the same queue and function, and a batch over 10 without a window (parity: esm-duplicate-error, esm-batch-size-validation)', async () => {
    const duplicate = await loadParity<Recorded>('lambda/esm-duplicate-error.json');
    const validation = await loadParity<Recorded>('lambda/esm-batch-size-validation.json');
    const queue = await createQueue('mapped-once');
    const created = await lambda.send(
      new CreateEventSourceMappingCommand({ EventSourceArn: queue.arn, FunctionName: 'failing-lambda', Enabled: false }),
    );
    const again = await lambda
      .send(new CreateEventSourceMappingCommand({ EventSourceArn: queue.arn, FunctionName: 'failing-lambda' }))
      .catch((e: unknown) => e);
    assert.ok(again instanceof ResourceConflictException);
    const recordedMessage = (duplicate.error!.Error as Record<string, string>).Message!;
    assert.equal(
      again.message,
      recordedMessage
        .replace('arn:<partition>:sqs:<region>:111111111111:<resource:1>', queue.arn)
        .replace('<resource:2>', 'failing-lambda')
        .replace('<uuid:1>', created.UUID!),
    );
    assert.equal(again.$metadata.httpStatusCode, 409);
    const tooBig = await lambda
      .send(
        new CreateEventSourceMappingCommand({
          EventSourceArn: (await createQueue('big-batches')).arn,
          FunctionName: 'failing-lambda',
          BatchSize: 20,
        }),
      )
      .catch((e: unknown) => e);
    assert.ok(tooBig instanceof LambdaServiceException);
    assert.equal(tooBig.message, (validation['invalid-create-event-source-mapping']!.Error as Record<string, string>).Message);
  });
});
