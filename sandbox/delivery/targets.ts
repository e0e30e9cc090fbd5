import type { ServiceClient } from '../core/internal-client';
import { parseArn } from './arn';

/**
 * Delivery to a target named by its ARN — what EventBridge rules, Scheduler schedules, SNS
 * subscriptions and S3 notifications all do: a Lambda function (invoked asynchronously), an SQS
 * queue, an SNS topic, a Step Functions state machine, an event bus. Each goes through the
 * internal client, so the target service's own checks and the fault rules apply.
 */
export interface DeliveryOptions {
  /** The service delivering on its own behalf (`s3`, `events`, `sns`), see RequestContext.callingService. */
  callingService: string;
  /** SQS: message attributes (SNS raw delivery), group and deduplication ids (FIFO queues). */
  messageAttributes?: Record<string, { DataType: string; StringValue?: string; BinaryValue?: Uint8Array }>;
  messageGroupId?: string;
  messageDeduplicationId?: string;
  /** SNS targets: the subject. */
  subject?: string;
}

export interface Delivered {
  /** What the target answered: a message id, an execution ARN, an event id. */
  id?: string;
}

export class UndeliverableTarget extends Error {
  constructor(arn: string, reason: string) {
    super(`Cannot deliver to ${arn}: ${reason}`);
    this.name = 'UndeliverableTarget';
  }
}

/** The target kinds delivery knows, by the ARN's service. */
export const DELIVERABLE_SERVICES = ['lambda', 'sqs', 'sns', 'states', 'events'] as const;

export async function deliverToTarget(services: ServiceClient, arn: string, payload: string, options: DeliveryOptions): Promise<Delivered> {
  const parsed = parseArn(arn);
  if (!parsed) throw new UndeliverableTarget(arn, 'not an ARN.');
  const call = <Output>(service: string, operation: string, input: object) =>
    services.call<Output>(service, operation, input, { callingService: options.callingService });
  switch (parsed.service) {
    case 'lambda': {
      const name = parsed.resource.replace(/^function:/, '');
      const result = await call<{ requestId?: string }>('lambda', 'Invoke', {
        FunctionName: name,
        InvocationType: 'Event',
        Payload: Buffer.from(payload, 'utf8'),
      });
      return { id: result.requestId };
    }
    case 'sqs': {
      const { QueueUrl } = await call<{ QueueUrl: string }>('sqs', 'GetQueueUrl', {
        QueueName: parsed.resource,
        QueueOwnerAWSAccountId: parsed.accountId,
      });
      const sent = await call<{ MessageId: string }>('sqs', 'SendMessage', {
        QueueUrl,
        MessageBody: payload,
        MessageAttributes:
          options.messageAttributes && Object.keys(options.messageAttributes).length > 0 ? options.messageAttributes : undefined,
        MessageGroupId: options.messageGroupId,
        MessageDeduplicationId: options.messageDeduplicationId,
      });
      return { id: sent.MessageId };
    }
    case 'sns': {
      const published = await call<{ MessageId: string }>('sns', 'Publish', {
        TopicArn: arn,
        Message: payload,
        Subject: options.subject,
        MessageGroupId: options.messageGroupId,
        MessageDeduplicationId: options.messageDeduplicationId,
      });
      return { id: published.MessageId };
    }
    case 'states': {
      const started = await call<{ executionArn: string }>('states', 'StartExecution', { stateMachineArn: arn, input: payload });
      return { id: started.executionArn };
    }
    case 'events': {
      const event = JSON.parse(payload) as Record<string, unknown>;
      const put = await call<{ Entries: Array<{ EventId?: string; ErrorMessage?: string }> }>('events', 'PutEvents', {
        Entries: [
          {
            EventBusName: arn,
            Source: event.source,
            DetailType: event['detail-type'],
            Detail: JSON.stringify(event.detail ?? {}),
            Resources: event.resources,
          },
        ],
      });
      const entry = put.Entries[0];
      if (!entry?.EventId) throw new UndeliverableTarget(arn, entry?.ErrorMessage ?? 'the bus refused the event.');
      return { id: entry.EventId };
    }
    default:
      throw new UndeliverableTarget(
        arn,
        `the sandbox delivers to ${DELIVERABLE_SERVICES.join(', ')} targets; ${parsed.service} targets need AWS.`,
      );
  }
}
