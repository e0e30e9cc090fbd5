import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  SQSServiceException,
  TooManyEntriesInBatchRequest,
} from '@aws-sdk/client-sqs';
import { loadParity, startSandbox } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';

type Recorded = Record<string, Record<string, unknown>>;

describe('SQS through the unmodified SDK client (JSON protocol)', () => {
  let sandbox: Sandbox;
  let sqs: SQSClient;

  before(async () => {
    const started = await startSandbox();
    sandbox = started.sandbox;
    sqs = new SQSClient(started.config);
  });
  after(async () => {
    sqs.destroy();
    await sandbox.stop();
  });

  const createQueue = async (name: string, attributes: Record<string, string> = {}): Promise<string> =>
    (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;

  it('sends, receives and deletes a message with attributes; the SDK checks the MD5s (parity: dead-letter-queue-message-attributes)', async () => {
    const parity = await loadParity<{ 'rec-pre-dlq': Array<Record<string, unknown>> }>('sqs/dead-letter-queue-message-attributes.json');
    const recorded = parity['rec-pre-dlq'][0]!;
    const url = await createQueue('round-trip');
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'message-1',
        MessageAttributes: { MyAttribute: { DataType: 'String', StringValue: 'foobar' } },
      }),
    );
    assert.equal(sent.MD5OfMessageBody, recorded.MD5OfBody);
    assert.equal(sent.MD5OfMessageAttributes, recorded.MD5OfMessageAttributes);
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }),
    );
    const message = received.Messages?.[0];
    assert.ok(message);
    assert.equal(message.Body, 'message-1');
    assert.equal(message.MessageId, sent.MessageId);
    assert.deepEqual(message.MessageAttributes, recorded.MessageAttributes);
    assert.equal(message.Attributes?.ApproximateReceiveCount, '1');
    assert.deepEqual(Object.keys(message.Attributes ?? {}).sort(), [
      'ApproximateFirstReceiveTimestamp',
      'ApproximateReceiveCount',
      'SenderId',
      'SentTimestamp',
    ]);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
    const counts = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    assert.equal(counts.Attributes?.ApproximateNumberOfMessages, '0');
    assert.equal(counts.Attributes?.ApproximateNumberOfMessagesNotVisible, '0');
  });

  it('computes the MD5 of binary attributes as SQS does (parity: binary-message-attributes)', async () => {
    const parity = await loadParity<Recorded>('sqs/binary-message-attributes.json');
    const recorded = (parity['binary-attrs-msg']!.Messages as Array<Record<string, string>>)[0]!;
    const url = await createQueue('binary-attributes');
    const value = Buffer.from('traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01', 'latin1');
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'test',
        MessageAttributes: { attr1: { DataType: 'Binary', BinaryValue: value } },
      }),
    );
    assert.equal(sent.MD5OfMessageAttributes, recorded.MD5OfMessageAttributes);
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['All'] }));
    assert.deepEqual(Buffer.from(received.Messages![0]!.MessageAttributes!.attr1!.BinaryValue!), value);
  });

  it('answers the attributes of a queue as SQS does (parity: queue-attributes)', async () => {
    const parity = await loadParity<{ get_queue_attributes: { Attributes: Record<string, string> } }>('sqs/queue-attributes.json');
    const url = await createQueue('attributes', {
      DelaySeconds: '0',
      ReceiveMessageWaitTimeSeconds: '10',
      VisibilityTimeout: '20',
      MessageRetentionPeriod: '604800',
    });
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    const recorded = parity.get_queue_attributes.Attributes;
    assert.deepEqual(Object.keys(Attributes ?? {}).sort(), Object.keys(recorded).sort());
    for (const name of [
      'DelaySeconds',
      'MaximumMessageSize',
      'MessageRetentionPeriod',
      'ReceiveMessageWaitTimeSeconds',
      'SqsManagedSseEnabled',
      'VisibilityTimeout',
    ]) {
      assert.equal((Attributes as Record<string, string> | undefined)?.[name], recorded[name], name);
    }
    assert.equal(Attributes?.QueueArn, 'arn:aws:sqs:us-east-1:000000000000:attributes');
  });

  it('hides a received message for its visibility timeout and hands it out again when made visible', async () => {
    const url = await createQueue('visibility');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'again' }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 30 }));
    assert.equal(first.Messages?.length, 1);
    const hidden = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    assert.equal(hidden.Messages, undefined, 'an in-flight message is not received again');
    await sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: first.Messages![0]!.ReceiptHandle, VisibilityTimeout: 0 }),
    );
    const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    assert.equal(second.Messages?.[0]?.Body, 'again');
    assert.equal(second.Messages?.[0]?.Attributes?.ApproximateReceiveCount, '2');
    assert.notEqual(second.Messages?.[0]?.ReceiptHandle, first.Messages![0]!.ReceiptHandle, 'every receive has its own handle');
  });

  it('long-polls without holding the sandbox: other calls are served while a receive waits, and a send ends the wait', async () => {
    const url = await createQueue('long-poll');
    const started = Date.now();
    const waiting = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 10 }));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const listed = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'long' }));
    assert.equal(listed.QueueUrls?.length, 1, 'served during the wait');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake up' }));
    const received = await waiting;
    assert.equal(received.Messages?.[0]?.Body, 'wake up');
    assert.ok(Date.now() - started < 5000, 'the wait ended with the send, not at WaitTimeSeconds');
  });

  it('refuses WaitTimeSeconds outside 0–20 with SQS words (parity: receive-wait-time-seconds)', async () => {
    const parity = await loadParity<Recorded>('sqs/receive-wait-time-seconds.json');
    const url = await createQueue('wait-bounds');
    const error = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 21 })).catch((e: unknown) => e);
    assert.ok(error instanceof SQSServiceException);
    const recorded = parity.recieve_message_error_too_large!.Error as Record<string, string>;
    assert.equal(error.message, recorded.Message);
    assert.equal((error as unknown as { Code: string }).Code, recorded.Code);
    assert.equal(error.name, recorded.Code, 'the SDK names the error after the Query code in x-amzn-query-error');
  });

  it('keeps FIFO order within a group, holds a group while a message is in flight, and drops duplicates (parity: fifo-deduplication-after-delete)', async () => {
    const parity = await loadParity<Recorded>('sqs/fifo-deduplication-after-delete.json');
    const url = await createQueue('orders.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    for (const body of ['a1', 'a2', 'a3'])
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: 'a' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'b1', MessageGroupId: 'b' }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 2 }));
    assert.deepEqual(
      first.Messages?.map((message) => message.Body),
      ['a1', 'a2'],
    );
    const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    assert.deepEqual(
      second.Messages?.map((message) => message.Body),
      ['b1'],
      'group a is held while a1 and a2 are in flight',
    );
    for (const message of first.Messages ?? [])
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
    const third = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    assert.deepEqual(
      third.Messages?.map((message) => message.Body),
      ['a3'],
    );

    const item = '{"foo": "bar"}';
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: item, MessageGroupId: 'group-1' }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['All'] }));
    const recorded = (parity['get-messages']!.Messages as Array<Record<string, unknown>>)[0]!;
    assert.equal(got.Messages?.[0]?.MD5OfBody, recorded.MD5OfBody);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: got.Messages![0]!.ReceiptHandle }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: item, MessageGroupId: 'group-1' }));
    const duplicate = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    assert.equal(duplicate.Messages, undefined, 'a duplicate within 5 minutes is not delivered again, even after the delete');
    assert.equal(Object.keys(parity['get-messages-duplicate']!).includes('Messages'), false);
  });

  it('refuses a FIFO send without group or deduplication id as SQS does (parity: error-fifo-requires-group-and-deduplication-id)', async () => {
    const parity = await loadParity<Recorded>('sqs/error-fifo-requires-group-and-deduplication-id.json');
    const url = await createQueue('strict.fifo', { FifoQueue: 'true' });
    const noDeduplication = await sqs
      .send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g' }))
      .catch((e: unknown) => e);
    const noGroup = await sqs
      .send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageDeduplicationId: 'd' }))
      .catch((e: unknown) => e);
    for (const [error, key] of [
      [noDeduplication, 'invalid-parameter-value'],
      [noGroup, 'missing-parameter'],
    ] as const) {
      const recorded = parity[key]!.Error as Record<string, string>;
      assert.ok(error instanceof SQSServiceException, key);
      assert.equal(error.message, recorded.Message);
      assert.equal((error as unknown as { Code: string }).Code, recorded.Code);
      assert.equal(error.$metadata.httpStatusCode, 400);
    }
  });

  it('moves a message received more than maxReceiveCount times to its dead-letter queue (parity: dead-letter-queue-message-attributes)', async () => {
    const parity = await loadParity<{ 'dlq-messages': Array<{ Attributes: Record<string, string> }> }>(
      'sqs/dead-letter-queue-message-attributes.json',
    );
    const dlqUrl = await createQueue('orders-dlq');
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes!
      .QueueArn!;
    const url = await createQueue('orders-source', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) });
    const sourceArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!
      .QueueArn!;
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'poison' }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0 }));
    assert.equal(first.Messages?.length, 1);
    const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    assert.equal(second.Messages, undefined, 'the second receive moves it instead of handing it out');
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MessageSystemAttributeNames: ['All'] }));
    const message = dead.Messages?.[0];
    assert.equal(message?.MessageId, sent.MessageId, 'the message keeps its id');
    const recorded = parity['dlq-messages'][1]!.Attributes;
    // The recording test removed SenderId before recording.
    assert.deepEqual(Object.keys(message?.Attributes ?? {}).sort(), [...Object.keys(recorded), 'SenderId'].sort());
    assert.equal(message?.Attributes?.ApproximateReceiveCount, recorded.ApproximateReceiveCount);
    assert.equal(message?.Attributes?.DeadLetterQueueSourceArn, sourceArn);
  });

  it('answers batch calls entry by entry, and refuses more than 10 entries (parity: error-too-many-entries-in-batch)', async () => {
    const parity = await loadParity<Recorded>('sqs/error-too-many-entries-in-batch.json');
    const url = await createQueue('batches');
    const sent = await sqs.send(
      new SendMessageBatchCommand({ QueueUrl: url, Entries: [1, 2, 3].map((n) => ({ Id: `m${n}`, MessageBody: `body ${n}` })) }),
    );
    assert.deepEqual(
      sent.Successful?.map((entry) => entry.Id),
      ['m1', 'm2', 'm3'],
    );
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    assert.equal(received.Messages?.length, 3);
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'ok', ReceiptHandle: received.Messages![0]!.ReceiptHandle },
          { Id: 'bad', ReceiptHandle: 'not-a-handle' },
        ],
      }),
    );
    assert.deepEqual(
      deleted.Successful?.map((entry) => entry.Id),
      ['ok'],
    );
    assert.equal(deleted.Failed?.[0]?.Id, 'bad');
    assert.equal(deleted.Failed?.[0]?.Code, 'ReceiptHandleIsInvalid');
    const tooMany = await sqs
      .send(
        new SendMessageBatchCommand({ QueueUrl: url, Entries: Array.from({ length: 20 }, (_, n) => ({ Id: `m${n}`, MessageBody: 'x' })) }),
      )
      .catch((e: unknown) => e);
    assert.ok(tooMany instanceof TooManyEntriesInBatchRequest);
    assert.equal(tooMany.message, (parity.test_too_many_entries_in_batch_request!.Error as Record<string, string>).Message);
  });

  it('answers a queue that does not exist as SQS does (parity: error-non-existent-queue)', async () => {
    const parity = await loadParity<Recorded>('sqs/error-non-existent-queue.json');
    const recorded = parity['queue-does-not-exist']!.Error as Record<string, string>;
    const error = await sqs.send(new GetQueueUrlCommand({ QueueName: 'nope' })).catch((e: unknown) => e);
    assert.ok(error instanceof QueueDoesNotExist);
    assert.equal(error.message, recorded.Message);
    assert.equal((error as unknown as { Code: string }).Code, recorded.Code);
    assert.equal(error.$metadata.httpStatusCode, 400);
  });
});

