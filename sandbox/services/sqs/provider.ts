import { randomUUID } from 'node:crypto';
import type {
  ChangeMessageVisibilityBatchRequest,
  ChangeMessageVisibilityRequest,
  CreateQueueRequest,
  DeleteMessageBatchRequest,
  DeleteMessageRequest,
  GetQueueAttributesRequest,
  GetQueueUrlRequest,
  ListDeadLetterSourceQueuesRequest,
  ListQueuesRequest,
  ListQueueTagsRequest,
  Message,
  MessageAttributeValue,
  ReceiveMessageRequest,
  SendMessageBatchRequest,
  SendMessageBatchRequestEntry,
  SendMessageRequest,
  SetQueueAttributesRequest,
  TagQueueRequest,
  UntagQueueRequest,
} from '@aws-sdk/client-sqs';
import { page } from '../../core/paging';
import type { Provider } from '../../core/provider';
import type { RequestContext } from '../../core/request-context';
import {
  BatchEntryIdsNotDistinct,
  BatchRequestTooLong,
  EmptyBatchRequest,
  InvalidBatchEntryId,
  InvalidParameterValue,
  invalidParameter,
  MessageNotInflight,
  MissingParameter,
  PurgeQueueInProgress,
  QueueDoesNotExist,
  QueueNameExists,
  ReceiptHandleIsInvalid,
  SqsError,
  TooManyEntriesInBatchRequest,
} from './errors';
import { md5OfMessageAttributes, md5OfText } from './message-md5';
import { Queue, messageIdOf, type StoredMessage } from './queue';
import { checkSettable, COMPUTED_ATTRIBUTES, initialAttributes, requestedAttributes, type RedrivePolicy } from './queue-attributes';

export interface SqsDependencies {
  region: string;
  accountId: string;
  /** The sandbox's endpoint: queue URLs point at it (current SDKs send requests to the queue URL). */
  endpoint: () => string;
}

const MAX_BATCH_ENTRIES = 10;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;
const GROUP_OR_DEDUP_ID = /^[\x21-\x7e]{1,128}$/;
// SQS accepts #x9 | #xA | #xD | #x20–#xD7FF | #xE000–#xFFFD | #x10000–#x10FFFF.
// eslint-disable-next-line no-control-regex -- the control characters SQS allows are the point
const VALID_BODY = /^[\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;
const SYSTEM_ATTRIBUTES = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageDeduplicationId',
  'MessageGroupId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
];

type SendInput = Pick<
  SendMessageRequest,
  'MessageBody' | 'DelaySeconds' | 'MessageAttributes' | 'MessageSystemAttributes' | 'MessageDeduplicationId' | 'MessageGroupId'
>;

/**
 * Amazon SQS: standard and FIFO queues in memory. Receives long-poll without holding the event
 * loop; redrive policies move messages to their dead-letter queue. The wire (JSON and Query)
 * is `wire-binding.ts`; this class sees plain inputs only.
 *
 * Fidelity gaps: queue policies are recorded, never evaluated; one receive sees every visible
 * message (no sampling of servers, so a short poll is never falsely empty); messages are not
 * encrypted (the SSE attributes are recorded).
 */
export class SqsProvider implements Provider {
  readonly serviceName = 'sqs';
  readonly operations = [
    'CreateQueue',
    'GetQueueUrl',
    'ListQueues',
    'DeleteQueue',
    'GetQueueAttributes',
    'SetQueueAttributes',
    'SendMessage',
    'SendMessageBatch',
    'ReceiveMessage',
    'DeleteMessage',
    'DeleteMessageBatch',
    'ChangeMessageVisibility',
    'ChangeMessageVisibilityBatch',
    'PurgeQueue',
    'TagQueue',
    'UntagQueue',
    'ListQueueTags',
    'ListDeadLetterSourceQueues',
  ] as const;

  private readonly queues = new Map<string, Queue>();
  private stopped = false;

  constructor(private readonly deps: SqsDependencies) {}

