import { optionalString, ResourceError, type ResourceContext, type ResourceType } from '../../core/resource-type';
import { filterRule, type DestinationConfiguration, type NotificationConfiguration } from './notifications';
import type { S3Provider } from './provider';

export function s3ResourceTypes(s3: S3Provider): ResourceType[] {
  return [
    {
      type: 'AWS::S3::Bucket',
      async create(properties, context) {
        const name = optionalString(properties, 'BucketName') ?? context.generatedName({ maxLength: 63, lowerCase: true });
        s3.createBucket({ Bucket: name });
        if (properties.NotificationConfiguration !== undefined) {
          const configuration = notificationConfiguration(properties.NotificationConfiguration, context);
          await s3.putBucketNotificationConfiguration({ Bucket: name, NotificationConfiguration: configuration }, context.request);
        }
        const region = context.region;
        return {
          ref: name,
          attributes: {
            Arn: `arn:aws:s3:::${name}`,
            DomainName: `${name}.s3.amazonaws.com`,
            RegionalDomainName: `${name}.s3.${region}.amazonaws.com`,
            WebsiteURL: `http://${name}.s3-website-${region}.amazonaws.com`,
          },
        };
      },
    },
  ];
}

const TEMPLATE_KINDS = [
  { list: 'QueueConfigurations', arn: 'Queue', kind: 'Queue' },
  { list: 'TopicConfigurations', arn: 'Topic', kind: 'Topic' },
  { list: 'LambdaConfigurations', arn: 'Function', kind: 'LambdaFunction' },
] as const;

/** A template's NotificationConfiguration (one `Event` per entry, `Filter.S3Key.Rules`) in the API's terms. */
function notificationConfiguration(value: unknown, context: ResourceContext): NotificationConfiguration {
  const where = `Resource ${context.logicalId} (AWS::S3::Bucket): NotificationConfiguration`;
  if (!value || typeof value !== 'object') throw new ResourceError(`${where} must be an object.`);
  const template = value as Record<string, unknown>;
  const destinations: DestinationConfiguration[] = [];
  for (const { list, arn, kind } of TEMPLATE_KINDS) {
    const entries = template[list] ?? [];
    if (!Array.isArray(entries)) throw new ResourceError(`${where}.${list} must be a list.`);
    entries.forEach((entry: Record<string, unknown>, index) => {
      const target = entry[arn];
      if (typeof target !== 'string' || typeof entry.Event !== 'string') {
        throw new ResourceError(`${where}.${list}[${index}] needs Event and ${arn} (an ARN).`);
      }
      const rules = (((entry.Filter as Record<string, unknown> | undefined)?.S3Key as Record<string, unknown> | undefined)?.Rules ??
        []) as Array<Record<string, unknown>>;
      destinations.push({
        Id: `${context.logicalId}-${kind}-${index + 1}`,
        kind,
        arn: target,
        Events: [entry.Event],
        FilterRules: rules.map((rule) => filterRule(String(rule.Name), String(rule.Value ?? ''))),
      });
    });
  }
  const eventBridge = (template.EventBridgeConfiguration as Record<string, unknown> | undefined)?.EventBridgeEnabled;
  return { destinations, eventBridge: eventBridge === true || eventBridge === 'true' };
}
