import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import type { AwsClients } from '../aws/clients';
import { waitFor, type WaitDelays } from '../waiter';

/** A message a scenario received, as evidence: what it was, and whether it was the one looked for. */
export interface SeenMessage {
  messageId: string;
  body: string;
  /** The body parsed when JSON (for an SNS notification, its Message too: see `contentOf`). */
  content: unknown;
  sentAt?: string;
  receiveCount?: number;
  matched: boolean;
}

export interface ReceiveOptions {
  queueUrl: string;
  /** What is awaited, for messages: `a message containing … on the queue "failures"`. */
  description: string;
  matches(message: SeenMessage): boolean | Promise<boolean>;
  timeoutMs: number;
  delays: WaitDelays;
  /** Long polling per receive (seconds): short against the sandbox, longer on AWS (fewer empty receives). */
  waitSeconds: number;
}

export interface ReceiveOutcome {
  match?: SeenMessage;
  /** Every distinct message received, in order (the match included). */
  seen: SeenMessage[];
}

/** Held invisible while it is judged; a message that does not match is made visible again at once. */
const JUDGING_VISIBILITY_SECONDS = 30;

/** A FIFO queue's URL ends with `.fifo`. */
export function isFifoQueue(queueUrl: string): boolean {
  return queueUrl.endsWith('.fifo');
}

/** The JSON a body carries, unwrapped from an SNS notification envelope when it is one; the text otherwise. */
export function contentOf(body: string): unknown {
  const parsed = parseJson(body);
  const envelope = parsed as { Type?: unknown; Message?: unknown } | undefined;
  if (envelope && typeof envelope === 'object' && envelope.Type === 'Notification' && typeof envelope.Message === 'string')
    return parseJson(envelope.Message);
  return parsed;
}

export async function sendMessage(
  clients: AwsClients,
  queueUrl: string,
  body: string,
  fifo: { groupId: string; deduplicationId: string } | undefined,
): Promise<string | undefined> {
  const sent = await clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: body,
      ...(fifo ? { MessageGroupId: fifo.groupId, MessageDeduplicationId: fifo.deduplicationId } : {}),
    }),
  );
  return sent.MessageId;
}

/**
 * Receives until a message matches or the time is up. Only the matching message is deleted; every
 * other message is made visible again at once (ChangeMessageVisibility 0), so that its real consumer
 * — or another scenario — gets it. Never purges. (Each receive counts towards a queue's
 * maxReceiveCount, as any consumer's does.)
 */
export async function receiveMatching(clients: AwsClients, options: ReceiveOptions): Promise<ReceiveOutcome> {
  const seen = new Map<string, SeenMessage>();
  const outcome: ReceiveOutcome = { seen: [] };
  const deadline = Date.now() + options.timeoutMs;
  try {
    outcome.match = await waitFor(
      async () => {
        const remainingSeconds = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
        const received = await clients.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: 10,
            VisibilityTimeout: JUDGING_VISIBILITY_SECONDS,
            WaitTimeSeconds: Math.min(options.waitSeconds, remainingSeconds),
            MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount'],
          }),
        );
        let match: SeenMessage | undefined;
        for (const message of received.Messages ?? []) {
          const judged = seenMessage(message);
          judged.matched = match === undefined && (await options.matches(judged));
          if (judged.matched) {
            match = judged;
            await clients.sqs.send(new DeleteMessageCommand({ QueueUrl: options.queueUrl, ReceiptHandle: message.ReceiptHandle }));
          } else {
            await release(clients, options.queueUrl, message);
          }
          const earlier = seen.get(judged.messageId);
          if (!earlier || judged.matched) seen.set(judged.messageId, judged);
        }
        if (match) return { state: 'SUCCESS', value: match };
        return { state: 'RETRY', observed: `${seen.size} message(s) received, none matching` };
      },
      { description: options.description, timeoutMs: options.timeoutMs, delays: options.delays },
    );
  } catch (error) {
    if ((error as Error).name !== 'WaitTimeoutError') throw error;
  } finally {
    outcome.seen = [...seen.values()];
  }
  return outcome;
}
async function release(clients: AwsClients, queueUrl: string, message: Message): Promise<void> {
  await clients.sqs.send(
    new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 }),
  );
}

function seenMessage(message: Message): SeenMessage {
  const body = message.Body ?? '';
  const sent = Number(message.Attributes?.SentTimestamp);
  const receives = Number(message.Attributes?.ApproximateReceiveCount);
  return {
    messageId: message.MessageId ?? '',
    body,
    content: contentOf(body),
    ...(Number.isFinite(sent) ? { sentAt: new Date(sent).toISOString() } : {}),
    ...(Number.isFinite(receives) ? { receiveCount: receives } : {}),
    matched: false,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
