import { optionalString, ResourceError, type ResourceType } from '../../core/resource-type';
import type { Target } from '@aws-sdk/client-eventbridge';
import type { EventsProvider } from './provider';

export function eventsResourceTypes(events: EventsProvider): ResourceType[] {
  return [eventBus(events), rule(events)];
}

/** AWS::Events::EventBus: Ref and Name are the bus name, Arn its ARN. */
const eventBus = (events: EventsProvider): ResourceType => ({
  type: 'AWS::Events::EventBus',
  create(properties, context) {
    const name = optionalString(properties, 'Name');
    if (!name) throw new ResourceError(`Resource ${context.logicalId} (AWS::Events::EventBus): Name is required.`);
    const { EventBusArn } = events.createEventBus({ Name: name, Description: optionalString(properties, 'Description') });
    return { ref: name, attributes: { Arn: EventBusArn, Name: name } };
  },
});

/**
 * AWS::Events::Rule: EventPattern (object or JSON text) or ScheduleExpression, with its Targets.
 * Ref is the rule name (`bus|rule` on a custom bus), as CloudFormation answers.
 */
const rule = (events: EventsProvider): ResourceType => ({
  type: 'AWS::Events::Rule',
  create(properties, context) {
    const name = optionalString(properties, 'Name') ?? context.generatedName({ maxLength: 64 });
    const busName = optionalString(properties, 'EventBusName');
    const pattern = properties.EventPattern;
    const { RuleArn } = events.putRule({
      Name: name,
      EventBusName: busName,
      EventPattern: pattern === undefined ? undefined : typeof pattern === 'string' ? pattern : JSON.stringify(pattern),
      ScheduleExpression: optionalString(properties, 'ScheduleExpression'),
      State: optionalString(properties, 'State') === 'DISABLED' ? 'DISABLED' : 'ENABLED',
      Description: optionalString(properties, 'Description'),
      RoleArn: optionalString(properties, 'RoleArn'),
    });
    const targets = properties.Targets;
    if (targets !== undefined) {
      if (!Array.isArray(targets)) throw new ResourceError(`Resource ${context.logicalId} (AWS::Events::Rule): Targets must be a list.`);
      events.putTargets({ Rule: name, EventBusName: busName, Targets: targets.map(targetOf) });
    }
    const ref = busName && busName !== 'default' && !busName.endsWith(':event-bus/default') ? `${busName}|${name}` : name;
    return { ref, attributes: { Arn: RuleArn ?? '' } };
  },
});

/** A template's target: `Input` may be given as an object in YAML, where the API takes JSON text. */
function targetOf(target: Record<string, unknown>): Target {
  const input = target.Input;
  return { ...target, Input: input === undefined || typeof input === 'string' ? input : JSON.stringify(input) } as Target;
}
