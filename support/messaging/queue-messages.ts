import {
  ChangeMessageVisibilityBatchCommand,
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
 * other message is made visible again (ChangeMessageVisibility 0) as soon as the sweep that received
 * it ends, so that its real consumer — or another scenario — gets it. A sweep keeps receiving while
 * the queue has messages it has not judged yet, so a backlog of other messages (more than one
 * receive's ten) never hides the one awaited. Never purges. (Each receive counts towards a queue's
 * maxReceiveCount, as any consumer's does.)
 */
export async function receiveMatching(clients: AwsClients, options: ReceiveOptions): Promise<ReceiveOutcome> {
  const seen = new Map<string, SeenMessage>();
  const outcome: ReceiveOutcome = { seen: [] };
  const deadline = Date.now() + options.timeoutMs;
  try {
    outcome.match = await waitFor(
      async () => {
        const match = await sweep(clients, options, deadline, seen);
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

/** The most messages one sweep holds invisible before it lets them go (ten receives' worth). */
const SWEEP_LIMIT = 100;

/** One pass over what the queue holds now: receives until it is empty, a message matches, or the limit. */
async function sweep(
  clients: AwsClients,
  options: ReceiveOptions,
  deadline: number,
  seen: Map<string, SeenMessage>,
): Promise<SeenMessage | undefined> {
  const held: Message[] = [];
  try {
    for (let first = true; held.length < SWEEP_LIMIT; first = false) {
      const remainingSeconds = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
      const received = await clients.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: JUDGING_VISIBILITY_SECONDS,
          // Long polling only for the first receive of a sweep: the next ones only look past a backlog.
          WaitTimeSeconds: first ? Math.min(options.waitSeconds, remainingSeconds) : 0,
          MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount'],
        }),
      );
      const messages = received.Messages ?? [];
      let match: SeenMessage | undefined;
      for (const message of messages) {
        const judged = seenMessage(message);
        judged.matched = match === undefined && (await options.matches(judged));
        if (judged.matched) {
          match = judged;
          await clients.sqs.send(new DeleteMessageCommand({ QueueUrl: options.queueUrl, ReceiptHandle: message.ReceiptHandle }));
        } else {
          held.push(message);
        }
        const earlier = seen.get(judged.messageId);
        if (!earlier || judged.matched) seen.set(judged.messageId, judged);
      }
      if (match || messages.length === 0) return match;
    }
    return undefined;
  } finally {
    await releaseAll(clients, options.queueUrl, held);
  }
}

/** Makes the messages visible again at once, ten per call. */
async function releaseAll(clients: AwsClients, queueUrl: string, messages: Message[]): Promise<void> {
  for (let index = 0; index < messages.length; index += 10) {
    const batch = messages.slice(index, index + 10);
    await clients.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((message, position) => ({ Id: String(position), ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 })),
      }),
    );
  }
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
