import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { ServiceClient } from '../../core/internal-client';
import { parseArn } from '../../delivery/arn';
import type { EventSourceMapping } from './event-source-mappings';
import type { InvokeResult } from './invoker';

export interface SqsPollerDependencies {
  services: ServiceClient;
  region: string;
  report: (what: string, error: unknown) => void;
}

/** How long one receive waits for messages (a long poll; a new message ends it at once). */
const POLL_WAIT_SECONDS = 20;
/** After a failed poll (queue gone, injected fault) the poller waits this long before the next one. */
const RETRY_DELAY_MS = 1000;

/**
 * One mapping's poller: receives batches from the queue (BatchSize, MaximumBatchingWindowInSeconds),
 * drops messages no filter matches, invokes the function synchronously with Lambda's SQS event,
 * and deletes what succeeded. A failed invocation leaves the batch to return after the queue's
 * visibility timeout — its redrive policy moves a message to the dead-letter queue after
 * maxReceiveCount receives. With `ReportBatchItemFailures` only the messages the function names
 * stay (an unreadable answer fails the whole batch, as on AWS).
 */
export class SqsPoller {
  private running = false;
  private loop?: Promise<void>;
  private queueUrl?: string;

  constructor(
    private readonly mapping: EventSourceMapping,
    private readonly deps: SqsPollerDependencies,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const batch = await this.collect();
        if (!this.running) {
          await this.release(batch);
          break;
        }
        if (batch.length > 0) await this.process(batch);
      } catch (error) {
        this.deps.report(
          `Event source mapping ${this.mapping.uuid} (${this.mapping.eventSourceArn} → ${this.mapping.functionName})`,
          error,
        );
        this.queueUrl = undefined;
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      }
    }
  }

  /** A batch: what one long poll brings, topped up until BatchSize or the batching window ends. */
  private async collect(): Promise<Message[]> {
    const url = await this.url();
    const batch: Message[] = [];
    const windowEnds = Date.now() + this.mapping.maximumBatchingWindowInSeconds * 1000;
    let wait = POLL_WAIT_SECONDS;
    while (this.running && batch.length < this.mapping.batchSize) {
      const received = await this.deps.services.call<{ Messages?: Message[] }>('sqs', 'ReceiveMessage', {
        QueueUrl: url,
        MaxNumberOfMessages: Math.min(10, this.mapping.batchSize - batch.length),
        WaitTimeSeconds: wait,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      });
      batch.push(...(received.Messages ?? []));
      const remaining = windowEnds - Date.now();
      if (batch.length > 0 && remaining <= 0) break;
      if (batch.length > 0) wait = Math.max(0, Math.min(POLL_WAIT_SECONDS, Math.ceil(remaining / 1000)));
      if (batch.length > 0 && (received.Messages ?? []).length === 0) break;
    }
    return batch;
  }

  private async process(batch: Message[]): Promise<void> {
    const wanted = this.mapping.filters.length === 0 ? batch : batch.filter((message) => this.passes(message));
    // Lambda deletes the messages its filters drop.
    await this.remove(batch.filter((message) => !wanted.includes(message)));
    if (wanted.length === 0) return;
    const event = { Records: wanted.map((message) => this.record(message)) };
    const result = await this.deps.services.call<InvokeResult>('lambda', 'Invoke', {
      FunctionName: this.mapping.functionArn,
      Payload: Buffer.from(JSON.stringify(event), 'utf8'),
    });
    if (result.FunctionError) {
      this.deps.report(
        `Event source mapping ${this.mapping.uuid}: ${this.mapping.functionName} failed a batch of ${wanted.length} (it returns after the visibility timeout)`,
        new Error(Buffer.from(result.Payload).toString('utf8')),
      );
      return;
    }
    const failed = this.mapping.functionResponseTypes.includes('ReportBatchItemFailures')
      ? this.failedItems(result, wanted)
      : new Set<string>();
    await this.remove(wanted.filter((message) => !failed.has(message.MessageId ?? '')));
  }

  /** The message ids a partial batch response names; every message when the answer cannot be read. */
  private failedItems(result: InvokeResult, batch: Message[]): Set<string> {
    const all = new Set(batch.map((message) => message.MessageId ?? ''));
    const text = Buffer.from(result.Payload).toString('utf8').trim();
    if (text === '' || text === 'null') return new Set();
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      return all;
    }
    if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return new Set();
    const failures = (answer as { batchItemFailures?: unknown }).batchItemFailures;
    if (failures === undefined || failures === null) return new Set();
    if (!Array.isArray(failures)) return all;
    const named = new Set<string>();
    for (const failure of failures) {
      const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
      if (typeof id !== 'string' || !all.has(id)) return all;
      named.add(id);
    }
    return named;
  }

  private passes(message: Message): boolean {
    const record = this.record(message);
    let body: unknown = message.Body;
    try {
      body = JSON.parse(message.Body ?? '');
    } catch {
      // A body that is not JSON is matched as the plain string it is.
    }
    return this.mapping.filters.some((filter) => filter.matches({ ...record, body }));
  }

  /** One record of Lambda's SQS event, as Lambda builds it. */
  private record(message: Message): Record<string, unknown> {
    const record: Record<string, unknown> = {
      messageId: message.MessageId,
      receiptHandle: message.ReceiptHandle,
      body: message.Body,
      attributes: message.Attributes ?? {},
      messageAttributes: Object.fromEntries(
        Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, lambdaAttribute(value)]),
      ),
      md5OfBody: message.MD5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: this.mapping.eventSourceArn,
      awsRegion: parseArn(this.mapping.eventSourceArn)?.region ?? this.deps.region,
    };
    if (message.MD5OfMessageAttributes) record.md5OfMessageAttributes = message.MD5OfMessageAttributes;
    return record;
  }

  private async remove(messages: Message[]): Promise<void> {
    const url = await this.url();
    for (let start = 0; start < messages.length; start += 10) {
      const entries = messages
        .slice(start, start + 10)
        .map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle }));
      await this.deps.services.call('sqs', 'DeleteMessageBatch', { QueueUrl: url, Entries: entries });
    }
  }

  /** Messages received after the mapping was stopped go back at once. */
  private async release(messages: Message[]): Promise<void> {
    if (messages.length === 0) return;
    const url = await this.url();
    for (let start = 0; start < messages.length; start += 10) {
      const entries = messages
        .slice(start, start + 10)
        .map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 }));
      await this.deps.services.call('sqs', 'ChangeMessageVisibilityBatch', { QueueUrl: url, Entries: entries }).catch(() => undefined);
    }
  }

  private async url(): Promise<string> {
    if (this.queueUrl) return this.queueUrl;
    const parsed = parseArn(this.mapping.eventSourceArn);
    const { QueueUrl } = await this.deps.services.call<{ QueueUrl: string }>('sqs', 'GetQueueUrl', {
      QueueName: parsed?.resource,
      QueueOwnerAWSAccountId: parsed?.accountId,
    });
    this.queueUrl = QueueUrl;
    return QueueUrl;
  }
}

/** A message attribute in Lambda's SQS event: camel-cased, with the list members Lambda always sends. */
function lambdaAttribute(value: MessageAttributeValue): Record<string, unknown> {
  return {
    stringValue: value.StringValue,
    binaryValue: value.BinaryValue ? Buffer.from(value.BinaryValue).toString('base64') : undefined,
    stringListValues: [],
    binaryListValues: [],
    dataType: value.DataType,
  };
}
