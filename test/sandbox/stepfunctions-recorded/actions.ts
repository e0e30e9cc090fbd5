import * as sfnCommands from '@aws-sdk/client-sfn';
import { CreateBucketCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { Sandbox } from '../../../sandbox/sandbox';

/**
 * What a replayed LocalStack test does besides creating and starting state machines: the calls it
 * makes to AWS services, the resources its fixtures create (a queue, a topic, a table), and the
 * workers it runs (a thread or a helper state machine that answers a callback). Each is done
 * against the sandbox as the test did it against AWS.
 */
export interface ReplayClients {
  sandbox: Sandbox;
  sfn: SFNClient;
  s3: S3Client;
}

/** Values a worker produced that the test recorded (`messages`), by snapshot key. */
export type Produced = Map<string, unknown>;

const SIGNING_NAMES: Record<string, string> = { stepfunctions: 'states', events: 'events', logs: 'logs' };

const pascal = (name: string) => name.replace(/(^|_)([a-z])/g, (_whole, _underscore: string, letter: string) => letter.toUpperCase());

/**
 * A boto3 call (`stepfunctions.describe_map_run`, `s3.put_object`, `sqs.receive_message`): Step
 * Functions and S3 through their SDK clients (their answers are compared with AWS's), the others
 * through the sandbox's internal client (their answers set up what the test needs).
 */
export async function serviceCall(
  clients: ReplayClients,
  service: string,
  operation: string,
  args: Record<string, unknown>,
): Promise<unknown> {
  const name = pascal(operation);
  if (service === 'stepfunctions') {
    const Command = (sfnCommands as unknown as Record<string, new (input: object) => sfnCommands.CreateActivityCommand>)[`${name}Command`];
    if (!Command) throw new Error(`The replay knows no Step Functions operation ${operation}`);
    return clients.sfn.send(new Command(args));
  }
  // boto3 sends no Content-Type for a body of its own, so S3 stores its default: through the internal client, as sent.
  if (service === 's3' && operation === 'put_object') {
    const body = args.Body;
    return clients.sandbox.services.call('s3', 'PutObject', {
      ...args,
      Body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body ?? '')),
    });
  }
  if (service === 's3' && operation === 'get_object') {
    const response = await clients.s3.send(new GetObjectCommand(args as never));
    return { ...response, Body: await response.Body?.transformToString() };
  }
  return clients.sandbox.services.call(SIGNING_NAMES[service] ?? service, name, args);
}

/** Polls a queue until it holds a message; answers it (deleted from the queue). */
async function receiveOne(sandbox: Sandbox, queueUrl: string, timeoutMs = 30_000): Promise<{ Body: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const received = await sandbox.services.call<{ Messages?: Array<{ Body: string; ReceiptHandle: string }> }>('sqs', 'ReceiveMessage', {
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 1,
      WaitTimeSeconds: 1,
    });
    const message = received.Messages?.[0];
    if (message) {
      await sandbox.services.call('sqs', 'DeleteMessage', { QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle });
      return message;
    }
  }
  throw new Error(`No message arrived in ${queueUrl}`);
}

/**
 * A worker answering every callback whose task token arrives in a queue until the case ends (as
 * LocalStack's helper state machines poll the queue and answer each message).
 */
function queueWorker(answer: (clients: ReplayClients, body: { TaskToken: string; Message?: unknown }) => Promise<unknown>) {
  return async (clients: ReplayClients, queueUrl: string, caseOver: AbortSignal): Promise<void> => {
    while (!caseOver.aborted) {
      const received = await clients.sandbox.services.call<{ Messages?: Array<{ Body: string; ReceiptHandle: string }> }>(
        'sqs',
        'ReceiveMessage',
        { QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1 },
      );
      for (const message of received.Messages ?? []) {
        await clients.sandbox.services.call('sqs', 'DeleteMessage', { QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle });
        await answer(clients, JSON.parse(message.Body) as { TaskToken: string; Message?: unknown });
      }
    }
  };
}

