import { randomUUID } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { BackgroundWork } from '../../core/background-work';
import type { ServiceClient } from '../../core/internal-client';
import type { RequestContext } from '../../core/request-context';
import { deliverToTarget } from '../../delivery/targets';
import { escapeXml } from '../../protocols/wire-values';
import { InvalidArgument, MalformedXML } from './errors';

/** One destination of a bucket's notifications (the API's Queue/Topic/LambdaFunction configurations). */
export interface DestinationConfiguration {
  Id: string;
  kind: 'Queue' | 'Topic' | 'LambdaFunction';
  arn: string;
  Events: string[];
  FilterRules: Array<{ Name: 'Prefix' | 'Suffix'; Value: string }>;
}

export interface NotificationConfiguration {
  destinations: DestinationConfiguration[];
  eventBridge: boolean;
}

/** What happened to an object, as the notification describes it. */
export interface ObjectChange {
  bucket: string;
  key: string;
  /** `ObjectCreated:Put`, `ObjectRemoved:Delete`, `ObjectTagging:Put`, … */
  eventName: string;
  /** The API call: `PutObject`, `CopyObject`, `CompleteMultipartUpload`, `DeleteObject`, `DeleteObjects`, … */
  reason: string;
  size?: number;
  etag?: string;
}

const XML_KINDS = [
  { element: 'QueueConfiguration', arnElement: 'Queue', kind: 'Queue' },
  { element: 'TopicConfiguration', arnElement: 'Topic', kind: 'Topic' },
  { element: 'CloudFunctionConfiguration', arnElement: 'CloudFunction', kind: 'LambdaFunction' },
] as const;

const EVENT_BRIDGE_DETAIL_TYPES: Record<string, string> = {
  ObjectCreated: 'Object Created',
  ObjectRemoved: 'Object Deleted',
  ObjectTagging: 'Object Tags',
};

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => ['QueueConfiguration', 'TopicConfiguration', 'CloudFunctionConfiguration', 'Event', 'FilterRule'].includes(name),
});

let sequencer = BigInt(Date.now()) * 1000n;

/**
 * S3 event notifications: a bucket's configuration (PutBucketNotificationConfiguration, or the
 * template's NotificationConfiguration) and the events object changes emit — S3 event records to
 * SQS queues, SNS topics and Lambda functions (with prefix/suffix filters), and "Object Created" /
 * "Object Deleted" events to EventBridge's default bus. They are sent through the internal client
 * after the request is answered, as S3 does.
 *
 * Fidelity gaps: the sequencer orders events of one sandbox run only; `x-amz-id-2` is random;
 * delivery failures are written to /postflight/sandbox/deliveries, not retried.
 */
export class BucketNotifications {
  private readonly configurations = new Map<string, NotificationConfiguration>();
  private readonly deliveries: BackgroundWork;

  constructor(
    private readonly services: ServiceClient,
    private readonly region: string,
    report: (what: string, error: unknown) => void,
  ) {
    this.deliveries = new BackgroundWork(report);
  }

  configurationOf(bucket: string): NotificationConfiguration {
    return this.configurations.get(bucket) ?? { destinations: [], eventBridge: false };
  }

  /**
   * Replaces a bucket's configuration after checking that every destination exists (S3 refuses
   * the whole configuration otherwise); queues and topics get S3's `s3:TestEvent`.
   */
  async configure(bucket: string, configuration: NotificationConfiguration, context: RequestContext): Promise<void> {
    const unreachable: string[] = [];
    for (const destination of configuration.destinations) {
      if (!(await this.reachable(destination))) unreachable.push(destination.arn);
    }
    if (unreachable.length > 0) {
      throw new InvalidArgument(
        'Unable to validate the following destination configurations',
        unreachable[0]!,
        'Destination does not exist',
      );
    }
    this.configurations.set(bucket, configuration);
    const testEvent = JSON.stringify({
      Service: 'Amazon S3',
      Event: 's3:TestEvent',
      Time: new Date().toISOString(),
      Bucket: bucket,
      RequestId: context.requestId,
      HostId: randomUUID(),
    });
    for (const destination of configuration.destinations) {
      if (destination.kind === 'LambdaFunction') continue;
      this.deliveries.start(`S3 test event for ${bucket} → ${destination.arn}`, () =>
        deliverToTarget(this.services, destination.arn, testEvent, { callingService: 's3', subject: 'Amazon S3 Notification' }),
      );
    }
  }