  createQueue(input: CreateQueueRequest) {
    const name = input.QueueName ?? '';
    const fifo = name.endsWith('.fifo');
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(fifo ? name.slice(0, -5) : name) || name.length > 80) {
      throw new InvalidParameterValue('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
    }
    const attributes = initialAttributes(name, input.Attributes ?? {});
    const existing = this.queues.get(name);
    if (existing) {
      for (const [key, value] of Object.entries(input.Attributes ?? {})) {
        if (existing.attributes[key] !== value) throw new QueueNameExists(key);
      }
      return { QueueUrl: existing.url };
    }
    const queue = new Queue(name, this.urlOf(name), this.arnOf(name), attributes);
    Object.assign(queue.tags, input.tags ?? {});
    this.queues.set(name, queue);
    return { QueueUrl: queue.url };
  }

  getQueueUrl(input: GetQueueUrlRequest) {
    const queue = this.queues.get(input.QueueName ?? '');
    if (!queue || (input.QueueOwnerAWSAccountId && input.QueueOwnerAWSAccountId !== this.deps.accountId)) throw new QueueDoesNotExist();
    return { QueueUrl: queue.url };
  }

  listQueues(input: ListQueuesRequest) {
    const prefix = input.QueueNamePrefix ?? '';
    const names = [...this.queues.keys()].filter((name) => name.startsWith(prefix)).sort();
    if (input.MaxResults === undefined) return { QueueUrls: names.slice(0, 1000).map((name) => this.urlOf(name)) };
    if (input.MaxResults < 1 || input.MaxResults > 1000) {
      throw invalidParameter(input.MaxResults, 'MaxResults', 'MaxResults must be an integer between 1 and 1000.');
    }
    const listed = page(names, {
      size: input.MaxResults,
      token: input.NextToken,
      keyOf: (name) => name,
      invalidToken: () => invalidParameter(input.NextToken, 'NextToken', 'Invalid NextToken value.'),
    });
    return { QueueUrls: listed.items.map((name) => this.urlOf(name)), NextToken: listed.nextToken };
  }

  deleteQueue(input: { QueueUrl?: string }) {
    const queue = this.queue(input.QueueUrl);
    this.queues.delete(queue.name);
    queue.wake();
    return {};
  }

  getQueueAttributes(input: GetQueueAttributesRequest) {
    const queue = this.queue(input.QueueUrl);
    const all = this.attributesOf(queue);
    const names = requestedAttributes(input.AttributeNames, Object.keys(all));
    if (names.length === 0) return {};
    return { Attributes: Object.fromEntries(names.map((name) => [name, all[name]!])) };
  }

  setQueueAttributes(input: SetQueueAttributesRequest) {
    const queue = this.queue(input.QueueUrl);
    for (const [key, value] of Object.entries(input.Attributes ?? {})) checkSettable(key, value, queue.fifo);
    for (const [key, value] of Object.entries(input.Attributes ?? {})) {
      if (value === '' && (key === 'RedrivePolicy' || key === 'Policy')) delete queue.attributes[key];
      else queue.attributes[key] = value;
    }
    queue.lastModifiedTimestamp = Math.floor(Date.now() / 1000);
    return {};
  }

  sendMessage(input: SendMessageRequest, context: RequestContext) {
    const queue = this.queue(input.QueueUrl);
    const stored = this.send(queue, input, context);
    return this.sendResult(stored);
  }

  sendMessageBatch(input: SendMessageBatchRequest, context: RequestContext) {
    const queue = this.queue(input.QueueUrl);
    const entries = checkBatch(input.Entries, 'SendMessageBatchRequestEntry');
    const limit = queue.integerAttribute('MaximumMessageSize');
    const total = entries.reduce((sum, entry) => sum + messageSize(entry), 0);
    if (total > limit) throw new BatchRequestTooLong(limit, total);
    // A FIFO batch without a group id is refused whole (a single send answers MissingParameter).
    if (queue.fifo && entries.some((entry) => entry.MessageGroupId === undefined)) {
      throw new InvalidParameterValue('The request must contain the parameter MessageGroupId.');
    }
    return this.batch(entries, (entry: SendMessageBatchRequestEntry) => ({
      Id: entry.Id,
      ...this.sendResult(this.send(queue, entry, context)),
    }));
  }

