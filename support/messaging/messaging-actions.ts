import assert from 'node:assert/strict';
import { PutEventsCommand, TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import type { PostflightWorld } from '../world';
import { attachJson } from '../evidence';
import { partialMismatches } from '../matching/partial-match';
import { preview } from '../matching/match-table';
import { assertWritableResource } from '../guards/write-guard';
import { formatDuration } from '../../model/duration';
import { isFifoQueue, receiveMatching, sendMessage, type ReceiveOutcome, type SeenMessage } from './queue-messages';
import type { BusObserver, TopicObserver } from '../../model/run-observers';

/** What a message, notification or event is expected to hold: JSON (deep partial match) or a text it contains. */
export type Expected = { json: unknown } | { text: string };

/** A doc string's JSON, or its text when it is not JSON. */
export function expectedFrom(docString: string): Expected {
  try {
    return { json: JSON.parse(docString) };
  } catch {
    return { text: docString };
  }
}

export function describeExpected(expected: Expected): string {
  return 'json' in expected ? preview(expected.json, 300) : `"${expected.text}"`;
}

/** Whether a message fits: its content (an SNS notification's Message, else its body) contains the JSON, or its body the text. */
export function messageFits(message: Pick<SeenMessage, 'body' | 'content'>, expected: Expected): boolean {
  if ('text' in expected)
    return message.body.includes(expected.text) || (typeof message.content === 'string' && message.content.includes(expected.text));
  return (
    partialMismatches(message.content, expected.json).length === 0 || partialMismatches(parseOr(message.body), expected.json).length === 0
  );
}

/** Long polling per receive, in seconds. */
function waitSeconds(world: PostflightWorld): number {
  return world.isSandbox ? 1 : 5;
}

export async function sendToQueue(world: PostflightWorld, queue: string, docString: string): Promise<void> {
  const queueUrl = world.resources.named('queues', queue);
  assertWritableResource(world.environment, 'writableQueues', queue);
  const expected = expectedFrom(docString);
  const body = 'json' in expected ? JSON.stringify(expected.json) : docString;
  world.sentMessageCount += 1;
  const fifo = isFifoQueue(queueUrl)
    ? { groupId: world.scenarioId, deduplicationId: `${world.scenarioId}-${world.sentMessageCount}` }
    : undefined;
  const messageId = await sendMessage(world.aws, queueUrl, body, fifo);
  await attachJson(world, `message sent to ${queue}`, {
    queue,
    queueUrl,
    messageId,
    ...(fifo ?? {}),
    body: 'json' in expected ? expected.json : body,
  });
}

export async function expectMessageOnQueue(world: PostflightWorld, queue: string, expected: Expected, timeoutMs: number): Promise<void> {
  const queueUrl = world.resources.named('queues', queue);
  const outcome = await receive(
    world,
    queueUrl,
    `a message on the queue "${queue}"`,
    (message) => messageFits(message, expected),
    timeoutMs,
  );
  await attachSeen(world, `messages received from ${queue}`, { queue, queueUrl, expected }, outcome);
  if (!outcome.match)
    throw new assert.AssertionError({
      message: `No message containing ${describeExpected(expected)} arrived on the queue "${queue}" within ${formatDuration(timeoutMs)}.\n${describeSeen(outcome, 'message')}\n  queue: ${queueUrl}`,
    });
}

export async function expectNoMessageOnQueue(world: PostflightWorld, queue: string, text: string, timeoutMs: number): Promise<void> {
  const queueUrl = world.resources.named('queues', queue);
  const expected: Expected = { text };
  const outcome = await receive(
    world,
    queueUrl,
    `no message containing "${text}" on "${queue}"`,
    (message) => messageFits(message, expected),
    timeoutMs,
  );
  await attachSeen(world, `messages received from ${queue}`, { queue, queueUrl, expected }, outcome);
  if (outcome.match)
    throw new assert.AssertionError({
      message: `A message containing "${text}" arrived on the queue "${queue}" (expected none within ${formatDuration(timeoutMs)}):\n  ${preview(outcome.match.content, 1500)}\n  message id: ${outcome.match.messageId}, sent ${outcome.match.sentAt ?? '(unknown)'}\n  queue: ${queueUrl}`,
    });
}

export async function expectNotification(world: PostflightWorld, topic: string, expected: Expected, timeoutMs: number): Promise<void> {
  const observer = topicObserver(world, topic);
  const outcome = await receive(
    world,
    observer.queueUrl,
    `a notification on the topic "${topic}"`,
    (message) => messageFits(message, expected),
    timeoutMs,
  );
  await attachSeen(world, `notifications of ${topic}`, { topic, topicArn: observer.topicArn, expected }, outcome);
  if (!outcome.match)
    throw new assert.AssertionError({
      message: `No notification containing ${describeExpected(expected)} was published to the topic "${topic}" within ${formatDuration(timeoutMs)}.\n${describeSeen(outcome, 'notification')}\n  topic: ${observer.topicArn} (seen through the run's subscription ${observer.queueArn})`,
    });
}

export async function putEvent(world: PostflightWorld, bus: string, event: unknown): Promise<void> {
  const busName = world.resources.named('eventBuses', bus);
  assertWritableResource(world.environment, 'writableEventBuses', bus);
  const entry = event as { source?: unknown; 'detail-type'?: unknown; detail?: unknown; resources?: unknown; time?: unknown };
  assert.ok(
    typeof entry?.source === 'string' && typeof entry['detail-type'] === 'string',
    `An event put on the bus needs "source" and "detail-type" (strings), and usually "detail" (an object); got ${preview(event, 500)}.`,
  );
  const put = await world.aws.eventBridge.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: busName,
          Source: entry.source,
          DetailType: entry['detail-type'],
          Detail: JSON.stringify(entry.detail ?? {}),
          ...(Array.isArray(entry.resources) ? { Resources: entry.resources.map(String) } : {}),
          ...(typeof entry.time === 'string' ? { Time: new Date(entry.time) } : {}),
        },
      ],
    }),
  );
  const result = put.Entries?.[0];
  await attachJson(world, `event put on ${bus}`, { bus, busName, event, eventId: result?.EventId, error: result?.ErrorCode });
  if (put.FailedEntryCount || result?.ErrorCode)
    throw new Error(`The bus "${bus}" (${busName}) refused the event: ${result?.ErrorCode ?? 'failed'}: ${result?.ErrorMessage ?? ''}`);
}

