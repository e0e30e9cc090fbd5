import { createHash, randomUUID } from 'node:crypto';
import type {
  CreateTopicInput,
  GetSubscriptionAttributesInput,
  GetTopicAttributesInput,
  ListSubscriptionsByTopicInput,
  PublishBatchInput,
  PublishBatchRequestEntry,
  PublishInput,
  SetSubscriptionAttributesInput,
  SetTopicAttributesInput,
  SubscribeInput,
  Tag,
} from '@aws-sdk/client-sns';
import { BackgroundWork } from '../../core/background-work';
import { compileEventPattern, InvalidEventPattern, type EventPattern } from '../../core/event-pattern';
import type { ServiceClient } from '../../core/internal-client';
import { page } from '../../core/paging';
import type { Provider } from '../../core/provider';
import { parseArn } from '../../delivery/arn';
import { deliverToTarget } from '../../delivery/targets';
import { lambdaEvent, sqsEnvelope, type Notification, type SnsMessageAttribute } from './envelope';
import {
  BatchEntryIdsNotDistinct,
  InvalidParameter,
  invalidParameter,
  subscriptionNotFound,
  TooManyEntriesInBatchRequest,
  topicNotFound,
} from './errors';

export interface SnsDependencies {
  region: string;
  accountId: string;
  services: ServiceClient;
  endpoint: () => string;
  report: (what: string, error: unknown) => void;
}

interface Topic {
  arn: string;
  name: string;
  fifo: boolean;
  attributes: Record<string, string>;
  tags: Tag[];
  deduplication: Map<string, { until: number; messageId: string; sequenceNumber?: string }>;
}

interface Subscription {
  arn: string;
  topicArn: string;
  protocol: string;
  endpoint: string;
  attributes: Record<string, string>;
  filter?: EventPattern;
}

/** Protocols whose deliveries the sandbox makes; the others are recorded, pending confirmation, as on AWS until confirmed. */
const DELIVERED_PROTOCOLS = ['sqs', 'lambda'];
const KNOWN_PROTOCOLS = ['sqs', 'lambda', 'email', 'email-json', 'http', 'https', 'sms', 'application', 'firehose'];
const SUBSCRIPTION_ATTRIBUTES = [
  'DeliveryPolicy',
  'FilterPolicy',
  'FilterPolicyScope',
  'RawMessageDelivery',
  'RedrivePolicy',
  'SubscriptionRoleArn',
  'ReplayPolicy',
];
const MAX_MESSAGE_BYTES = 262_144;
const DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000;
let sequence = BigInt(Date.now()) * 1_000_000n;

/**
 * Amazon SNS: standard and FIFO topics; subscriptions of SQS queues and Lambda functions, with
 * filter policies (attribute- or body-scoped, the one matcher in core/event-pattern) and raw
 * delivery; Publish and PublishBatch. Deliveries run in the background after Publish answers,
 * through delivery/targets, in AWS's envelope (`envelope.ts`).
 *
 * Fidelity gaps: email, HTTP(S), SMS and mobile subscriptions are recorded, pending confirmation,
 * and receive nothing; message signatures are random bytes; a delivery that fails is written to
 * /postflight/sandbox/deliveries (and to the subscription's dead-letter queue if it has one)
 * without SNS's retries; topic policies are recorded, never evaluated.
 */
export class SnsProvider implements Provider {
  readonly serviceName = 'sns';
  readonly operations = [
    'CreateTopic',
    'DeleteTopic',
    'ListTopics',
    'GetTopicAttributes',
    'SetTopicAttributes',
    'Subscribe',
    'Unsubscribe',
    'ListSubscriptions',
    'ListSubscriptionsByTopic',
    'GetSubscriptionAttributes',
    'SetSubscriptionAttributes',
    'Publish',
    'PublishBatch',
    'TagResource',
    'UntagResource',
    'ListTagsForResource',
  ] as const;

  private readonly topics = new Map<string, Topic>();
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly deliveries: BackgroundWork;

  constructor(private readonly deps: SnsDependencies) {
    this.deliveries = new BackgroundWork(deps.report);
  }