  async receiveMessage(input: ReceiveMessageRequest) {
    const queue = this.queue(input.QueueUrl);
    const max = input.MaxNumberOfMessages ?? 1;
    if (!Number.isInteger(max) || max < 1 || max > 10) {
      throw invalidParameter(max, 'MaxNumberOfMessages', 'Must be between 1 and 10, if provided.');
    }
    const wait = input.WaitTimeSeconds ?? queue.integerAttribute('ReceiveMessageWaitTimeSeconds');
    if (!Number.isInteger(wait) || wait < 0 || wait > 20) {
      throw invalidParameter(wait, 'WaitTimeSeconds', 'Must be >= 0 and <= 20, if provided.');
    }
    const visibility = input.VisibilityTimeout ?? queue.integerAttribute('VisibilityTimeout');
    if (!Number.isInteger(visibility) || visibility < 0 || visibility > 43200) {
      throw invalidParameter(visibility, 'VisibilityTimeout', 'Must be >= 0 and <= 43200, if provided.');
    }
    const until = Date.now() + wait * 1000;
    for (;;) {
      const received = queue.receive(max, visibility, (message, policy) => this.deadLetter(queue, message, policy));
      if (received.length > 0 || Date.now() >= until || this.stopped || !this.queues.has(queue.name)) {
        const messages = received.map(({ message, receiptHandle }) => this.describe(message, receiptHandle, input));
        return messages.length > 0 ? { Messages: messages } : {};
      }
      await queue.waitForMessages(until);
    }
  }

  deleteMessage(input: DeleteMessageRequest) {
    const queue = this.queue(input.QueueUrl);
    this.deleteByHandle(queue, input.ReceiptHandle);
    return {};
  }

  deleteMessageBatch(input: DeleteMessageBatchRequest) {
    const queue = this.queue(input.QueueUrl);
    const entries = checkBatch(input.Entries, 'DeleteMessageBatchRequestEntry');
    return this.batch(entries, (entry) => {
      this.deleteByHandle(queue, entry.ReceiptHandle);
      return { Id: entry.Id };
    });
  }

  changeMessageVisibility(input: ChangeMessageVisibilityRequest) {
    const queue = this.queue(input.QueueUrl);
    this.changeVisibility(queue, input.ReceiptHandle, input.VisibilityTimeout);
    return {};
  }

  changeMessageVisibilityBatch(input: ChangeMessageVisibilityBatchRequest) {
    const queue = this.queue(input.QueueUrl);
    const entries = checkBatch(input.Entries, 'ChangeMessageVisibilityBatchRequestEntry');
    return this.batch(entries, (entry) => {
      this.changeVisibility(queue, entry.ReceiptHandle, entry.VisibilityTimeout);
      return { Id: entry.Id };
    });
  }

  purgeQueue(input: { QueueUrl?: string }) {
    const queue = this.queue(input.QueueUrl);
    if (Date.now() - queue.lastPurge < 60_000) throw new PurgeQueueInProgress(queue.name);
    queue.purge();
    return {};
  }

  tagQueue(input: TagQueueRequest) {
    Object.assign(this.queue(input.QueueUrl).tags, input.Tags ?? {});
    return {};
  }

  untagQueue(input: UntagQueueRequest) {
    const queue = this.queue(input.QueueUrl);
    for (const key of input.TagKeys ?? []) delete queue.tags[key];
    return {};
  }

  listQueueTags(input: ListQueueTagsRequest) {
    const tags = this.queue(input.QueueUrl).tags;
    return Object.keys(tags).length > 0 ? { Tags: { ...tags } } : {};
  }

