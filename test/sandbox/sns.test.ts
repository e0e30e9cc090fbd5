import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  NotFoundException,
  PublishBatchCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { loadParity, startSandbox } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';

type Recorded = Record<string, Record<string, unknown>>;

describe('SNS through the unmodified SDK client (Query protocol), delivering to SQS', () => {
  let sandbox: Sandbox;
  let sns: SNSClient;
  let sqs: SQSClient;
  let counter = 0;

  before(async () => {
    const started = await startSandbox();
    sandbox = started.sandbox;
    sns = new SNSClient(started.config);
    sqs = new SQSClient(started.config);
  });
  after(async () => {
    sns.destroy();
    sqs.destroy();
    await sandbox.stop();
  });

  /** A topic with a queue subscribed to it (subscription attributes as given). */
  async function topicWithQueue(attributes: Record<string, string> = {}, fifo = false) {
    counter += 1;
    const suffix = fifo ? '.fifo' : '';
    const { TopicArn } = await sns.send(
      new CreateTopicCommand({
        Name: `topic-${counter}${suffix}`,
        Attributes: fifo ? { FifoTopic: 'true', ContentBasedDeduplication: 'true' } : {},
      }),
    );
    const queueUrl = (
      await sqs.send(new CreateQueueCommand({ QueueName: `subscriber-${counter}${suffix}`, Attributes: fifo ? { FifoQueue: 'true' } : {} }))
    ).QueueUrl!;
    const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!
      .QueueArn!;
    const { SubscriptionArn } = await sns.send(
      new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArn, Attributes: attributes }),
    );
    return { topicArn: TopicArn!, queueUrl, queueArn, subscriptionArn: SubscriptionArn! };
  }

  const receive = async (queueUrl: string, wait = 5): Promise<Message[]> =>
    (
      await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: wait, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }),
      )
    ).Messages ?? [];

  it('delivers the SNS envelope, and the bare message with its attributes when raw (parity: publish-sqs-envelope-and-raw)', async () => {
    const parity = await loadParity<Recorded>('sns/publish-sqs-envelope-and-raw.json');
    const enveloped = await topicWithQueue();
    const published = await sns.send(
      new PublishCommand({
        TopicArn: enveloped.topicArn,
        Message: 'Test msg',
        MessageAttributes: { attr1: { DataType: 'Number', StringValue: '100.12' } },
      }),
    );
    const [message] = await receive(enveloped.queueUrl);
    const envelope = JSON.parse(message!.Body!) as Record<string, unknown>;
    const recordedEnvelope = (parity['message-raw-false']!.Messages as Array<{ Body: Record<string, unknown> }>)[0]!.Body;
    assert.deepEqual(Object.keys(envelope), Object.keys(recordedEnvelope), 'the envelope has AWS’s fields in AWS’s order');
    assert.equal(envelope.MessageId, published.MessageId);
    assert.equal(envelope.Message, 'Test msg');
    assert.deepEqual(envelope.MessageAttributes, recordedEnvelope.MessageAttributes);
    assert.match(String(envelope.Timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.match(String(envelope.UnsubscribeURL), new RegExp(`Action=Unsubscribe&SubscriptionArn=${enveloped.subscriptionArn}$`));

    const raw = await topicWithQueue({ RawMessageDelivery: 'true' });
    const attributes = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: raw.subscriptionArn }));
    assert.deepEqual(
      Object.keys(attributes.Attributes ?? {}).sort(),
      Object.keys(parity['sub-attrs-raw-true']!.Attributes as object).sort(),
    );
    await sns.send(
      new PublishCommand({
        TopicArn: raw.topicArn,
        Message: 'Test msg',
        MessageAttributes: { attr1: { DataType: 'Number', StringValue: '99.12' } },
      }),
    );
    const [rawMessage] = await receive(raw.queueUrl);
    const recordedRaw = (parity['message-raw-true']!.Messages as Array<Record<string, unknown>>)[0]!;
    assert.equal(rawMessage?.Body, recordedRaw.Body);
    assert.deepEqual(rawMessage?.MessageAttributes, recordedRaw.MessageAttributes);
    assert.equal(rawMessage?.MD5OfMessageAttributes, recordedRaw.MD5OfMessageAttributes);
  });

  it('filters by message attributes (parity: filter-policy-attributes)', async () => {
    const parity = await loadParity<Recorded>('sns/filter-policy-attributes.json');
    const { topicArn, queueUrl, subscriptionArn } = await topicWithQueue();
    await sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn: subscriptionArn,
        AttributeName: 'FilterPolicy',
        AttributeValue: JSON.stringify({ attr1: [{ numeric: ['>', 0, '<=', 100] }] }),
      }),
    );
    const attributes = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }));
    assert.equal(
      attributes.Attributes?.FilterPolicyScope,
      (parity['subscription-attributes']!.Attributes as Record<string, string>).FilterPolicyScope,
    );
    await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: 'This is a test message',
        MessageAttributes: { attr1: { DataType: 'Number', StringValue: '99' } },
      }),
    );
    await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: 'This is another test message',
        MessageAttributes: { attr1: { DataType: 'Number', StringValue: '111' } },
      }),
    );
    await sandbox.provider('sns').settled();
    const messages = await receive(queueUrl, 1);
    assert.deepEqual(
      messages.map((message) => (JSON.parse(message.Body!) as { Message: string }).Message),
      ((parity['messages-1']!.Messages as Array<{ Body: { Message: string } }>) ?? []).map((message) => message.Body.Message),
    );
  });

  it('filters on the message body when the scope says so (parity: filter-policy-body-raw)', async () => {
    const parity = await loadParity<Recorded>('sns/filter-policy-body-raw.json');
    const { topicArn, queueUrl, subscriptionArn } = await topicWithQueue({ RawMessageDelivery: 'true' });
    const policy = { object: { key: [{ prefix: 'auto-' }, 'hardcodedvalue'], nested_key: [{ exists: false }] }, test: [{ exists: false }] };
    await sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn: subscriptionArn,
        AttributeName: 'FilterPolicyScope',
        AttributeValue: 'MessageBody',
      }),
    );
    await sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn: subscriptionArn,
        AttributeName: 'FilterPolicy',
        AttributeValue: JSON.stringify(policy),
      }),
    );
    const passing = [{ object: { key: 'auto-test' } }, { object: { key: 'hardcodedvalue' } }];
    const failing = [
      { object: { key: 'test-auto' } },
      { object: { key: 'auto-test' }, test: 'just-exists' },
      { object: { key: 'auto-test', nested_key: 'just-exists' } },
      { test: 'auto-test' },
    ];
    for (const message of [...passing, ...failing])
      await sns.send(new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify(message) }));
    await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'Regular string message' }));
    await sandbox.provider('sns').settled();
    const bodies = (await receive(queueUrl, 1)).map((message) => JSON.parse(message.Body!) as unknown);
    const recorded = ['recv-passed-msg-0', 'recv-passed-msg-1'].map((key) => (parity[key]!.Messages as Array<{ Body: unknown }>)[0]!.Body);
    assert.deepEqual(bodies, recorded);
  });

  it('answers topic attributes and a missing topic as SNS does (parity: topic-attributes)', async () => {
    const parity = await loadParity<Recorded>('sns/topic-attributes.json');
    const { TopicArn } = await sns.send(
      new CreateTopicCommand({ Name: 'attributes.fifo', Attributes: { FifoTopic: 'true', DisplayName: 'TestTopic' } }),
    );
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    const recorded = parity['get-topic-attrs']!.Attributes as Record<string, unknown>;
    const expectedKeys = Object.keys(recorded).filter((key) => key !== 'SignatureVersion');
    assert.deepEqual(Object.keys(Attributes ?? {}).sort(), expectedKeys.sort());
    assert.deepEqual(
      JSON.parse(Attributes!.Policy!).Statement[0].Action,
      (recorded.Policy as { Statement: Array<{ Action: string[] }> }).Statement[0]!.Action,
    );
    assert.deepEqual(JSON.parse(Attributes!.EffectiveDeliveryPolicy!), recorded.EffectiveDeliveryPolicy);
    const missing = await sns.send(new GetTopicAttributesCommand({ TopicArn: `${TopicArn}-nope` })).catch((e: unknown) => e);
    assert.ok(missing instanceof NotFoundException);
    const error = parity['get-attrs-nonexistent-topic']!.Error as Record<string, string>;
    assert.equal(missing.message, error.Message);
    assert.equal(missing.$metadata.httpStatusCode, 404);
  });

  it('keeps a FIFO topic’s order and deduplicates into a FIFO queue', async () => {
    const { topicArn, queueUrl } = await topicWithQueue({}, true);
    const batch = await sns.send(
      new PublishBatchCommand({
        TopicArn: topicArn,
        PublishBatchRequestEntries: ['one', 'two', 'one'].map((message, index) => ({
          Id: `e${index}`,
          Message: message,
          MessageGroupId: 'g',
        })),
      }),
    );
    assert.equal(batch.Successful?.length, 3);
    assert.equal(batch.Successful?.[2]?.MessageId, batch.Successful?.[0]?.MessageId, 'the content-based duplicate answers the first id');
    await sandbox.provider('sns').settled();
    const received = await receive(queueUrl, 1);
    assert.deepEqual(
      received.map((message) => (JSON.parse(message.Body!) as { Message: string }).Message),
      ['one', 'two'],
    );
    for (const message of received) await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
  });
});