  createTopic(input: CreateTopicInput) {
    const name = input.Name ?? '';
    const attributes = input.Attributes ?? {};
    const fifo = attributes.FifoTopic === 'true';
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(fifo ? name.replace(/\.fifo$/, '') : name) || (fifo && !name.endsWith('.fifo'))) {
      throw invalidParameter('Topic Name');
    }
    const arn = `arn:aws:sns:${this.deps.region}:${this.deps.accountId}:${name}`;
    const existing = this.topics.get(arn);
    if (existing) {
      for (const [key, value] of Object.entries(attributes)) {
        if (existing.attributes[key] !== undefined && existing.attributes[key] !== value) {
          throw new InvalidParameter('Invalid parameter: Attributes Reason: Topic already exists with different attributes');
        }
      }
      return { TopicArn: arn };
    }
    this.topics.set(arn, {
      arn,
      name,
      fifo,
      attributes: { DisplayName: '', ...(fifo ? { FifoTopic: 'true', ContentBasedDeduplication: 'false' } : {}), ...attributes },
      tags: input.Tags ?? [],
      deduplication: new Map(),
    });
    return { TopicArn: arn };
  }

  deleteTopic(input: { TopicArn?: string }) {
    const topic = this.topics.get(input.TopicArn ?? '');
    if (!topic) return {};
    this.topics.delete(topic.arn);
    for (const subscription of [...this.subscriptions.values()])
      if (subscription.topicArn === topic.arn) this.subscriptions.delete(subscription.arn);
    return {};
  }

  listTopics(input: { NextToken?: string }) {
    const arns = [...this.topics.keys()].sort();
    const listed = page(arns, {
      size: 100,
      token: input.NextToken,
      keyOf: (arn) => arn,
      invalidToken: () => invalidParameter('NextToken'),
    });
    return { Topics: listed.items.map((TopicArn) => ({ TopicArn })), NextToken: listed.nextToken };
  }

  getTopicAttributes(input: GetTopicAttributesInput) {
    const topic = this.topic(input.TopicArn);
    const subscriptions = [...this.subscriptions.values()].filter((subscription) => subscription.topicArn === topic.arn);
    return {
      Attributes: {
        ...topic.attributes,
        Owner: this.deps.accountId,
        Policy: topic.attributes.Policy ?? defaultTopicPolicy(topic.arn, this.deps.accountId),
        SubscriptionsConfirmed: String(
          subscriptions.filter((subscription) => subscription.attributes.PendingConfirmation === 'false').length,
        ),
        SubscriptionsDeleted: '0',
        SubscriptionsPending: String(subscriptions.filter((subscription) => subscription.attributes.PendingConfirmation === 'true').length),
        TopicArn: topic.arn,
        EffectiveDeliveryPolicy: topic.attributes.DeliveryPolicy ?? DEFAULT_DELIVERY_POLICY,
      },
    };
  }

  setTopicAttributes(input: SetTopicAttributesInput) {
    const topic = this.topic(input.TopicArn);
    const name = input.AttributeName ?? '';
    if (name === 'FifoTopic') throw invalidParameter('AttributeName', 'FifoTopic cannot be changed after the topic is created');
    topic.attributes[name] = input.AttributeValue ?? '';
    return {};
  }

  subscribe(input: SubscribeInput, context: { accountId: string }) {
    const topic = this.topic(input.TopicArn);
    const protocol = (input.Protocol ?? '').toLowerCase();
    if (!KNOWN_PROTOCOLS.includes(protocol)) throw invalidParameter('Amazon SNS does not support this protocol string');
    const endpoint = input.Endpoint ?? '';
    if ((protocol === 'sqs' || protocol === 'lambda') && parseArn(endpoint)?.service !== protocol) {
      throw invalidParameter(protocol === 'sqs' ? 'SQS endpoint ARN' : 'Lambda endpoint ARN');
    }
    const attributes = input.Attributes ?? {};
    for (const key of Object.keys(attributes))
      if (!SUBSCRIPTION_ATTRIBUTES.includes(key)) throw invalidParameter(`Attributes Reason: Unknown attribute ${key}`);
    const existing = [...this.subscriptions.values()].find(
      (subscription) => subscription.topicArn === topic.arn && subscription.protocol === protocol && subscription.endpoint === endpoint,
    );
    if (existing) return { SubscriptionArn: existing.arn };
    const arn = `${topic.arn}:${randomUUID()}`;
    const delivered = DELIVERED_PROTOCOLS.includes(protocol);
    const subscription: Subscription = {
      arn,
      topicArn: topic.arn,
      protocol,
      endpoint,
      attributes: {
        ConfirmationWasAuthenticated: String(delivered),
        Endpoint: endpoint,
        Owner: context.accountId,
        PendingConfirmation: String(!delivered),
        Protocol: protocol,
        RawMessageDelivery: 'false',
        SubscriptionArn: arn,
        SubscriptionPrincipal: `arn:aws:iam::${context.accountId}:user/postflight`,
        TopicArn: topic.arn,
      },
    };
    for (const [key, value] of Object.entries(attributes)) this.setSubscriptionAttribute(subscription, key, value);
    this.subscriptions.set(arn, subscription);
    return { SubscriptionArn: delivered || input.ReturnSubscriptionArn ? arn : 'pending confirmation' };
  }

  unsubscribe(input: { SubscriptionArn?: string }) {
    this.subscriptions.delete(input.SubscriptionArn ?? '');
    return {};
  }

  listSubscriptions(input: { NextToken?: string }) {
    return this.listOf([...this.subscriptions.values()], input.NextToken);
  }

  listSubscriptionsByTopic(input: ListSubscriptionsByTopicInput) {
    const topic = this.topic(input.TopicArn);
    return this.listOf(
      [...this.subscriptions.values()].filter((subscription) => subscription.topicArn === topic.arn),
      input.NextToken,
    );
  }

  getSubscriptionAttributes(input: GetSubscriptionAttributesInput) {
    const subscription = this.subscriptions.get(input.SubscriptionArn ?? '');
    if (!subscription) throw subscriptionNotFound();
    return { Attributes: { ...subscription.attributes } };
  }

  setSubscriptionAttributes(input: SetSubscriptionAttributesInput) {
    const subscription = this.subscriptions.get(input.SubscriptionArn ?? '');
    if (!subscription) throw subscriptionNotFound();
    this.setSubscriptionAttribute(subscription, input.AttributeName ?? '', input.AttributeValue ?? '');
    return {};
  }

  publish(input: PublishInput) {
    const topic = this.topic(input.TopicArn ?? input.TargetArn);
    const published = this.accept(topic, input);
    return { MessageId: published.messageId, SequenceNumber: published.sequenceNumber };
  }

  publishBatch(input: PublishBatchInput) {
    const topic = this.topic(input.TopicArn);
    const entries = input.PublishBatchRequestEntries ?? [];
    if (entries.length > 10) throw new TooManyEntriesInBatchRequest();
    if (new Set(entries.map((entry) => entry.Id)).size !== entries.length) throw new BatchEntryIdsNotDistinct();
    const Successful: Array<{ Id?: string; MessageId: string; SequenceNumber?: string }> = [];
    const Failed: Array<{ Id?: string; Code: string; Message: string; SenderFault: boolean }> = [];
    for (const entry of entries as PublishBatchRequestEntry[]) {
      try {
        const published = this.accept(topic, entry);
        Successful.push({ Id: entry.Id, MessageId: published.messageId, SequenceNumber: published.sequenceNumber });
      } catch (error) {
        if (!(error instanceof InvalidParameter)) throw error;
        Failed.push({ Id: entry.Id, Code: error.code, Message: error.message, SenderFault: true });
      }
    }
    return { Successful, Failed };
  }

  tagResource(input: { ResourceArn?: string; Tags?: Tag[] }) {
    const topic = this.topic(input.ResourceArn);
    const tags = new Map(topic.tags.map((tag) => [tag.Key, tag]));
    for (const tag of input.Tags ?? []) tags.set(tag.Key, tag);
    topic.tags = [...tags.values()];
    return {};
  }

  untagResource(input: { ResourceArn?: string; TagKeys?: string[] }) {
    const topic = this.topic(input.ResourceArn);
    topic.tags = topic.tags.filter((tag) => !(input.TagKeys ?? []).includes(tag.Key ?? ''));
    return {};
  }

  listTagsForResource(input: { ResourceArn?: string }) {
    return { Tags: this.topic(input.ResourceArn).tags };
  }

  /** Resolves when every delivery started so far has ended. */
  settled(): Promise<void> {
    return this.deliveries.settled();
  }

  async shutdown(): Promise<void> {
    await this.deliveries.settled();
  }

  // --- helpers ---------------------------------------------------------------------------------------

  /** Checks a message, records it (FIFO deduplication) and starts its deliveries. */
  private accept(topic: Topic, input: PublishInput | PublishBatchRequestEntry): { messageId: string; sequenceNumber?: string } {
    const message = input.Message;
    if (message === undefined || message === '') throw invalidParameter('Empty message');
    const attributes = checkAttributes((input.MessageAttributes ?? {}) as Record<string, SnsMessageAttribute>);
    if (Buffer.byteLength(message, 'utf8') > MAX_MESSAGE_BYTES) {
      throw invalidParameter('Message too long');
    }
    if (input.Subject !== undefined && (input.Subject === '' || input.Subject.length > 100)) throw invalidParameter('Subject');
    const perProtocol = input.MessageStructure === 'json' ? messagesByProtocol(message) : undefined;
    let deduplicationId = input.MessageDeduplicationId;
    if (topic.fifo) {
      if (!input.MessageGroupId) throw invalidParameter('The MessageGroupId parameter is required for FIFO topics');
      if (!deduplicationId) {
        if (topic.attributes.ContentBasedDeduplication !== 'true') {
          throw invalidParameter(
            'The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
          );
        }
        deduplicationId = createHash('sha256').update(message).digest('hex');
      }
      const now = Date.now();
      for (const [key, entry] of topic.deduplication) if (entry.until <= now) topic.deduplication.delete(key);
      const earlier = topic.deduplication.get(deduplicationId);
      if (earlier) return { messageId: earlier.messageId, sequenceNumber: earlier.sequenceNumber };
    } else if (input.MessageDeduplicationId !== undefined) {
      throw invalidParameter(
        'MessageDeduplicationId',
        'The request includes MessageDeduplicationId parameter that is not valid for this topic type',
      );
    }
    sequence += 1n;
    const notification: Notification = {
      messageId: randomUUID(),
      topicArn: topic.arn,
      subject: input.Subject,
      message,
      timestamp: new Date(),
      messageAttributes: attributes,
      sequenceNumber: topic.fifo ? sequence.toString().padStart(20, '1') : undefined,
    };
    if (topic.fifo && deduplicationId) {
      topic.deduplication.set(deduplicationId, {
        until: Date.now() + DEDUPLICATION_WINDOW_MS,
        messageId: notification.messageId,
        sequenceNumber: notification.sequenceNumber,
      });
    }
    for (const subscription of this.subscriptions.values()) {
      if (subscription.topicArn !== topic.arn || !DELIVERED_PROTOCOLS.includes(subscription.protocol)) continue;
      if (!this.passesFilter(subscription, notification)) continue;
      const text = perProtocol ? (perProtocol[subscription.protocol] ?? perProtocol.default!) : message;
      this.deliver(subscription, { ...notification, message: text }, input.MessageGroupId, deduplicationId);
    }
    return { messageId: notification.messageId, sequenceNumber: notification.sequenceNumber };
  }

  private deliver(
    subscription: Subscription,
    notification: Notification,
    groupId: string | undefined,
    deduplicationId: string | undefined,
  ): void {
    const links = { subscriptionArn: subscription.arn, endpoint: this.deps.endpoint(), region: this.deps.region };
    const raw = subscription.attributes.RawMessageDelivery === 'true';
    this.deliveries.start(`SNS subscription ${subscription.arn} → ${subscription.endpoint}`, async () => {
      const payload =
        subscription.protocol === 'lambda'
          ? JSON.stringify(lambdaEvent(notification, links))
          : raw
            ? notification.message
            : JSON.stringify(sqsEnvelope(notification, links));
      const options = {
        callingService: 'sns',
        messageAttributes: raw ? sqsAttributes(notification.messageAttributes) : undefined,
        messageGroupId: subscription.endpoint.endsWith('.fifo') ? groupId : undefined,
        messageDeduplicationId: subscription.endpoint.endsWith('.fifo') ? deduplicationId : undefined,
      };
      try {
        await deliverToTarget(this.deps.services, subscription.endpoint, payload, options);
      } catch (error) {
        const deadLetterArn = deadLetterTarget(subscription.attributes.RedrivePolicy);
        if (!deadLetterArn) throw error;
        await deliverToTarget(this.deps.services, deadLetterArn, payload, { ...options, messageAttributes: undefined });
      }
    });
  }

  private passesFilter(subscription: Subscription, notification: Notification): boolean {
    if (!subscription.filter) return true;
    if (subscription.attributes.FilterPolicyScope === 'MessageBody') {
      try {
        return subscription.filter.matches(JSON.parse(notification.message));
      } catch {
        return false;
      }
    }
    return subscription.filter.matches(attributeValues(notification.messageAttributes));
  }

  private setSubscriptionAttribute(subscription: Subscription, name: string, value: string): void {
    if (!SUBSCRIPTION_ATTRIBUTES.includes(name)) throw invalidParameter('AttributeName');
    if (name === 'RawMessageDelivery' && !['true', 'false'].includes(value.toLowerCase())) {
      throw invalidParameter('Attributes Reason: RawMessageDelivery: Invalid value [' + value + ']. Must be true or false.');
    }
    if (name === 'FilterPolicyScope' && !['MessageAttributes', 'MessageBody'].includes(value)) {
      throw invalidParameter(
        'Attributes Reason: FilterPolicyScope: Invalid value [' + value + ']. Please use either MessageBody or MessageAttributes',
      );
    }
    if (name === 'FilterPolicy') {
      if (value === '') subscription.filter = undefined;
      else {
        try {
          subscription.filter = compileEventPattern(JSON.parse(value));
        } catch (error) {
          const reason = error instanceof InvalidEventPattern ? error.reason : 'failed to parse JSON.';
          throw invalidParameter('FilterPolicy', reason);
        }
      }
    }
    subscription.attributes[name] = name === 'RawMessageDelivery' ? value.toLowerCase() : value;
    if (name === 'FilterPolicy' && subscription.attributes.FilterPolicyScope === undefined && value !== '') {
      subscription.attributes.FilterPolicyScope = 'MessageAttributes';
    }
  }

  private listOf(subscriptions: Subscription[], token: string | undefined) {
    const sorted = subscriptions.sort((a, b) => a.arn.localeCompare(b.arn));
    const listed = page(sorted, {
      size: 100,
      token,
      keyOf: (subscription) => subscription.arn,
      invalidToken: () => invalidParameter('NextToken'),
    });
    return {
      Subscriptions: listed.items.map((subscription) => ({
        SubscriptionArn: subscription.attributes.PendingConfirmation === 'true' ? 'PendingConfirmation' : subscription.arn,
        Owner: subscription.attributes.Owner,
        Protocol: subscription.protocol,
        Endpoint: subscription.endpoint,
        TopicArn: subscription.topicArn,
      })),
      NextToken: listed.nextToken,
    };
  }

  private topic(arn: string | undefined): Topic {
    if (!arn) throw invalidParameter('TopicArn');
    const parts = arn.split(':');
    if (parts.length < 6) throw invalidParameter('TopicArn', `An ARN must have at least 6 elements, not ${parts.length}`);
    const topic = this.topics.get(arn);
    if (!topic) throw topicNotFound();
    return topic;
  }
}