  listDeadLetterSourceQueues(input: ListDeadLetterSourceQueuesRequest) {
    const target = this.queue(input.QueueUrl);
    const sources = [...this.queues.values()].filter((queue) => queue.redrivePolicy?.deadLetterTargetArn === target.arn);
    return { queueUrls: sources.map((queue) => queue.url) };
  }

  /** Ends long polls (the sandbox is stopping). */
  shutdown(): Promise<void> {
    this.stopped = true;
    for (const queue of this.queues.values()) queue.wake();
    return Promise.resolve();
  }

  // --- helpers ------------------------------------------------------------------------------------

  private send(queue: Queue, input: SendInput, context: RequestContext): StoredMessage {
    const body = input.MessageBody;
    if (body === undefined || body === '') throw new MissingParameter('MessageBody');
    if (!VALID_BODY.test(body)) {
      throw new SqsError(
        'InvalidMessageContents',
        'InvalidMessageContents',
        'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
      );
    }
    const limit = queue.integerAttribute('MaximumMessageSize');
    if (messageSize(input) > limit) {
      throw new InvalidParameterValue(`One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes.`);
    }
    const attributes = checkMessageAttributes(input.MessageAttributes ?? {});
    let groupId = input.MessageGroupId;
    let deduplicationId = input.MessageDeduplicationId;
    if (groupId !== undefined && !GROUP_OR_DEDUP_ID.test(groupId)) {
      throw invalidParameter(
        groupId,
        'MessageGroupId',
        'MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
      );
    }
    if (deduplicationId !== undefined && !GROUP_OR_DEDUP_ID.test(deduplicationId)) {
      throw invalidParameter(
        deduplicationId,
        'MessageDeduplicationId',
        'MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
      );
    }
    let delay = input.DelaySeconds ?? queue.integerAttribute('DelaySeconds');
    if (queue.fifo) {
      if (groupId === undefined) throw new MissingParameter('MessageGroupId');
      if (input.DelaySeconds !== undefined && input.DelaySeconds !== 0) {
        throw invalidParameter(input.DelaySeconds, 'DelaySeconds', 'The request include parameter that is not valid for this queue type.');
      }
      delay = queue.integerAttribute('DelaySeconds');
      if (deduplicationId === undefined) {
        if (queue.attributes.ContentBasedDeduplication !== 'true') {
          throw new InvalidParameterValue(
            'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
          );
        }
        deduplicationId = Queue.contentDeduplicationId(body);
      }
    } else {
      // Fair queues: a standard queue keeps the group id for its own scheduling; deduplication ids are FIFO only.
      if (deduplicationId !== undefined) {
        throw invalidParameter(
          deduplicationId,
          'MessageDeduplicationId',
          'The request includes a parameter that is not valid for this queue type.',
        );
      }
      groupId = groupId ?? undefined;
    }
    if (!Number.isInteger(delay) || delay < 0 || delay > 900) {
      throw invalidParameter(delay, 'DelaySeconds', 'DelaySeconds must be >= 0 and <= 900.');
    }
    const systemAttributes = input.MessageSystemAttributes ?? {};
    return queue.enqueue(
      {
        messageId: randomUUID(),
        body,
        md5OfBody: md5OfText(body),
        messageAttributes: attributes,
        md5OfMessageAttributes: md5OfMessageAttributes(attributes),
        systemAttributes,
        senderId: context.accessKeyId ?? context.accountId,
        sentTimestamp: Date.now(),
        visibleAt: 0,
        groupId,
        deduplicationId: queue.fifo ? deduplicationId : undefined,
      },
      delay,
    );
  }

  private sendResult(stored: StoredMessage) {
    return {
      MessageId: stored.messageId,
      MD5OfMessageBody: stored.md5OfBody,
      MD5OfMessageAttributes: stored.md5OfMessageAttributes,
      SequenceNumber: stored.sequenceNumber,
    };
  }

