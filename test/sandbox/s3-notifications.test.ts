import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createQueue as createQueueWithArn, shape } from '../helpers/messaging';
import { loadParity, startSandbox } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';

type Recorded = Record<string, Record<string, unknown>>;

describe('S3 event notifications (EventBridge, SQS) through the unmodified SDK clients', () => {
  let sandbox: Sandbox;
  let s3: S3Client;
  let sqs: SQSClient;
  let events: EventBridgeClient;

  before(async () => {
    const started = await startSandbox();
    sandbox = started.sandbox;
    s3 = new S3Client(started.config);
    sqs = new SQSClient(started.config);
    events = new EventBridgeClient(started.config);
  });
  after(async () => {
    for (const client of [s3, sqs, events]) client.destroy();
    await sandbox.stop();
  });

  const queue = (name: string) => createQueueWithArn(sqs, name);
  const bodies = async (url: string, wait = 5) =>
    ((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: wait, MaxNumberOfMessages: 10 }))).Messages ?? []).map(
      (message) => JSON.parse(message.Body!) as Record<string, unknown>,
    );

  it('emits "Object Created" and "Object Deleted" to EventBridge in S3’s shape (parity: notification-eventbridge-object-created-deleted)', async () => {
    const parity = await loadParity<Recorded>('s3/notification-eventbridge-object-created-deleted.json');
    await s3.send(new CreateBucketCommand({ Bucket: 'raw-events' }));
    await s3.send(
      new PutBucketNotificationConfigurationCommand({ Bucket: 'raw-events', NotificationConfiguration: { EventBridgeConfiguration: {} } }),
    );
    const target = await queue('s3-events');
    await events.send(
      new PutRuleCommand({
        Name: 's3-objects',
        EventPattern: JSON.stringify({ source: ['aws.s3'], detail: { bucket: { name: ['raw-events'] } } }),
      }),
    );
    await events.send(new PutTargetsCommand({ Rule: 's3-objects', Targets: [{ Id: 'q', Arn: target.arn }] }));
    await s3.send(new PutObjectCommand({ Bucket: 'raw-events', Key: 'inbound/file.csv', Body: 'data' }));
    const [created] = await bodies(target.url);
    await s3.send(new DeleteObjectCommand({ Bucket: 'raw-events', Key: 'inbound/file.csv' }));
    const [deleted] = await bodies(target.url);
    assert.deepEqual(shape(created), shape(parity.object_created));
    assert.deepEqual(shape(deleted), shape(parity.object_deleted));
    const detail = created!.detail as Record<string, Record<string, unknown>>;
    assert.equal(created!['detail-type'], parity.object_created!['detail-type']);
    assert.equal(
      detail.object!.etag,
      (parity.object_created!.detail as Record<string, Record<string, unknown>>).object!.etag,
      'the ETag of "data", unquoted',
    );
    assert.equal(detail.object!.key, 'inbound/file.csv');
    assert.equal(detail.reason, 'PutObject');
    assert.equal((deleted!.detail as Record<string, unknown>)['deletion-type'], 'Permanently Deleted');
    assert.deepEqual(created!.resources, ['arn:aws:s3:::raw-events']);
  });

  it('sends S3 event records to a queue, filtered by prefix and suffix (parity: notification-sqs-with-filter, notification-sqs-created-removed)', async () => {
    const filtered = await loadParity<Recorded>('s3/notification-sqs-with-filter.json');
    const lifecycle = await loadParity<{ receive_messages: { messages: Array<Record<string, unknown>> } }>(
      's3/notification-sqs-created-removed.json',
    );
    await s3.send(new CreateBucketCommand({ Bucket: 'landing-zone' }));
    const target = await queue('s3-records');
    const recordedConfig = (filtered.config!.QueueConfigurations as Array<Record<string, unknown>>)[0]!;
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'landing-zone',
        NotificationConfiguration: {
          QueueConfigurations: [
            {
              Id: 'uploads',
              QueueArn: target.arn,
              Events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:Delete'],
              Filter: {
                Key: {
                  FilterRules: [
                    { Name: 'prefix', Value: 'testupload/' },
                    { Name: 'suffix', Value: 'testfile.txt' },
                  ],
                },
              },
            },
          ],
        },
      }),
    );
    const configuration = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'landing-zone' }));
    assert.deepEqual(
      configuration.QueueConfigurations?.[0]?.Filter,
      recordedConfig.Filter,
      'rule names answered as S3 does (Prefix, Suffix)',
    );
    assert.deepEqual(configuration.QueueConfigurations?.[0]?.Events, recordedConfig.Events);
    const [testEvent] = await bodies(target.url);
    assert.equal(testEvent?.Event, 's3:TestEvent');

    await s3.send(new PutObjectCommand({ Bucket: 'landing-zone', Key: 'other/testfile.txt', Body: 'ignored by the prefix' }));
    await s3.send(
      new PutObjectCommand({ Bucket: 'landing-zone', Key: 'testupload/dir1/testfile.txt', Body: '{"test": "bucket_notification2"}' }),
    );
    await s3.send(
      new CopyObjectCommand({
        Bucket: 'landing-zone',
        Key: 'testupload/copy/testfile.txt',
        CopySource: 'landing-zone/testupload/dir1/testfile.txt',
      }),
    );
    await s3.send(new DeleteObjectCommand({ Bucket: 'landing-zone', Key: 'testupload/dir1/testfile.txt' }));
    await sandbox.provider('s3').notifications.settled();
    const records = (await bodies(target.url, 1)).flatMap((body) => body.Records as Array<Record<string, unknown>>);
    assert.deepEqual(
      records.map((record) => record.eventName),
      ['ObjectCreated:Put', 'ObjectCreated:Copy', 'ObjectRemoved:Delete'],
    );
    const recordedPut = filtered.message!;
    assert.deepEqual(shape(records[0]), shape(recordedPut));
    const object = (records[0]!.s3 as Record<string, Record<string, unknown>>).object!;
    const recordedObject = (recordedPut.s3 as Record<string, Record<string, unknown>>).object!;
    assert.equal(object.eTag, recordedObject.eTag);
    assert.equal(object.size, recordedObject.size);
    assert.equal(object.key, recordedObject.key);
    assert.equal(records[0]!.eventVersion, '2.1');
    const recordedRemoved = lifecycle.receive_messages.messages.find((message) => message.eventName === 'ObjectRemoved:Delete');
    assert.deepEqual(shape(records[2]), shape(recordedRemoved));
  });

  it('refuses a configuration whose queue does not exist', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'misconfigured' }));
    const error = await s3
      .send(
        new PutBucketNotificationConfigurationCommand({
          Bucket: 'misconfigured',
          NotificationConfiguration: {
            QueueConfigurations: [{ QueueArn: 'arn:aws:sqs:us-east-1:000000000000:nowhere', Events: ['s3:ObjectCreated:*'] }],
          },
        }),
      )
      .catch((e: unknown) => e);
    assert.ok(error instanceof S3ServiceException);
    assert.equal(error.name, 'InvalidArgument');
    assert.equal(error.message, 'Unable to validate the following destination configurations');
  });
});
