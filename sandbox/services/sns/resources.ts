import { optionalString, ResourceError, type ResourceContext, type ResourceType } from '../../core/resource-type';
import type { SnsProvider } from './provider';

export function snsResourceTypes(sns: SnsProvider): ResourceType[] {
  return [topic(sns), subscription(sns), topicPolicy(sns)];
}

const context = (resource: ResourceContext) => ({ accountId: resource.accountId });

/** AWS::SNS::Topic: Ref is the topic ARN; GetAtt TopicArn, TopicName. Inline `Subscription` entries are subscribed. */
const topic = (sns: SnsProvider): ResourceType => ({
  type: 'AWS::SNS::Topic',
  create(properties, resource) {
    const fifo = String(properties.FifoTopic) === 'true';
    const name =
      optionalString(properties, 'TopicName') ??
      (fifo ? `${resource.generatedName({ maxLength: 251 })}.fifo` : resource.generatedName({ maxLength: 256 }));
    const attributes: Record<string, string> = {};
    for (const key of ['DisplayName', 'FifoTopic', 'ContentBasedDeduplication', 'KmsMasterKeyId', 'SignatureVersion', 'TracingConfig']) {
      if (properties[key] !== undefined) attributes[key] = String(properties[key]);
    }
    const tags = Array.isArray(properties.Tags) ? (properties.Tags as Array<{ Key: string; Value: string }>) : [];
    const { TopicArn } = sns.createTopic({ Name: name, Attributes: attributes, Tags: tags });
    const inline = properties.Subscription;
    if (inline !== undefined && !Array.isArray(inline))
      throw new ResourceError(`Resource ${resource.logicalId} (AWS::SNS::Topic): Subscription must be a list.`);
    for (const entry of (inline ?? []) as Array<{ Endpoint?: unknown; Protocol?: unknown }>) {
      sns.subscribe({ TopicArn, Protocol: String(entry.Protocol), Endpoint: String(entry.Endpoint) }, context(resource));
    }
    return { ref: TopicArn, attributes: { TopicArn, TopicName: name } };
  },
});

/** AWS::SNS::Subscription: Ref is the subscription ARN. FilterPolicy and RedrivePolicy may be objects. */
const subscription = (sns: SnsProvider): ResourceType => ({
  type: 'AWS::SNS::Subscription',
  create(properties, resource) {
    const attributes: Record<string, string> = {};
    for (const key of [
      'FilterPolicy',
      'FilterPolicyScope',
      'RawMessageDelivery',
      'RedrivePolicy',
      'DeliveryPolicy',
      'SubscriptionRoleArn',
    ]) {
      const value = properties[key];
      if (value !== undefined) attributes[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
    }
    const { SubscriptionArn } = sns.subscribe(
      {
        TopicArn: optionalString(properties, 'TopicArn'),
        Protocol: optionalString(properties, 'Protocol'),
        Endpoint: optionalString(properties, 'Endpoint'),
        Attributes: attributes,
        ReturnSubscriptionArn: true,
      },
      context(resource),
    );
    return { ref: SubscriptionArn, attributes: {} };
  },
});

/** AWS::SNS::TopicPolicy: recorded as each topic's Policy attribute (never evaluated). */
const topicPolicy = (sns: SnsProvider): ResourceType => ({
  type: 'AWS::SNS::TopicPolicy',
  create(properties, resource) {
    const topics = properties.Topics;
    if (!Array.isArray(topics) || topics.length === 0) {
      throw new ResourceError(
        `Resource ${resource.logicalId} (AWS::SNS::TopicPolicy): Topics must list the topic ARNs the policy applies to.`,
      );
    }
    for (const arn of topics)
      sns.setTopicAttributes({
        TopicArn: String(arn),
        AttributeName: 'Policy',
        AttributeValue: JSON.stringify(properties.PolicyDocument ?? {}),
      });
    return { ref: resource.generatedName(), attributes: {} };
  },
});
