import { ResourceError, optionalString, type ResourceType } from '../../core/resource-type';
import type { DynamoDbProvider } from './provider';

/** Properties of AWS::DynamoDB::Table that need a behaviour the sandbox does not have. */
const REFUSED_PROPERTIES: Record<string, string> = {
  KinesisStreamSpecification: 'streaming item changes to Kinesis',
  ImportSourceSpecification: 'importing the table from S3',
};

/**
 * AWS::DynamoDB::Table and AWS::Serverless::SimpleTable. Ref is the table name; GetAtt answers
 * Arn and, when the stream is enabled, StreamArn. Point-in-time recovery, contributor insights,
 * the table class and resource policies are accepted and change nothing (they change no behaviour
 * a test can see).
 */
export function dynamoDbResourceTypes(dynamodb: DynamoDbProvider): ResourceType[] {
  return [
    {
      type: 'AWS::DynamoDB::Table',
      async create(properties, context) {
        for (const [property, behaviour] of Object.entries(REFUSED_PROPERTIES)) {
          if (properties[property] !== undefined) {
            throw new ResourceError(
              `Resource ${context.logicalId} (AWS::DynamoDB::Table): ${property} (${behaviour}) is not something the sandbox can do; remove it for the sandbox.`,
            );
          }
        }
        const tableName = optionalString(properties, 'TableName') ?? context.generatedName({ maxLength: 255 });
        return createTable(dynamodb, {
          TableName: tableName,
          KeySchema: properties.KeySchema,
          AttributeDefinitions: properties.AttributeDefinitions,
          BillingMode: properties.BillingMode,
          ProvisionedThroughput: throughput(properties.ProvisionedThroughput),
          GlobalSecondaryIndexes: (properties.GlobalSecondaryIndexes as Array<Record<string, unknown>> | undefined)?.map((index) => ({
            ...index,
            ProvisionedThroughput: throughput(index.ProvisionedThroughput),
          })),
          LocalSecondaryIndexes: properties.LocalSecondaryIndexes,
          StreamSpecification: properties.StreamSpecification
            ? { StreamEnabled: true, StreamViewType: (properties.StreamSpecification as Record<string, unknown>).StreamViewType }
            : undefined,
          SSESpecification: sse(properties.SSESpecification as Record<string, unknown> | undefined),
          DeletionProtectionEnabled: bool(properties.DeletionProtectionEnabled),
          Tags: properties.Tags,
          timeToLive: properties.TimeToLiveSpecification as { AttributeName?: string; Enabled?: unknown } | undefined,
        });
      },
    },
    {
      type: 'AWS::Serverless::SimpleTable',
      async create(properties, context) {
        const primaryKey = (properties.PrimaryKey ?? { Name: 'id', Type: 'String' }) as { Name?: string; Type?: string };
        const attributeType = { String: 'S', Number: 'N', Binary: 'B' }[primaryKey.Type ?? 'String'];
        if (!primaryKey.Name || !attributeType) {
          throw new ResourceError(
            `Resource ${context.logicalId} (AWS::Serverless::SimpleTable): PrimaryKey needs a Name and a Type of String, Number or Binary (got ${JSON.stringify(primaryKey)}).`,
          );
        }
        const provisioned = throughput(properties.ProvisionedThroughput);
        const tags = properties.Tags as Record<string, string> | undefined;
        return createTable(dynamodb, {
          TableName: optionalString(properties, 'TableName') ?? context.generatedName({ maxLength: 255 }),
          KeySchema: [{ AttributeName: primaryKey.Name, KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: primaryKey.Name, AttributeType: attributeType }],
          BillingMode: provisioned ? 'PROVISIONED' : 'PAY_PER_REQUEST',
          ProvisionedThroughput: provisioned,
          SSESpecification: sse(properties.SSESpecification as Record<string, unknown> | undefined),
          Tags: tags ? Object.entries(tags).map(([Key, Value]) => ({ Key, Value: String(Value) })) : undefined,
        });
      },
    },
  ];
}

async function createTable(
  dynamodb: DynamoDbProvider,
  request: Record<string, unknown> & { TableName: string; timeToLive?: { AttributeName?: string; Enabled?: unknown } },
) {
  const { timeToLive, ...input } = request;
  const created = (await dynamodb.createTable(withoutUndefined(input))) as { TableDescription: { TableArn: string } };
  if (timeToLive && bool(timeToLive.Enabled)) {
    await dynamodb.updateTimeToLive({
      TableName: request.TableName,
      TimeToLiveSpecification: { AttributeName: timeToLive.AttributeName, Enabled: true },
    });
  }
  const streamArn = dynamodb.streamArnOf(request.TableName);
  return {
    ref: request.TableName,
    attributes: { Arn: created.TableDescription.TableArn, ...(streamArn ? { StreamArn: streamArn } : {}) },
  };
}

/** Numbers in a template may arrive as strings (parameters, Fn::Sub). */
function throughput(value: unknown): Record<string, number> | undefined {
  if (!value || typeof value !== 'object') return undefined;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, units]) => [key, Number(units)]));
}

/** CloudFormation's SSESpecification (SSEEnabled, KMSMasterKeyId) as the API's (Enabled, KMSMasterKeyId). */
function sse(specification: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!specification) return undefined;
  return withoutUndefined({
    Enabled: bool(specification.SSEEnabled),
    SSEType: specification.SSEType,
    KMSMasterKeyId: specification.KMSMasterKeyId,
  });
}

function bool(value: unknown): boolean | undefined {
  return value === undefined ? undefined : value === true || value === 'true';
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}