describe('SQS over the Query protocol (what boto3 before 1.31 and the AWS CLI v1 speak)', () => {
  let sandbox: Sandbox;
  const query = async (params: Record<string, string>, path = '/'): Promise<{ status: number; body: string }> => {
    const response = await fetch(`${sandbox.endpoint}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20261203/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: new URLSearchParams({ Version: '2012-11-05', ...params }).toString(),
    });
    return { status: response.status, body: await response.text() };
  };

  before(async () => {
    sandbox = (await startSandbox()).sandbox;
  });
  after(() => sandbox.stop());

  it('creates a queue, sends with attributes and receives them in XML', async () => {
    const created = await query({
      Action: 'CreateQueue',
      QueueName: 'legacy',
      'Attribute.1.Name': 'VisibilityTimeout',
      'Attribute.1.Value': '45',
    });
    assert.equal(created.status, 200);
    const url = /<QueueUrl>([^<]+)<\/QueueUrl>/.exec(created.body)?.[1] ?? '';
    assert.ok(url.endsWith('/000000000000/legacy'));
    const sent = await query({
      Action: 'SendMessage',
      QueueUrl: url,
      MessageBody: 'from boto3 1.26',
      'MessageAttribute.1.Name': 'MyAttribute',
      'MessageAttribute.1.Value.StringValue': 'foobar',
      'MessageAttribute.1.Value.DataType': 'String',
    });
    assert.match(sent.body, /<MD5OfMessageAttributes>adb59cd4678ea5a855436b949cd07ab6<\/MD5OfMessageAttributes>/);
    const attributes = await query({ Action: 'GetQueueAttributes', QueueUrl: url, 'AttributeName.1': 'VisibilityTimeout' });
    assert.match(attributes.body, /<Attribute><Name>VisibilityTimeout<\/Name><Value>45<\/Value><\/Attribute>/);
    const received = await query(
      { Action: 'ReceiveMessage', 'MessageAttributeName.1': 'All', 'AttributeName.1': 'All' },
      '/000000000000/legacy',
    );
    assert.match(
      received.body,
      /<Message><MessageId>[^<]+<\/MessageId><ReceiptHandle>[^<]+<\/ReceiptHandle><MD5OfBody>[0-9a-f]{32}<\/MD5OfBody><Body>from boto3 1.26<\/Body>/,
    );
    assert.match(
      received.body,
      /<MessageAttribute><Name>MyAttribute<\/Name><Value><StringValue>foobar<\/StringValue><DataType>String<\/DataType><\/Value><\/MessageAttribute>/,
    );
    assert.match(received.body, /<Attribute><Name>ApproximateReceiveCount<\/Name><Value>1<\/Value><\/Attribute>/);
  });

  it('answers errors in the Query envelope with the Query wording (parity: error-non-existent-queue)', async () => {
    const parity = await loadParity<Recorded>('sqs/error-non-existent-queue.json');
    const recorded = parity['queue-does-not-exist-query']!.Error as Record<string, string>;
    const answer = await query({ Action: 'GetQueueUrl', QueueName: 'missing' });
    assert.equal(answer.status, 400);
    assert.match(
      answer.body,
      new RegExp(`<Type>${recorded.Type}</Type><Code>${recorded.Code}</Code><Message>${recorded.Message}</Message>`),
    );
  });
});