/** Whether EventBridge itself finds the event to match the pattern (TestEventPattern): the framework never evaluates patterns. */
async function eventMatches(world: PostflightWorld, pattern: string, event: string): Promise<boolean> {
  const tested = await world.aws.eventBridge.send(new TestEventPatternCommand({ EventPattern: pattern, Event: event }));
  return tested.Result === true;
}

export async function expectEvent(world: PostflightWorld, bus: string, pattern: unknown, timeoutMs: number): Promise<void> {
  const observer = busObserver(world, bus);
  const patternText = JSON.stringify(pattern);
  const outcome = await receive(
    world,
    observer.queueUrl,
    `an event on the bus "${bus}"`,
    (message) => eventMatches(world, patternText, message.body),
    timeoutMs,
  );
  await attachSeen(world, `events on ${bus}`, { bus, busName: observer.busName, pattern }, outcome);
  if (!outcome.match)
    throw new assert.AssertionError({
      message: `No event matching ${preview(pattern, 500)} was seen on the bus "${bus}" within ${formatDuration(timeoutMs)}.\n${describeSeen(outcome, 'event')}\n  bus: ${observer.busName} (seen through the run's rule ${observer.ruleName})`,
    });
}

function receive(
  world: PostflightWorld,
  queueUrl: string,
  description: string,
  matches: (message: SeenMessage) => boolean | Promise<boolean>,
  timeoutMs: number,
) {
  return receiveMatching(world.aws, { queueUrl, description, matches, timeoutMs, delays: world.delays, waitSeconds: waitSeconds(world) });
}

function topicObserver(world: PostflightWorld, topic: string): TopicObserver {
  world.resources.named('topics', topic);
  const observer = world.parameters.observers?.topics[topic];
  assert.ok(
    observer,
    `The run has no subscription to the topic "${topic}": it subscribes, before the first scenario, to the topics the selected scenarios name literally ` +
      `in "a notification is published to the topic …" (a name built from a placeholder cannot be known then).`,
  );
  return observer;
}

function busObserver(world: PostflightWorld, bus: string): BusObserver {
  world.resources.named('eventBuses', bus);
  const observer = world.parameters.observers?.buses[bus];
  assert.ok(
    observer,
    `The run has no rule on the bus "${bus}": it creates one, before the first scenario, on the buses the selected scenarios name literally ` +
      `in "an event matching this pattern is published on the bus …" (a name built from a placeholder cannot be known then).`,
  );
  return observer;
}

/** What was received instead, for failure messages: how many, and the last few. */
function describeSeen(outcome: ReceiveOutcome, noun: string): string {
  const others = outcome.seen.filter((message) => !message.matched);
  if (others.length === 0) return `  no ${noun} at all was seen in that time.`;
  const shown = others.slice(-5).map((message) => `    ${message.sentAt ?? ''} ${preview(message.content, 400)}`);
  return `  ${others.length} other ${noun}(s) seen (left for their consumers), the last ${shown.length}:\n${shown.join('\n')}`;
}

async function attachSeen(world: PostflightWorld, name: string, about: Record<string, unknown>, outcome: ReceiveOutcome): Promise<void> {
  await attachJson(world, name, {
    ...about,
    matched: outcome.match?.messageId ?? null,
    seen: outcome.seen.map((message) => ({
      messageId: message.messageId,
      sentAt: message.sentAt,
      receiveCount: message.receiveCount,
      matched: message.matched,
      content: message.content,
    })),
  });
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