const sendSuccess = queueWorker((clients, body) =>
  clients.sfn.send(new sfnCommands.SendTaskSuccessCommand({ taskToken: body.TaskToken, output: JSON.stringify(body.Message ?? null) })),
);
const sendFailure = queueWorker((clients, body) =>
  clients.sfn.send(new sfnCommands.SendTaskFailureCommand({ taskToken: body.TaskToken, error: 'Failure error', cause: 'Failure cause' })),
);
const sendHeartbeatThenSuccess = queueWorker(async (clients, body) => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  await clients.sfn.send(new sfnCommands.SendTaskHeartbeatCommand({ taskToken: body.TaskToken }));
  await clients.sfn.send(
    new sfnCommands.SendTaskSuccessCommand({ taskToken: body.TaskToken, output: JSON.stringify(body.Message ?? null) }),
  );
});

/** Work the replay runs in the background (a worker), to be awaited when the case ends. */
export type Background = (work: Promise<unknown>) => void;

export interface FixtureContext {
  clients: ReplayClients;
  background: Background;
  /** Aborted when the case compares what it recorded: background workers stop then. */
  caseOver: AbortSignal;
  /** A name unique to this case (resources of one case never meet another's). */
  unique: (prefix: string) => string;
}

/** A fixture's parameters by name, whether the test passed them by position or by keyword. */
function parameters(args: unknown[], kwargs: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return { ...Object.fromEntries(names.map((name, index) => [name, args[index]])), ...kwargs };
}

/** LocalStack's fixtures, as the tests call them: each creates what it creates and answers what it answers. */
export const FIXTURES: Record<string, (context: FixtureContext, args: unknown[], kwargs: Record<string, unknown>) => Promise<unknown>> = {
  s3_create_bucket: async ({ clients, unique }, _args, kwargs) => {
    const bucket = (kwargs.Bucket as string | undefined) ?? unique('test-bucket');
    await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    return bucket;
  },
  sqs_create_queue: async ({ clients, unique }, _args, kwargs) => {
    const created = await clients.sandbox.services.call<{ QueueUrl: string }>('sqs', 'CreateQueue', {
      QueueName: (kwargs.QueueName as string | undefined) ?? unique('queue'),
      ...(kwargs.Attributes ? { Attributes: kwargs.Attributes } : {}),
    });
    return created.QueueUrl;
  },
  sqs_get_queue_arn: async ({ clients }, args, kwargs) =>
    (
      await clients.sandbox.services.call<{ Attributes: { QueueArn: string } }>('sqs', 'GetQueueAttributes', {
        QueueUrl: parameters(args, kwargs, ['queue_url']).queue_url,
        AttributeNames: ['QueueArn'],
      })
    ).Attributes.QueueArn,
  sns_create_topic: async ({ clients, unique }, _args, kwargs) =>
    clients.sandbox.services.call('sns', 'CreateTopic', {
      Name: (kwargs.Name as string | undefined) ?? unique('topic'),
      ...(kwargs.Attributes ? { Attributes: kwargs.Attributes } : {}),
    }),
  sns_allow_topic_sqs_queue: async () => undefined,
  dynamodb_create_table: async ({ clients, unique }, _args, kwargs) => {
    const name = (kwargs.table_name as string | undefined) ?? unique('test-table');
    const key = (kwargs.partition_key as string | undefined) ?? 'id';
    return clients.sandbox.services.call('dynamodb', 'CreateTable', {
      TableName: name,
      KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
  },
  create_activity: async ({ clients }, _args, kwargs) => clients.sfn.send(new sfnCommands.CreateActivityCommand(kwargs as never)),
  events_to_sqs_queue: async (context, args, kwargs) => eventsToQueue(context, parameters(args, kwargs, ['event_pattern']).event_pattern),
  sfn_events_to_sqs_queue: async (context, args, kwargs) =>
    eventsToQueue(context, {
      source: ['aws.states'],
      detail: { stateMachineArn: [parameters(args, kwargs, ['state_machine_arn']).state_machine_arn] },
    }),
  sfn_activity_consumer: async ({ clients, unique }, args, kwargs) => {
    const { template, activity_arn: activityArn } = parameters(args, kwargs, ['template', 'activity_arn']);
    const { stateMachineArn } = await clients.sfn.send(
      new sfnCommands.CreateStateMachineCommand({
        name: unique('activity-consumer'),
        roleArn: 'arn:aws:iam::000000000000:role/replay',
        definition: JSON.stringify(template),
      }),
    );
    await clients.sfn.send(new sfnCommands.StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ ActivityArn: activityArn }) }));
  },
  sqs_send_task_success_state_machine: async ({ clients, background, caseOver }, args, kwargs) =>
    background(sendSuccess(clients, String(parameters(args, kwargs, ['sqs_queue_url']).sqs_queue_url), caseOver)),
  sqs_send_task_failure_state_machine: async ({ clients, background, caseOver }, args, kwargs) =>
    background(sendFailure(clients, String(parameters(args, kwargs, ['sqs_queue_url']).sqs_queue_url), caseOver)),
  sqs_send_heartbeat_and_task_success_state_machine: async ({ clients, background, caseOver }, args, kwargs) =>
    background(sendHeartbeatThenSuccess(clients, String(parameters(args, kwargs, ['sqs_queue_url']).sqs_queue_url), caseOver)),
  sqs_receive_num_messages: async ({ clients }, args, kwargs) => {
    const { queue_url: queueUrl, expected_messages: expected } = parameters(args, kwargs, ['queue_url', 'expected_messages']);
    const count = Number(expected ?? 1);
    const messages: unknown[] = [];
    while (messages.length < count) messages.push(JSON.parse((await receiveOne(clients.sandbox, String(queueUrl))).Body));
    return messages;
  },
};

