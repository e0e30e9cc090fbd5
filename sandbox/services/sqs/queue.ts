import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { MessageAttributeValue, MessageSystemAttributeValue } from '@aws-sdk/client-sqs';
import { parseRedrivePolicy, type RedrivePolicy } from './queue-attributes';

/** A message as the queue keeps it. */
export interface StoredMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  messageAttributes: Record<string, MessageAttributeValue>;
  md5OfMessageAttributes?: string;
  systemAttributes: Record<string, MessageSystemAttributeValue>;
  senderId: string;
  sentTimestamp: number;
  /** When the message may next be received (delay, then visibility timeouts). */
  visibleAt: number;
  receiveCount: number;
  firstReceiveTimestamp?: number;
  /** The receipt handle of the current receive; a message in flight has one. */
  receiptHandle?: string;
  inFlight: boolean;
  groupId?: string;
  deduplicationId?: string;
  sequenceNumber?: string;
  /** Set when the message was moved here from a source queue by its redrive policy. */
  deadLetterSourceArn?: string;
}

/** What ReceiveMessage hands out: the message and the handle of this receive. */
export interface Received {
  message: StoredMessage;
  receiptHandle: string;
}

const DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000;
let sequence = BigInt(Date.now()) * 1_000_000n;

/**
 * One queue: its attributes and messages, visibility, FIFO message groups and deduplication,
 * and the long-poll waiters. Time is `Date.now()`; nothing here runs on a timer except a
 * waiter's own wake-up.
 */
