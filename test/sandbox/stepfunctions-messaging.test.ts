import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SFNClient, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { startSandbox } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';
import { createMachine, historyOf, runMachine, typesOf, waitForExecution } from '../fixtures/stepfunctions/sfn-client';

/**
 * The optimized integrations with the messaging and table services, through the SDK against the
 * sandbox's own SQS, SNS, EventBridge and DynamoDB: what the message or item the state machine
 * sends becomes there, the task's result in AWS's shape, the errors by AWS's names, and the
 * `.waitForTaskToken` round trip through a queue.
 */
const task = (Resource: string, Parameters: unknown, extra: Record<string, unknown> = {}) => ({
  StartAt: 'T',
  States: { T: { Type: 'Task', Resource, Parameters, End: true, ...extra } },
});
const detailsOf = (events: { type?: string }[], type: string): Record<string, unknown> | undefined => {
  const event = events.find((candidate) => candidate.type === type) as Record<string, unknown> | undefined;
  const key = event && Object.keys(event).find((member) => member.endsWith('EventDetails'));
  return key ? (event[key] as Record<string, unknown>) : undefined;
};

describe('Step Functions integrations with SQS, SNS, EventBridge and DynamoDB', () => {
  let sandbox: Sandbox;
  let sfn: SFNClient;
  let sqs: SQSClient;
  let sns: SNSClient;
  let dynamodb: DynamoDBClient;
  let events: EventBridgeClient;

  before(async () => {
    const started = await startSandbox();
    sandbox = started.sandbox;
    sfn = new SFNClient(started.config);
    sqs = new SQSClient(started.config);
    sns = new SNSClient(started.config);
    dynamodb = new DynamoDBClient(started.config);
    events = new EventBridgeClient(started.config);
  });
  after(async () => {
    for (const client of [sfn, sqs, sns, dynamodb, events]) client.destroy();
    await sandbox.stop();
  });

  const newQueue = async (name: string) => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    return { url: QueueUrl!, arn: Attributes!.QueueArn! };
  };
  const receive = async (url: string) => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 5, MessageAttributeNames: ['All'] }),
    );
    const message = Messages[0];
    assert.ok(message, `a message arrived in ${url}`);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
    return message;
  };

  describe('sqs:sendMessage', () => {
    it('sends the JSON text of a non-string MessageBody and answers SendMessage with the SDK metadata', async () => {
      const queue = await newQueue('orders');
      const { description } = await runMachine(
        sfn,
        task('arn:aws:states:::sqs:sendMessage', {
          QueueUrl: queue.url,
          MessageBody: { order: 7 },
          MessageAttributes: { kind: { DataType: 'String', StringValue: 'new' } },
        }),
      );
      assert.equal(description.status, 'SUCCEEDED');
      const output = JSON.parse(description.output!) as Record<string, unknown>;
      assert.match(String(output.MessageId), /^[0-9a-f-]{36}$/);
      assert.ok(output.MD5OfMessageBody && output.SdkHttpMetadata && output.SdkResponseMetadata, description.output);
      const message = await receive(queue.url);
      assert.equal(message.Body, '{"order":7}');
      assert.equal(message.MessageAttributes?.kind?.StringValue, 'new');
    });

    it('names a missing queue SQS.QueueDoesNotExistException, and a missing body SQS.AmazonSQSException', async () => {
      const missingQueue = await runMachine(
        sfn,
        task('arn:aws:states:::sqs:sendMessage', { QueueUrl: 'http://sqs.us-east-1.localhost/000000000000/nowhere', MessageBody: 'x' }),
      );
      assert.equal(missingQueue.description.error, 'SQS.QueueDoesNotExistException');
      assert.match(
        missingQueue.description.cause!,
        /\(Service: AmazonSQS; Status Code: 400; Error Code: [\w.]+NonExistentQueue; Request ID: /,
      );
      const queue = await newQueue('no-body');
      const noBody = await runMachine(sfn, task('arn:aws:states:::sqs:sendMessage', { QueueUrl: queue.url, 'MessageBody.$': '$.body' }), {
        body: null,
      });
      assert.equal(noBody.description.error, 'SQS.AmazonSQSException');
      assert.match(
        noBody.description.cause!,
        /^The request must contain the parameter MessageBody\. \(Service: AmazonSQS;.*Error Code: MissingParameter;/,
      );
    });

    it('.waitForTaskToken: a worker reads the token from the queue and SendTaskSuccess completes the state', async () => {
      const queue = await newQueue('approvals');
      const stateMachineArn = await createMachine(
        sfn,
        task('arn:aws:states:::sqs:sendMessage.waitForTaskToken', {
          QueueUrl: queue.url,
          MessageBody: { 'file.$': '$.file', 'token.$': '$$.Task.Token' },
        }),
      );
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"file":"a.csv"}' }));
      const body = JSON.parse((await receive(queue.url)).Body!) as { file: string; token: string };
      assert.equal(body.file, 'a.csv');
      await sfn.send(new SendTaskSuccessCommand({ taskToken: body.token, output: '{"approved":true}' }));
      const description = await waitForExecution(sfn, executionArn!);
      assert.equal(description.status, 'SUCCEEDED');
      assert.equal(description.output, '{"approved":true}');
      const history = await historyOf(sfn, executionArn!);
      assert.deepEqual(typesOf(history).slice(2, 6), ['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded']);
      assert.equal(detailsOf(history, 'TaskScheduled')?.resource, 'sendMessage.waitForTaskToken');
      assert.equal(detailsOf(history, 'TaskScheduled')?.resourceType, 'sqs');
    });
  });

  describe('sns:publish', () => {
    it('publishes to the topic (a subscribed queue gets the message in the SNS envelope) and answers MessageId', async () => {
      const queue = await newQueue('alerts-inbox');
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'alerts' }));
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn }));
      const { description } = await runMachine(
        sfn,
        task('arn:aws:states:::sns:publish', { TopicArn, Subject: 'load', Message: { failed: 2 } }),
      );
      assert.equal(description.status, 'SUCCEEDED');
      assert.match(String((JSON.parse(description.output!) as { MessageId: string }).MessageId), /^[0-9a-f-]{36}$/);
      const envelope = JSON.parse((await receive(queue.url)).Body!) as { Type: string; TopicArn: string; Subject: string; Message: string };
      assert.equal(envelope.Type, 'Notification');
      assert.equal(envelope.TopicArn, TopicArn);
      assert.equal(envelope.Subject, 'load');
      assert.equal(envelope.Message, '{"failed":2}');
    });

    it('names a missing topic SNS.NotFoundException with the Java SDK cause', async () => {
      const { description } = await runMachine(
        sfn,
        task('arn:aws:states:::sns:publish', { TopicArn: 'arn:aws:sns:us-east-1:000000000000:nowhere', Message: 'x' }),
      );
      assert.equal(description.status, 'FAILED');
      assert.equal(description.error, 'SNS.NotFoundException');
      assert.match(description.cause!, /\(Service: AmazonSNS; Status Code: 404; Error Code: NotFound; Request ID: /);
    });
  });

  describe('dynamodb:*Item', () => {
    before(async () => {
      await dynamodb.send(
        new CreateTableCommand({
          TableName: 'runs',
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    });

    it('puts, updates, gets and deletes an item with the API’s PascalCase members', async () => {
      const key = { id: { S: 'run-1' } };
      const { description } = await runMachine(sfn, {
        StartAt: 'Put',
        States: {
          Put: {
            Type: 'Task',
            Resource: 'arn:aws:states:::dynamodb:putItem',
            Parameters: { TableName: 'runs', Item: { id: { S: 'run-1' }, status: { S: 'STARTED' } } },
            ResultPath: null,
            Next: 'Update',
          },
          Update: {
            Type: 'Task',
            Resource: 'arn:aws:states:::dynamodb:updateItem',
            Parameters: {
              TableName: 'runs',
              Key: key,
              UpdateExpression: 'SET #s = :s',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':s': { S: 'DONE' } },
              ReturnValues: 'UPDATED_NEW',
            },
            ResultSelector: { 'updated.$': '$.Attributes' },
            ResultPath: '$.update',
            Next: 'Get',
          },
          Get: {
            Type: 'Task',
            Resource: 'arn:aws:states:::dynamodb:getItem',
            Parameters: { TableName: 'runs', Key: key },
            ResultSelector: { 'item.$': '$.Item' },
            ResultPath: '$.get',
            Next: 'Delete',
          },
          Delete: {
            Type: 'Task',
            Resource: 'arn:aws:states:::dynamodb:deleteItem',
            Parameters: { TableName: 'runs', Key: key, ReturnValues: 'ALL_OLD' },
            ResultSelector: { 'old.$': '$.Attributes' },
            ResultPath: '$.delete',
            End: true,
          },
        },
      });
      assert.equal(description.status, 'SUCCEEDED', description.cause);
      assert.deepEqual(JSON.parse(description.output!), {
        update: { updated: { status: { S: 'DONE' } } },
        get: { item: { id: { S: 'run-1' }, status: { S: 'DONE' } } },
        delete: { old: { id: { S: 'run-1' }, status: { S: 'DONE' } } },
      });
      const after = await runMachine(sfn, task('arn:aws:states:::dynamodb:getItem', { TableName: 'runs', Key: key }));
      assert.equal((JSON.parse(after.description.output!) as { Item?: unknown }).Item, undefined);
    });

    it('fails a failed condition as DynamoDB.ConditionalCheckFailedException, which a Catch can name', async () => {
      const put = (next: Record<string, unknown>) => ({
        Type: 'Task',
        Resource: 'arn:aws:states:::dynamodb:putItem',
        Parameters: { TableName: 'runs', Item: { id: { S: 'once' } }, ConditionExpression: 'attribute_not_exists(id)' },
        ResultPath: null,
        ...next,
      });
      const { description, events: history } = await runMachine(sfn, {
        StartAt: 'First',
        States: {
          First: put({ Next: 'Again' }),
          Again: put({ Catch: [{ ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'], Next: 'AlreadyThere' }], End: true }),
          AlreadyThere: { Type: 'Succeed' },
        },
      });
      assert.equal(description.status, 'SUCCEEDED');
      const failed = detailsOf(history, 'TaskFailed');
      assert.equal(failed?.error, 'DynamoDB.ConditionalCheckFailedException');
      assert.match(
        String(failed?.cause),
        /^The conditional request failed \(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: /,
      );
      const missing = await runMachine(sfn, task('arn:aws:states:::dynamodb:getItem', { TableName: 'nowhere', Key: { id: { S: 'x' } } }));
      assert.equal(missing.description.error, 'DynamoDB.ResourceNotFoundException');
    });
  });

  describe('events:putEvents', () => {
    it("puts the entries on the bus with the execution's ARNs as resources; a rule routes them to a queue", async () => {
      const queue = await newQueue('load-events');
      await events.send(new PutRuleCommand({ Name: 'loads', EventPattern: JSON.stringify({ source: ['lake.loader'] }) }));
      await events.send(new PutTargetsCommand({ Rule: 'loads', Targets: [{ Id: 'queue', Arn: queue.arn }] }));
      const { description, executionArn } = await runMachine(
        sfn,
        task('arn:aws:states:::events:putEvents', { Entries: [{ Source: 'lake.loader', DetailType: 'Loaded', Detail: { rows: 3 } }] }),
      );
      assert.equal(description.status, 'SUCCEEDED');
      const output = JSON.parse(description.output!) as { FailedEntryCount: number; Entries: Array<{ EventId: string }> };
      assert.equal(output.FailedEntryCount, 0);
      assert.equal(output.Entries.length, 1);
      const event = JSON.parse((await receive(queue.url)).Body!) as { 'detail-type': string; detail: unknown; resources: string[] };
      assert.equal(event['detail-type'], 'Loaded');
      assert.deepEqual(event.detail, { rows: 3 });
      assert.deepEqual(event.resources, [description.stateMachineArn, executionArn]);
    });

    it('.waitForTaskToken: the token travels in the event to a queue, and SendTaskSuccess completes the state', async () => {
      const queue = await newQueue('load-approvals');
      await events.send(new PutRuleCommand({ Name: 'approvals', EventPattern: JSON.stringify({ 'detail-type': ['ApprovalNeeded'] }) }));
      await events.send(new PutTargetsCommand({ Rule: 'approvals', Targets: [{ Id: 'queue', Arn: queue.arn }] }));
      const stateMachineArn = await createMachine(
        sfn,
        task('arn:aws:states:::events:putEvents.waitForTaskToken', {
          Entries: [{ Source: 'lake.loader', DetailType: 'ApprovalNeeded', Detail: { 'token.$': '$$.Task.Token' } }],
        }),
      );
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
      const event = JSON.parse((await receive(queue.url)).Body!) as { detail: { token: string } };
      await sfn.send(new SendTaskSuccessCommand({ taskToken: event.detail.token, output: '{"approved":"yes"}' }));
      const description = await waitForExecution(sfn, executionArn!);
      assert.equal(description.status, 'SUCCEEDED');
      assert.equal(description.output, '{"approved":"yes"}');
      assert.equal(detailsOf(await historyOf(sfn, executionArn!), 'TaskSubmitted')?.resource, 'putEvents.waitForTaskToken');
    });

    it('fails with EventBridge.FailedEntry when EventBridge refuses an entry, the response as cause', async () => {
      const { description } = await runMachine(
        sfn,
        task('arn:aws:states:::events:putEvents', { Entries: [{ DetailType: 'NoSource', Detail: {} }] }),
      );
      assert.equal(description.status, 'FAILED');
      assert.equal(description.error, 'EventBridge.FailedEntry');
      const cause = JSON.parse(description.cause!) as { FailedEntryCount: number; Entries: Array<{ ErrorCode?: string }> };
      assert.equal(cause.FailedEntryCount, 1);
      assert.ok(cause.Entries[0]?.ErrorCode, description.cause);
    });
  });
});