async function eventsToQueue({ clients, unique }: FixtureContext, pattern: unknown): Promise<string> {
  const rule = unique('test-rule');
  const { QueueUrl } = await clients.sandbox.services.call<{ QueueUrl: string }>('sqs', 'CreateQueue', { QueueName: unique('test-queue') });
  const queueArn = (await FIXTURES.sqs_get_queue_arn!(
    { clients, background: () => undefined, caseOver: new AbortController().signal, unique },
    [QueueUrl],
    {},
  )) as string;
  await clients.sandbox.services.call('events', 'PutRule', { Name: rule, EventBusName: 'default', EventPattern: JSON.stringify(pattern) });
  await clients.sandbox.services.call('events', 'PutTargets', { Rule: rule, Targets: [{ Id: unique('test-target'), Arn: queueArn }] });
  return QueueUrl;
}

/**
 * The workers the tests start as threads (closures over the test's queue), by function name: they
 * act on the case's latest queue and may produce what the test then records.
 */
export const ACTORS: Record<string, (clients: ReplayClients, queueUrl: string, produced: Produced) => Promise<void>> = {
  record_messages_and_send_task_success: async (clients, queueUrl, produced) => {
    const message = JSON.parse((await receiveOne(clients.sandbox, queueUrl)).Body) as { Message: string };
    produced.set('messages', [message]);
    const token = (JSON.parse(message.Message) as { TaskToken: string }).TaskToken;
    await clients.sfn.send(new sfnCommands.SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
  },
  record_messages: async (clients, queueUrl, produced) => {
    produced.set('messages', [JSON.parse((await receiveOne(clients.sandbox, queueUrl)).Body)]);
  },
  _empty_send_task_failure_on_sqs_message: async (clients, queueUrl) => {
    const body = JSON.parse((await receiveOne(clients.sandbox, queueUrl)).Body) as { TaskToken: string };
    await clients.sfn.send(new sfnCommands.SendTaskFailureCommand({ taskToken: body.TaskToken }));
  },
};