  /** Moves a message past its maxReceiveCount to the dead-letter queue; false when that queue is gone (it stays). */
  private deadLetter(source: Queue, message: StoredMessage, policy: RedrivePolicy): boolean {
    const target = [...this.queues.values()].find((queue) => queue.arn === policy.deadLetterTargetArn);
    if (!target) return false;
    target.adopt(message, source.arn);
    return true;
  }

  private describe(message: StoredMessage, receiptHandle: string, input: ReceiveMessageRequest): Message {
    const wanted = new Set([...(input.AttributeNames ?? []), ...(input.MessageSystemAttributeNames ?? [])] as string[]);
    const all = wanted.has('All');
    const system: Record<string, string | undefined> = {
      SenderId: message.senderId,
      SentTimestamp: String(message.sentTimestamp),
      ApproximateReceiveCount: String(message.receiveCount),
      ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp ?? Date.now()),
      SequenceNumber: message.sequenceNumber,
      MessageDeduplicationId: message.deduplicationId,
      MessageGroupId: message.groupId,
      AWSTraceHeader: message.systemAttributes.AWSTraceHeader?.StringValue,
      DeadLetterQueueSourceArn: message.deadLetterSourceArn,
    };
    const attributes = Object.fromEntries(
      SYSTEM_ATTRIBUTES.filter((name) => (all || wanted.has(name)) && system[name] !== undefined).map((name) => [name, system[name]!]),
    );
    const messageAttributes = selectMessageAttributes(message.messageAttributes, input.MessageAttributeNames);
    return {
      MessageId: message.messageId,
      ReceiptHandle: receiptHandle,
      MD5OfBody: message.md5OfBody,
      Body: message.body,
      Attributes: Object.keys(attributes).length > 0 ? attributes : undefined,
      MD5OfMessageAttributes: messageAttributes ? md5OfMessageAttributes(messageAttributes) : undefined,
      MessageAttributes: messageAttributes,
    } as Message;
  }

  private deleteByHandle(queue: Queue, handle: string | undefined): void {
    if (!handle) throw new MissingParameter('ReceiptHandle');
    if (messageIdOf(handle) === undefined) throw new ReceiptHandleIsInvalid(handle);
    const message = queue.byReceiptHandle(handle);
    // Deleting with an older handle of a message still deletes it, as on SQS (standard queues);
    // a message already gone is not an error.
    if (message) queue.remove(message);
  }

  private changeVisibility(queue: Queue, handle: string | undefined, seconds: number | undefined): void {
    if (!handle) throw new MissingParameter('ReceiptHandle');
    if (seconds === undefined) throw new MissingParameter('VisibilityTimeout');
    if (messageIdOf(handle) === undefined) throw new ReceiptHandleIsInvalid(handle);
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 43200) {
      throw invalidParameter(seconds, 'VisibilityTimeout', 'VisibilityTimeout must be an integer between 0 and 43200');
    }
    const message = queue.byReceiptHandle(handle);
    if (!message || !message.inFlight || message.visibleAt <= Date.now() || message.receiptHandle !== handle)
      throw new MessageNotInflight();
    queue.changeVisibility(message, seconds);
  }

  /** A batch's entries, each answered on its own: `Successful` and `Failed` as SQS answers them. */
  private batch<Entry extends { Id?: string }, Result>(entries: Entry[], run: (entry: Entry) => Result) {
    const Successful: Result[] = [];
    const Failed: Array<{ Id?: string; SenderFault: boolean; Code: string; Message: string }> = [];
    for (const entry of entries) {
      try {
        Successful.push(run(entry));
      } catch (error) {
        if (!(error instanceof SqsError)) throw error;
        Failed.push({ Id: entry.Id, SenderFault: error.senderFault, Code: error.code, Message: error.message });
      }
    }
    return { Successful, Failed };
  }

  private attributesOf(queue: Queue): Record<string, string> {
    const counts = queue.counts();
    const computed: Record<(typeof COMPUTED_ATTRIBUTES)[number], string> = {
      ApproximateNumberOfMessages: String(counts.visible),
      ApproximateNumberOfMessagesDelayed: String(counts.delayed),
      ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
      CreatedTimestamp: String(queue.createdTimestamp),
      LastModifiedTimestamp: String(queue.lastModifiedTimestamp),
      QueueArn: queue.arn,
    };
    return { ...computed, ...queue.attributes };
  }

  /** The queue a QueueUrl names (any host: the path `/<account>/<name>` decides). */
  private queue(url: string | undefined): Queue {
    if (!url) throw new MissingParameter('QueueUrl');
    const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '');
    const [account, name] = path.split('/').filter(Boolean).slice(-2);
    const queue = this.queues.get(name ?? '');
    if (!queue || account !== this.deps.accountId) throw new QueueDoesNotExist();
    return queue;
  }

  private urlOf(name: string): string {
    return `${this.deps.endpoint()}/${this.deps.accountId}/${name}`;
  }

  private arnOf(name: string): string {
    return `arn:aws:sqs:${this.deps.region}:${this.deps.accountId}:${name}`;
  }
}