const DEFAULT_DELIVERY_POLICY = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: {
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: 'linear',
    },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
});

function defaultTopicPolicy(arn: string, accountId: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: arn,
        Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
      },
    ],
  });
}

function checkAttributes(attributes: Record<string, SnsMessageAttribute>): Record<string, SnsMessageAttribute> {
  for (const [name, value] of Object.entries(attributes)) {
    const type = value.DataType ?? '';
    if (!/^(String|Number|Binary|String\.Array)(\..+)?$/.test(type)) {
      throw invalidParameter(
        `MessageAttributes Reason: The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    }
    if (!type.startsWith('Binary') && (value.StringValue === undefined || value.StringValue === '')) {
      throw invalidParameter(
        `MessageAttributes Reason: The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type.split('.')[0]}'.`,
      );
    }
  }
  return attributes;
}

/** Attribute-scoped filter policies see String as text, Number as a number, String.Array as its list. */
function attributeValues(attributes: Record<string, SnsMessageAttribute>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute.DataType.startsWith('Number')) values[name] = Number(attribute.StringValue);
    else if (attribute.DataType === 'String.Array') {
      try {
        values[name] = JSON.parse(attribute.StringValue ?? '[]');
      } catch {
        values[name] = attribute.StringValue;
      }
    } else if (!attribute.DataType.startsWith('Binary')) values[name] = attribute.StringValue;
  }
  return values;
}

/** Raw delivery hands the message attributes to SQS as its own (String.Array travels as String). */
function sqsAttributes(attributes: Record<string, SnsMessageAttribute>) {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name,
      value.BinaryValue
        ? { DataType: 'Binary', BinaryValue: value.BinaryValue }
        : { DataType: value.DataType === 'String.Array' ? 'String' : value.DataType, StringValue: value.StringValue },
    ]),
  );
}

/** MessageStructure json: `{"default": …, "sqs": …, "lambda": …}`. */
function messagesByProtocol(message: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalidParameter('Message Structure - JSON message body failed to parse');
  }
  const messages = parsed as Record<string, unknown>;
  if (!messages || typeof messages !== 'object' || typeof messages.default !== 'string') {
    throw invalidParameter('Message Structure - No default entry in JSON message body');
  }
  return Object.fromEntries(Object.entries(messages).map(([key, value]) => [key, String(value)]));
}

function deadLetterTarget(policy: string | undefined): string | undefined {
  if (!policy) return undefined;
  try {
    const target = (JSON.parse(policy) as { deadLetterTargetArn?: unknown }).deadLetterTargetArn;
    return typeof target === 'string' ? target : undefined;
  } catch {
    return undefined;
  }
}
