import { optionalString, ResourceError, type ResourceContext, type ResourceType } from '../../core/resource-type';
import type { SqsProvider } from './provider';

/** Queue properties that are SQS attributes, by the same name. */
const ATTRIBUTE_PROPERTIES = [
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'DelaySeconds',
  'FifoQueue',
  'FifoThroughputLimit',
  'KmsDataKeyReusePeriodSeconds',
  'KmsMasterKeyId',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'RedriveAllowPolicy',
  'RedrivePolicy',
  'SqsManagedSseEnabled',
  'VisibilityTimeout',
];

export function sqsResourceTypes(sqs: SqsProvider): ResourceType[] {
  return [queue(sqs), queuePolicy(sqs)];
}

/** AWS::SQS::Queue: Ref is the queue URL; GetAtt Arn, QueueName, QueueUrl. */
const queue = (sqs: SqsProvider): ResourceType => ({
  type: 'AWS::SQS::Queue',
  create(properties, context) {
    const fifo = String(properties.FifoQueue) === 'true';
    const name = optionalString(properties, 'QueueName') ?? generatedQueueName(context, fifo);
    const attributes: Record<string, string> = {};
    for (const key of ATTRIBUTE_PROPERTIES) {
      const value = properties[key];
      if (value === undefined || value === null) continue;
      attributes[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
    }
    const tags = tagMap(properties.Tags, context);
    const { QueueUrl } = sqs.createQueue({ QueueName: name, Attributes: attributes, tags });
    const { Attributes } = sqs.getQueueAttributes({ QueueUrl, AttributeNames: ['QueueArn'] });
    return { ref: QueueUrl, attributes: { Arn: Attributes?.QueueArn ?? '', QueueName: name, QueueUrl } };
  },
});

/** AWS::SQS::QueuePolicy: recorded as each queue's Policy attribute (never evaluated). */
const queuePolicy = (sqs: SqsProvider): ResourceType => ({
  type: 'AWS::SQS::QueuePolicy',
  create(properties, context) {
    const queues = properties.Queues;
    if (!Array.isArray(queues) || queues.length === 0) {
      throw new ResourceError(
        `Resource ${context.logicalId} (AWS::SQS::QueuePolicy): Queues must list the queue URLs the policy applies to.`,
      );
    }
    const policy = JSON.stringify(properties.PolicyDocument ?? {});
    for (const url of queues) sqs.setQueueAttributes({ QueueUrl: String(url), Attributes: { Policy: policy } });
    return { ref: context.generatedName(), attributes: {} };
  },
});

function generatedQueueName(context: ResourceContext, fifo: boolean): string {
  return fifo ? `${context.generatedName({ maxLength: 75 })}.fifo` : context.generatedName({ maxLength: 80 });
}

/** CloudFormation's `Tags: [{Key, Value}]` as a map. */
export function tagMap(tags: unknown, context: ResourceContext): Record<string, string> {
  if (tags === undefined) return {};
  if (!Array.isArray(tags)) throw new ResourceError(`Resource ${context.logicalId}: Tags must be a list of {Key, Value}.`);
  return Object.fromEntries(tags.map((tag: { Key?: unknown; Value?: unknown }) => [String(tag.Key), String(tag.Value ?? '')]));
}