function checkBatch<Entry extends { Id?: string }>(entries: Entry[] | undefined, entryName: string): Entry[] {
  const list = entries ?? [];
  if (list.length === 0) throw new EmptyBatchRequest(entryName);
  if (list.length > MAX_BATCH_ENTRIES) throw new TooManyEntriesInBatchRequest(list.length);
  const seen = new Set<string>();
  for (const entry of list) {
    if (!BATCH_ENTRY_ID.test(entry.Id ?? '')) throw new InvalidBatchEntryId();
    if (seen.has(entry.Id!)) throw new BatchEntryIdsNotDistinct(entry.Id!);
    seen.add(entry.Id!);
  }
  return list;
}

function messageSize(input: SendInput): number {
  let size = Buffer.byteLength(input.MessageBody ?? '', 'utf8');
  for (const [name, value] of Object.entries(input.MessageAttributes ?? {})) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value.DataType ?? '', 'utf8');
    size += value.BinaryValue ? value.BinaryValue.length : Buffer.byteLength(value.StringValue ?? '', 'utf8');
  }
  return size;
}

function checkMessageAttributes(attributes: Record<string, MessageAttributeValue>): Record<string, MessageAttributeValue> {
  const checked: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    const dataType = value.DataType ?? '';
    if (!/^(String|Number|Binary)(\..+)?$/.test(dataType)) {
      throw new InvalidParameterValue(
        `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
      );
    }
    if (dataType.startsWith('Binary')) {
      if (!value.BinaryValue || value.BinaryValue.length === 0) {
        throw new InvalidParameterValue(`Message (user) attribute '${name}' must contain a non-empty value of type 'Binary'.`);
      }
      checked[name] = { DataType: dataType, BinaryValue: Buffer.from(value.BinaryValue) };
      continue;
    }
    const type = dataType.startsWith('Number') ? 'Number' : 'String';
    if (value.StringValue === undefined || value.StringValue === '') {
      throw new InvalidParameterValue(`Message (user) attribute '${name}' must contain a non-empty value of type '${type}'.`);
    }
    if (type === 'Number' && !Number.isFinite(Number(value.StringValue))) {
      throw new InvalidParameterValue(`Can't cast the value of message (user) attribute '${name}' to a number.`);
    }
    checked[name] = { DataType: dataType, StringValue: value.StringValue };
  }
  return checked;
}

/** MessageAttributeNames: `All`, `.*`, `prefix.*` or exact names. */
function selectMessageAttributes(
  attributes: Record<string, MessageAttributeValue>,
  names: readonly string[] | undefined,
): Record<string, MessageAttributeValue> | undefined {
  const wanted = names ?? [];
  const selected = Object.fromEntries(
    Object.entries(attributes).filter(([name]) =>
      wanted.some(
        (pattern) =>
          pattern === 'All' || pattern === '.*' || pattern === name || (pattern.endsWith('.*') && name.startsWith(pattern.slice(0, -1))),
      ),
    ),
  );
  return Object.keys(selected).length > 0 ? selected : undefined;
}
