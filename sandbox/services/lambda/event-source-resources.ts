import type { CreateEventSourceMappingRequest } from '@aws-sdk/client-lambda';
import { optionalString, ResourceError, type ResourceContext, type ResourceType } from '../../core/resource-type';
import type { LambdaProvider } from './provider';

/**
 * What wires an event source to a function in a template: AWS::Lambda::EventSourceMapping, the
 * SAM `Events` of an AWS::Serverless::Function (SQS, EventBridgeRule/CloudWatchEvent, Schedule,
 * ScheduleV2, SNS). (AWS::Lambda::Permission is recorded by the deployer: who may invoke is never evaluated.)
 */
export function eventSourceResourceTypes(lambda: LambdaProvider): ResourceType[] {
  return [
    {
      type: 'AWS::Lambda::EventSourceMapping',
      async create(properties, context) {
        const created = await lambda.createEventSourceMapping(
          mappingInput(properties, optionalString(properties, 'EventSourceArn'), optionalString(properties, 'FunctionName')),
        );
        if (!created.UUID) throw new ResourceError(`Resource ${context.logicalId}: the event source mapping was not created.`);
        return { ref: created.UUID, attributes: { Id: created.UUID, EventSourceMappingArn: created.EventSourceMappingArn ?? '' } };
      },
    },
  ];
}

/** The SAM event types the sandbox wires. */
const SAM_EVENT_TYPES = ['SQS', 'EventBridgeRule', 'CloudWatchEvent', 'Schedule', 'ScheduleV2', 'SNS'];

/** Refuses, naming them, SAM events the sandbox cannot wire — before the function is registered. */
export function checkSamEvents(events: Record<string, unknown> | undefined, context: ResourceContext): void {
  for (const [name, event] of Object.entries(events ?? {})) {
    const type = (event as { Type?: unknown } | null)?.Type;
    if (typeof type !== 'string' || !SAM_EVENT_TYPES.includes(type)) {
      throw new ResourceError(
        `Resource ${context.logicalId} (AWS::Serverless::Function): event ${name} of type ${String(type)} is not wired by the sandbox ` +
          `(it wires ${SAM_EVENT_TYPES.join(', ')}); remove it or invoke the function from your scenarios.`,
      );
    }
  }
}

/** Wires a function's SAM `Events` once the function exists, through the other services. */
export async function wireSamEvents(
  lambda: LambdaProvider,
  functionName: string,
  functionArn: string,
  events: Record<string, unknown> | undefined,
  context: ResourceContext,
): Promise<void> {
  for (const [name, event] of Object.entries(events ?? {})) {
    const { Type: type, Properties: given = {} } = event as { Type: string; Properties?: Record<string, unknown> };
    const properties = given ?? {};
    const where = `Resource ${context.logicalId} (AWS::Serverless::Function): event ${name} (${type})`;
    switch (type) {
      case 'SQS':
        await lambda.createEventSourceMapping(mappingInput(properties, requireProperty(properties, 'Queue', where), functionName));
        break;
      case 'EventBridgeRule':
      case 'CloudWatchEvent':
      case 'Schedule': {
        const ruleName =
          optionalString(properties, 'RuleName') ?? optionalString(properties, 'Name') ?? context.generatedName({ maxLength: 64 });
        const bus = optionalString(properties, 'EventBusName');
        const enabled = properties.Enabled === undefined || String(properties.Enabled) === 'true';
        await context.services.call('events', 'PutRule', {
          Name: ruleName,
          EventBusName: bus,
          EventPattern: type === 'Schedule' ? undefined : JSON.stringify(properties.Pattern ?? {}),
          ScheduleExpression: type === 'Schedule' ? requireProperty(properties, 'Schedule', where) : undefined,
          State: optionalString(properties, 'State') ?? (enabled ? 'ENABLED' : 'DISABLED'),
          Description: optionalString(properties, 'Description'),
        });
        const target = properties.Target as { Id?: unknown } | undefined;
        await context.services.call('events', 'PutTargets', {
          Rule: ruleName,
          EventBusName: bus,
          Targets: [
            {
              Id: typeof target?.Id === 'string' ? target.Id : `${context.logicalId}${name}LambdaTarget`.slice(0, 64),
              Arn: functionArn,
              Input: jsonText(properties.Input),
              InputPath: optionalString(properties, 'InputPath'),
              InputTransformer: properties.InputTransformer,
              DeadLetterConfig: properties.DeadLetterConfig,
              RetryPolicy: properties.RetryPolicy,
            },
          ],
        });
        break;
      }
      case 'ScheduleV2':
        await context.services.call('scheduler', 'CreateSchedule', {
          Name: optionalString(properties, 'Name') ?? context.generatedName({ maxLength: 64 }),
          GroupName: optionalString(properties, 'GroupName'),
          ScheduleExpression: requireProperty(properties, 'ScheduleExpression', where),
          State: optionalString(properties, 'State') ?? 'ENABLED',
          Description: optionalString(properties, 'Description'),
          FlexibleTimeWindow: properties.FlexibleTimeWindow ?? { Mode: 'OFF' },
          Target: {
            Arn: functionArn,
            RoleArn: optionalString(properties, 'RoleArn') ?? `arn:aws:iam::${context.accountId}:role/${context.stackName}-scheduler`,
            Input: jsonText(properties.Input),
          },
        });
        break;
      case 'SNS':
        await context.services.call('sns', 'Subscribe', {
          TopicArn: requireProperty(properties, 'Topic', where),
          Protocol: 'lambda',
          Endpoint: functionArn,
          Attributes: properties.FilterPolicy === undefined ? undefined : { FilterPolicy: JSON.stringify(properties.FilterPolicy) },
        });
        break;
    }
  }
}

/** The settings a mapping takes, as AWS::Lambda::EventSourceMapping and SAM's SQS event spell them alike. */
function mappingInput(
  properties: Record<string, unknown>,
  eventSourceArn: string | undefined,
  functionName: string | undefined,
): CreateEventSourceMappingRequest {
  return {
    EventSourceArn: eventSourceArn,
    FunctionName: functionName,
    BatchSize: numberOrUndefined(properties.BatchSize),
    MaximumBatchingWindowInSeconds: numberOrUndefined(properties.MaximumBatchingWindowInSeconds),
    FunctionResponseTypes: properties.FunctionResponseTypes as CreateEventSourceMappingRequest['FunctionResponseTypes'],
    FilterCriteria: filterCriteria(properties.FilterCriteria),
    Enabled: properties.Enabled === undefined ? undefined : String(properties.Enabled) === 'true',
  };
}

function requireProperty(properties: Record<string, unknown>, name: string, where: string): string {
  const value = properties[name];
  if (typeof value !== 'string' || value === '')
    throw new ResourceError(`${where}: property ${name} is required (got ${JSON.stringify(value)}).`);
  return value;
}

/** Input written as an object in YAML; the APIs take JSON text. */
function jsonText(value: unknown): string | undefined {
  return value === undefined || typeof value === 'string' ? value : JSON.stringify(value);
}

function numberOrUndefined(value: unknown): number | undefined {
  return value === undefined || value === null ? undefined : Number(value);
}

/** Filter patterns may be written as objects in templates; the API takes JSON text. */
function filterCriteria(value: unknown): { Filters: Array<{ Pattern: string }> } | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const filters = ((value as { Filters?: unknown }).Filters ?? []) as Array<{ Pattern?: unknown }>;
  return {
    Filters: filters.map((filter) => ({ Pattern: typeof filter.Pattern === 'string' ? filter.Pattern : JSON.stringify(filter.Pattern) })),
  };
}