export class Queue {
  readonly messages: StoredMessage[] = [];
  readonly tags: Record<string, string> = {};
  readonly createdTimestamp = Math.floor(Date.now() / 1000);
  lastModifiedTimestamp = this.createdTimestamp;
  lastPurge = 0;
  private readonly deduplication = new Map<string, { until: number; message: StoredMessage }>();
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly name: string,
    readonly url: string,
    readonly arn: string,
    readonly attributes: Record<string, string>,
  ) {}

  get fifo(): boolean {
    return this.attributes.FifoQueue === 'true';
  }

  get redrivePolicy(): RedrivePolicy | undefined {
    return parseRedrivePolicy(this.attributes.RedrivePolicy);
  }

  integerAttribute(name: string): number {
    return Number(this.attributes[name] ?? 0);
  }

  /**
   * Adds a message; a FIFO duplicate within 5 minutes is accepted but not enqueued again
   * (the original is answered).
   */
  enqueue(message: Omit<StoredMessage, 'sequenceNumber' | 'inFlight' | 'receiveCount'>, delaySeconds: number): StoredMessage {
    this.expireDeduplication();
    if (this.fifo && message.deduplicationId !== undefined) {
      const key =
        this.attributes.DeduplicationScope === 'messageGroup'
          ? `${message.groupId}\u0000${message.deduplicationId}`
          : message.deduplicationId;
      const earlier = this.deduplication.get(key);
      if (earlier) return earlier.message;
      const stored = this.store(message, delaySeconds);
      this.deduplication.set(key, { until: Date.now() + DEDUPLICATION_WINDOW_MS, message: stored });
      return stored;
    }
    return this.store(message, delaySeconds);
  }

  /** Puts a message moved from another queue (redrive) at the end, as it was. */
  adopt(message: StoredMessage, sourceArn: string): void {
    message.inFlight = false;
    message.receiptHandle = undefined;
    message.visibleAt = Date.now();
    message.deadLetterSourceArn = sourceArn;
    this.messages.push(message);
    this.wake();
  }

  /** Content-based deduplication: SHA-256 of the body. */
  static contentDeduplicationId(body: string): string {
    return createHash('sha256').update(body, 'utf8').digest('hex');
  }

  /**
   * Up to `max` visible messages, made invisible for `visibilitySeconds`. A message received
   * more often than its redrive policy allows is handed to `deadLetter` instead. FIFO: only
   * groups with no message in flight, in order within a group.
   */
  receive(max: number, visibilitySeconds: number, deadLetter: (message: StoredMessage, policy: RedrivePolicy) => boolean): Received[] {
    const now = Date.now();
    this.expireRetention(now);
    this.returnExpired(now);
    const policy = this.redrivePolicy;
    const lockedGroups = new Set(
      this.messages.filter((message) => message.inFlight && message.groupId !== undefined).map((m) => m.groupId),
    );
    const received: Received[] = [];
    for (const message of [...this.messages]) {
      if (received.length >= max) break;
      if (message.inFlight || message.visibleAt > now) {
        if (message.groupId !== undefined) lockedGroups.add(message.groupId);
        continue;
      }
      if (this.fifo && message.groupId !== undefined && lockedGroups.has(message.groupId)) continue;
      if (policy && message.receiveCount >= policy.maxReceiveCount && deadLetter(message, policy)) {
        this.remove(message);
        continue;
      }
      message.receiveCount += 1;
      message.firstReceiveTimestamp ??= now;
      message.inFlight = true;
      message.visibleAt = now + visibilitySeconds * 1000;
      message.receiptHandle = receiptHandle(this.arn, message.messageId);
      received.push({ message, receiptHandle: message.receiptHandle });
    }
    return received;
  }

  /** The message a receipt handle was issued for, if it is still in the queue. */
  byReceiptHandle(handle: string): StoredMessage | undefined {
    const messageId = messageIdOf(handle);
    return this.messages.find((message) => message.messageId === messageId);
  }

  remove(message: StoredMessage): void {
    const index = this.messages.indexOf(message);
    if (index >= 0) this.messages.splice(index, 1);
  }

  /** Makes an in-flight message visible after `seconds` (0: at once). */
  changeVisibility(message: StoredMessage, seconds: number): void {
    message.visibleAt = Date.now() + seconds * 1000;
    if (seconds === 0) {
      message.inFlight = false;
      this.wake();
    }
  }

  purge(): void {
    this.messages.length = 0;
    this.lastPurge = Date.now();
  }

  counts(): { visible: number; inFlight: number; delayed: number } {
    const now = Date.now();
    this.returnExpired(now);
    let visible = 0;
    let inFlight = 0;
    let delayed = 0;
    for (const message of this.messages) {
      if (message.inFlight) inFlight++;
      else if (message.visibleAt > now) delayed++;
      else visible++;
    }
    return { visible, inFlight, delayed };
  }

  /**
   * Waits (without holding the event loop) until a message may be receivable or `until` passes:
   * woken by a send, a visibility change, or the time the next invisible message returns.
   */
  async waitForMessages(until: number): Promise<void> {
    const now = Date.now();
    if (now >= until) return;
    const nextVisible = Math.min(...this.messages.map((message) => message.visibleAt).filter((at) => at > now), until);
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, nextVisible - now));
      this.waiters.add(done);
    });
  }

  /** Ends every wait (a send, a returned message, the sandbox stopping). */
  wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private store(message: Omit<StoredMessage, 'sequenceNumber' | 'inFlight' | 'receiveCount'>, delaySeconds: number): StoredMessage {
    sequence += 1n;
    const stored: StoredMessage = {
      ...message,
      receiveCount: 0,
      inFlight: false,
      visibleAt: Date.now() + delaySeconds * 1000,
      sequenceNumber: this.fifo ? sequence.toString().padStart(20, '1') : undefined,
    };
    this.messages.push(stored);
    this.wake();
    return stored;
  }

  /** In-flight messages whose visibility timeout ended are receivable again. */
  private returnExpired(now: number): void {
    for (const message of this.messages) {
      if (message.inFlight && message.visibleAt <= now) message.inFlight = false;
    }
  }

  private expireRetention(now: number): void {
    const retentionMs = this.integerAttribute('MessageRetentionPeriod') * 1000;
    for (const message of [...this.messages]) if (now - message.sentTimestamp > retentionMs) this.remove(message);
  }

  private expireDeduplication(): void {
    const now = Date.now();
    for (const [key, entry] of this.deduplication) if (entry.until <= now) this.deduplication.delete(key);
  }
}

/** A receipt handle names the queue and the message, and is new for every receive. */
function receiptHandle(queueArn: string, messageId: string): string {
  return Buffer.from(`${randomUUID()} ${queueArn} ${messageId} ${randomBytes(12).toString('hex')}`, 'utf8').toString('base64');
}

/** The message id inside a receipt handle this sandbox issued; undefined for anything else. */
export function messageIdOf(handle: string): string | undefined {
  const parts = Buffer.from(handle, 'base64').toString('utf8').split(' ');
  return parts.length === 4 && /^arn:aws/.test(parts[1] ?? '') ? parts[2] : undefined;
}