  forget(bucket: string): void {
    this.configurations.delete(bucket);
  }

  /** Sends the notifications a change calls for (nothing when the bucket has none). */
  emit(change: ObjectChange, context: RequestContext): void {
    const configuration = this.configurations.get(change.bucket);
    if (!configuration) return;
    sequencer += 1n;
    const sequence = sequencer.toString(16).toUpperCase().padStart(18, '0');
    const time = new Date();
    for (const destination of configuration.destinations) {
      if (
        !destination.Events.some((pattern) => eventMatches(pattern, change.eventName)) ||
        !keyMatches(destination.FilterRules, change.key)
      )
        continue;
      const record = this.record(change, destination.Id, sequence, time, context);
      this.deliveries.start(`S3 ${change.eventName} ${change.bucket}/${change.key} → ${destination.arn}`, () =>
        deliverToTarget(this.services, destination.arn, JSON.stringify({ Records: [record] }), {
          callingService: 's3',
          subject: 'Amazon S3 Notification',
        }),
      );
    }
    if (configuration.eventBridge) {
      const [family] = change.eventName.split(':');
      const detailType = EVENT_BRIDGE_DETAIL_TYPES[family ?? ''];
      if (!detailType) return;
      const tagged = family === 'ObjectTagging' ? `${detailType} ${change.eventName.endsWith(':Put') ? 'Added' : 'Deleted'}` : detailType;
      const detail: Record<string, unknown> = {
        version: '0',
        bucket: { name: change.bucket },
        object:
          family === 'ObjectRemoved'
            ? { key: change.key, sequencer: sequence }
            : { key: change.key, size: change.size, etag: change.etag?.replace(/"/g, ''), sequencer: sequence },
        'request-id': context.requestId,
        requester: context.accountId,
        'source-ip-address': '127.0.0.1',
        reason: change.reason,
      };
      if (family === 'ObjectRemoved') detail['deletion-type'] = 'Permanently Deleted';
      this.deliveries.start(`S3 ${change.eventName} ${change.bucket}/${change.key} → EventBridge`, async () => {
        const put = await this.services.call<{ Entries: Array<{ ErrorMessage?: string }> }>(
          'events',
          'PutEvents',
          {
            Entries: [
              {
                Source: 'aws.s3',
                DetailType: tagged,
                Detail: JSON.stringify(detail),
                Resources: [`arn:aws:s3:::${change.bucket}`],
                Time: time,
              },
            ],
          },
          { callingService: 's3' },
        );
        const refused = put.Entries[0]?.ErrorMessage;
        if (refused) throw new Error(refused);
      });
    }
  }

  /** Resolves when every notification sent so far has been delivered (or failed). */
  settled(): Promise<void> {
    return this.deliveries.settled();
  }

  /** The S3 event record, as S3 writes it (event version 2.1). */
  private record(
    change: ObjectChange,
    configurationId: string,
    sequence: string,
    time: Date,
    context: RequestContext,
  ): Record<string, unknown> {
    const removed = change.eventName.startsWith('ObjectRemoved');
    return {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: this.region,
      eventTime: time.toISOString(),
      eventName: change.eventName,
      userIdentity: { principalId: `AWS:${context.accessKeyId ?? context.accountId}` },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': context.requestId, 'x-amz-id-2': randomUUID() },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId,
        bucket: { name: change.bucket, ownerIdentity: { principalId: context.accountId }, arn: `arn:aws:s3:::${change.bucket}` },
        object: removed
          ? { key: encodeKey(change.key), sequencer: sequence }
          : { key: encodeKey(change.key), size: change.size, eTag: change.etag?.replace(/"/g, ''), sequencer: sequence },
      },
    };
  }

  private async reachable(destination: DestinationConfiguration): Promise<boolean> {
    const name = destination.arn.split(':').at(-1) ?? '';
    try {
      if (destination.kind === 'Queue') await this.services.call('sqs', 'GetQueueUrl', { QueueName: name });
      else if (destination.kind === 'Topic') await this.services.call('sns', 'GetTopicAttributes', { TopicArn: destination.arn });
      else await this.services.call('lambda', 'GetFunction', { FunctionName: destination.arn });
      return true;
    } catch {
      return false;
    }
  }
}

/** `s3:ObjectCreated:*` matches `ObjectCreated:Put`; `s3:ObjectCreated:Put` only itself. */
function eventMatches(pattern: string, eventName: string): boolean {
  const bare = pattern.replace(/^s3:/, '');
  return bare.endsWith(':*') ? eventName.startsWith(bare.slice(0, -1)) : bare === eventName;
}

function keyMatches(rules: DestinationConfiguration['FilterRules'], key: string): boolean {
  return rules.every((rule) => (rule.Name === 'Prefix' ? key.startsWith(rule.Value) : key.endsWith(rule.Value)));
}

/** Keys in event records are URL-encoded, spaces as `+`. */
function encodeKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

// --- The XML document (PutBucketNotificationConfiguration / Get) ---------------------------------------

export function parseNotificationXml(body: Buffer): NotificationConfiguration {
  let document: Record<string, unknown>;
  try {
    document =
      (parser.parse(body.toString('utf8')) as { NotificationConfiguration?: Record<string, unknown> }).NotificationConfiguration ?? {};
  } catch {
    throw new MalformedXML();
  }
  if (typeof document !== 'object') document = {};
  const destinations: DestinationConfiguration[] = [];
  for (const { element, arnElement, kind } of XML_KINDS) {
    for (const entry of (document[element] as Array<Record<string, unknown>> | undefined) ?? []) {
      const rules = (
        (((entry.Filter as Record<string, unknown> | undefined)?.S3Key as Record<string, unknown> | undefined)?.FilterRule ?? []) as Array<
          Record<string, string>
        >
      ).map((rule) => filterRule(rule.Name ?? '', rule.Value ?? ''));
      destinations.push({
        Id: typeof entry.Id === 'string' && entry.Id ? entry.Id : randomUUID(),
        kind,
        arn: String(entry[arnElement] ?? ''),
        Events: ((entry.Event as string[] | undefined) ?? []).map(String),
        FilterRules: rules,
      });
    }
  }
  return { destinations, eventBridge: 'EventBridgeConfiguration' in document };
}

export function notificationXml(configuration: NotificationConfiguration, namespace: string): string {
  const destinations = XML_KINDS.flatMap(({ element, arnElement, kind }) =>
    configuration.destinations
      .filter((destination) => destination.kind === kind)
      .map(
        (destination) =>
          `<${element}><Id>${escapeXml(destination.Id)}</Id><${arnElement}>${escapeXml(destination.arn)}</${arnElement}>` +
          destination.Events.map((event) => `<Event>${escapeXml(event)}</Event>`).join('') +
          (destination.FilterRules.length > 0
            ? `<Filter><S3Key>${destination.FilterRules.map((rule) => `<FilterRule><Name>${rule.Name}</Name><Value>${escapeXml(rule.Value)}</Value></FilterRule>`).join('')}</S3Key></Filter>`
            : '') +
          `</${element}>`,
      ),
  ).join('');
  return `<NotificationConfiguration xmlns="${namespace}">${destinations}${configuration.eventBridge ? '<EventBridgeConfiguration/>' : ''}</NotificationConfiguration>`;
}

/** A key filter rule, its name normalised as S3 answers it (`prefix` → `Prefix`). */
export function filterRule(name: string, value: string): { Name: 'Prefix' | 'Suffix'; Value: string } {
  const normalized = name.toLowerCase();
  if (normalized !== 'prefix' && normalized !== 'suffix') {
    throw new InvalidArgument('filter rule name must be either prefix or suffix', 'FilterRule.Name', name);
  }
  return { Name: normalized === 'prefix' ? 'Prefix' : 'Suffix', Value: value };
}
