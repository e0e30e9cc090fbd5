import { randomUUID } from 'node:crypto';
import type {
  CreateEventBusRequest,
  DeleteRuleRequest,
  DescribeRuleRequest,
  ListRulesRequest,
  ListTargetsByRuleRequest,
  PutEventsRequest,
  PutEventsRequestEntry,
  PutEventsResultEntry,
  PutRuleRequest,
  PutTargetsRequest,
  RemoveTargetsRequest,
  Target,
  TestEventPatternRequest,
} from '@aws-sdk/client-eventbridge';
import { BackgroundWork } from '../../core/background-work';
import { compileEventPattern, InvalidEventPattern, type EventPattern } from '../../core/event-pattern';
import type { ServiceClient } from '../../core/internal-client';
import { page } from '../../core/paging';
import type { Provider } from '../../core/provider';
import type { RequestContext } from '../../core/request-context';
import { deliverToTarget } from '../../delivery/targets';
import {
  busNotFound,
  EventsValidationException,
  InvalidEventPatternException,
  LimitExceededException,
  ResourceAlreadyExistsException,
  ruleNotFound,
} from './errors';
import { checkTargetInput, targetPayload } from './input-transformer';

export interface EventsDependencies {
  region: string;
  accountId: string;
  services: ServiceClient;
  report: (what: string, error: unknown) => void;
}

interface Rule {
  name: string;
  arn: string;
  busName: string;
  eventPattern?: string;
  compiled?: EventPattern;
  scheduleExpression?: string;
  state: 'ENABLED' | 'DISABLED';
  description?: string;
  roleArn?: string;
  targets: Target[];
}

interface Bus {
  name: string;
  arn: string;
  description?: string;
  policy?: string;
  creationTime: Date;
  rules: Map<string, Rule>;
}

/** An event as EventBridge delivers it. */
export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
  [extra: string]: unknown;
}

const MAX_ENTRIES = 10;
const MAX_TARGETS = 5;
const TARGET_ID = /^[.\-_A-Za-z0-9]+$/;

/**
 * Amazon EventBridge: the default and custom buses, rules (event patterns through the one
 * matcher in core/event-pattern, or schedules), targets with Input / InputPath /
 * InputTransformer, PutEvents and TestEventPattern. A matched event is delivered to each target
 * in the background (delivery/targets), as EventBridge does after answering PutEvents.
 *
 * Fidelity gaps: scheduled rules never fire by the clock — fire them on demand
 * (`POST /_postflight/schedules/fire`); a failed delivery goes to the target's dead-letter queue
 * if it has one, without EventBridge's retries (185 over 24 hours by default), and is written to
 * the log group /postflight/sandbox/deliveries; archives, replays, API destinations, resource
 * policies and IAM roles are recorded or refused, never evaluated.
 */
export class EventsProvider implements Provider {
  readonly serviceName = 'events';
  readonly operations = [
    'CreateEventBus',
    'DescribeEventBus',
    'ListEventBuses',
    'DeleteEventBus',
    'PutRule',
    'DescribeRule',
    'ListRules',
    'DeleteRule',
    'EnableRule',
    'DisableRule',
    'PutTargets',
    'RemoveTargets',
    'ListTargetsByRule',
    'ListRuleNamesByTarget',
    'PutEvents',
    'TestEventPattern',
  ] as const;

  private readonly buses = new Map<string, Bus>();
  private readonly deliveries: BackgroundWork;

  constructor(private readonly deps: EventsDependencies) {
    this.deliveries = new BackgroundWork(deps.report);
    this.addBus('default');
  }

  createEventBus(input: CreateEventBusRequest) {
    const name = input.Name ?? '';
    if (!/^[/.\-_A-Za-z0-9]{1,256}$/.test(name) || name === 'default') {
      throw new EventsValidationException(
        `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+`,
      );
    }
    if (this.buses.has(name)) throw new ResourceAlreadyExistsException(`Event bus ${name} already exists.`);
    const bus = this.addBus(name, input.Description);
    return { EventBusArn: bus.arn, Description: input.Description };
  }

  describeEventBus(input: { Name?: string }) {
    return busSummary(this.bus(input.Name));
  }

  listEventBuses(input: { NamePrefix?: string; NextToken?: string; Limit?: number }) {
    const listed = pageByName([...this.buses.values()], (bus) => bus.name, input);
    return { EventBuses: listed.items.map(busSummary), NextToken: listed.nextToken };
  }

  deleteEventBus(input: { Name?: string }) {
    if (input.Name === 'default') throw new EventsValidationException('Cannot delete event bus default.');
    this.buses.delete(input.Name ?? '');
    return {};
  }

  putRule(input: PutRuleRequest) {
    const bus = this.bus(input.EventBusName);
    const name = input.Name ?? '';
    if (!/^[.\-_A-Za-z0-9]{1,64}$/.test(name)) {
      throw new EventsValidationException(
        `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`,
      );
    }
    if (!input.EventPattern && !input.ScheduleExpression) {
      throw new EventsValidationException('Parameter(s) EventPattern or ScheduleExpression must be specified.');
    }
    if (input.ScheduleExpression && bus.name !== 'default') {
      throw new EventsValidationException('ScheduleExpression is supported only on the default event bus.');
    }
    if (input.ScheduleExpression && !/^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/.test(input.ScheduleExpression)) {
      throw new EventsValidationException('Parameter ScheduleExpression is not valid.');
    }
    const compiled = input.EventPattern ? compilePattern(input.EventPattern) : undefined;
    const existing = bus.rules.get(name);
    const rule: Rule = {
      name,
      arn: this.ruleArn(bus.name, name),
      busName: bus.name,
      eventPattern: input.EventPattern,
      compiled,
      scheduleExpression: input.ScheduleExpression,
      state: input.State === 'DISABLED' ? 'DISABLED' : 'ENABLED',
      description: input.Description,
      roleArn: input.RoleArn,
      targets: existing?.targets ?? [],
    };
    bus.rules.set(name, rule);
    return { RuleArn: rule.arn };
  }

  describeRule(input: DescribeRuleRequest, context: RequestContext) {
    const rule = this.rule(input.Name, input.EventBusName);
    return { ...this.ruleSummary(rule), CreatedBy: context.accountId };
  }

  listRules(input: ListRulesRequest) {
    const listed = pageByName([...this.bus(input.EventBusName).rules.values()], (rule) => rule.name, input);
    return { Rules: listed.items.map((rule) => this.ruleSummary(rule)), NextToken: listed.nextToken };
  }

  deleteRule(input: DeleteRuleRequest) {
    const bus = this.bus(input.EventBusName);
    const rule = bus.rules.get(input.Name ?? '');
    if (!rule) return {};
    if (rule.targets.length > 0 && !input.Force) throw new EventsValidationException("Rule can't be deleted since it has targets.");
    bus.rules.delete(rule.name);
    return {};
  }

  enableRule(input: { Name?: string; EventBusName?: string }) {
    this.rule(input.Name, input.EventBusName).state = 'ENABLED';
    return {};
  }

  disableRule(input: { Name?: string; EventBusName?: string }) {
    this.rule(input.Name, input.EventBusName).state = 'DISABLED';
    return {};
  }

  putTargets(input: PutTargetsRequest) {
    const rule = this.rule(input.Rule, input.EventBusName);
    const targets = input.Targets ?? [];
    for (const target of targets) {
      const id = target.Id ?? '';
      if (!TARGET_ID.test(id) || id.length > 64) {
        throw new EventsValidationException(
          `1 validation error detected: Value '${id}' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`,
        );
      }
      checkTargetInput(id, target);
    }
    const merged = new Map(rule.targets.map((target) => [target.Id, target]));
    for (const target of targets) merged.set(target.Id, target);
    if (merged.size > MAX_TARGETS) throw new LimitExceededException(`The requested resource exceeds the maximum number allowed.`);
    rule.targets = [...merged.values()];
    return { FailedEntryCount: 0, FailedEntries: [] };
  }

  removeTargets(input: RemoveTargetsRequest) {
    const rule = this.rule(input.Rule, input.EventBusName);
    const ids = new Set(input.Ids ?? []);
    rule.targets = rule.targets.filter((target) => !ids.has(target.Id ?? ''));
    return { FailedEntryCount: 0, FailedEntries: [] };
  }

  listTargetsByRule(input: ListTargetsByRuleRequest) {
    const rule = this.rule(input.Rule, input.EventBusName);
    const listed = page(rule.targets, {
      size: input.Limit ?? 100,
      token: input.NextToken,
      invalidToken: () => new EventsValidationException('The NextToken is not valid.'),
    });
    return { Targets: listed.items, NextToken: listed.nextToken };
  }

  listRuleNamesByTarget(input: { TargetArn?: string; EventBusName?: string; Limit?: number; NextToken?: string }) {
    const rules = [...this.bus(input.EventBusName).rules.values()].filter((rule) =>
      rule.targets.some((target) => target.Arn === input.TargetArn),
    );
    const listed = pageByName(rules, (rule) => rule.name, { Limit: input.Limit, NextToken: input.NextToken });
    return { RuleNames: listed.items.map((rule) => rule.name), NextToken: listed.nextToken };
  }

  putEvents(input: PutEventsRequest, context: RequestContext) {
    const entries = input.Entries ?? [];
    if (entries.length < 1 || entries.length > MAX_ENTRIES) {
      throw new EventsValidationException(
        `1 validation error detected: Value '${JSON.stringify(entries)}' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10`,
      );
    }
    const results: PutEventsResultEntry[] = entries.map((entry) => this.putEvent(entry, context));
    return { FailedEntryCount: results.filter((result) => result.ErrorCode).length, Entries: results };
  }

  testEventPattern(input: TestEventPatternRequest) {
    const pattern = compilePattern(input.EventPattern ?? '');
    let event: unknown;
    try {
      event = JSON.parse(input.Event ?? '');
    } catch {
      throw new EventsValidationException('Parameter Event is not valid.');
    }
    const missing = ['id', 'account', 'source', 'time', 'region', 'detail-type'].filter(
      (field) => !(event as Record<string, unknown> | null)?.[field],
    );
    if (missing.length > 0)
      throw new EventsValidationException(`Parameter Event is not valid. Reason: ${missing.join(', ')} must be specified.`);
    return { Result: pattern.matches(event) };
  }

  // --- For the sandbox ------------------------------------------------------------------------------

  /** Fires a scheduled rule now (the sandbox's clock never does): its targets get the Scheduled Event. */
  fireScheduledRule(name: string): { rule: string; targets: number } | undefined {
    const rule = this.buses.get('default')?.rules.get(name);
    if (!rule?.scheduleExpression) return undefined;
    const event: EventEnvelope = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: this.deps.accountId,
      time: eventTime(new Date()),
      region: this.deps.region,
      resources: [rule.arn],
      detail: {},
    };
    this.deliver(rule, event);
    return { rule: rule.arn, targets: rule.targets.length };
  }

  /** Resolves when every delivery started so far has ended. */
  settled(): Promise<void> {
    return this.deliveries.settled();
  }

  async shutdown(): Promise<void> {
    await this.deliveries.settled();
  }

  // --- helpers ----------------------------------------------------------------------------------------

  private putEvent(entry: PutEventsRequestEntry, context: RequestContext): PutEventsResultEntry {
    const invalid = (field: string): PutEventsResultEntry => ({
      ErrorCode: 'InvalidArgument',
      ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.`,
    });
    if (!entry.Source) return invalid('Source');
    if (!entry.DetailType) return invalid('DetailType');
    if (entry.Detail === undefined) return invalid('Detail');
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (!detail || typeof detail !== 'object' || Array.isArray(detail))
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    if (entry.Source.startsWith('aws.') && !context.callingService) {
      return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
    }
    const event: EventEnvelope = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: context.accountId,
      time: eventTime(entry.Time ? new Date(entry.Time) : new Date()),
      region: this.deps.region,
      resources: entry.Resources ?? [],
      detail,
    };
    // EventBridge accepts events for a bus that does not exist and drops them (see the recordings).
    const bus = this.buses.get(busName(entry.EventBusName));
    if (bus) {
      for (const rule of bus.rules.values()) {
        if (rule.state === 'ENABLED' && rule.compiled?.matches(event)) this.deliver(rule, event);
      }
    }
    return { EventId: event.id };
  }

  private deliver(rule: Rule, event: EventEnvelope): void {
    const ingestionTime = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (const target of rule.targets) {
      const arn = target.Arn ?? '';
      this.deliveries.start(`EventBridge rule ${rule.name} → target ${target.Id} (${arn})`, async () => {
        const payload = targetPayload(event, target, { ruleArn: rule.arn, ruleName: rule.name, ingestionTime });
        try {
          await deliverToTarget(this.deps.services, arn, payload, {
            callingService: 'events',
            messageGroupId: target.SqsParameters?.MessageGroupId,
            messageDeduplicationId: arn.endsWith('.fifo') ? event.id : undefined,
          });
        } catch (error) {
          const deadLetterArn = target.DeadLetterConfig?.Arn;
          if (!deadLetterArn) throw error;
          await deliverToTarget(this.deps.services, deadLetterArn, JSON.stringify(event), {
            callingService: 'events',
            messageAttributes: {
              RULE_ARN: { DataType: 'String', StringValue: rule.arn },
              TARGET_ARN: { DataType: 'String', StringValue: arn },
              ERROR_MESSAGE: { DataType: 'String', StringValue: error instanceof Error ? error.message : String(error) },
            },
          });
        }
      });
    }
  }

  private ruleSummary(rule: Rule) {
    return {
      Name: rule.name,
      Arn: rule.arn,
      EventBusName: rule.busName,
      EventPattern: rule.eventPattern,
      ScheduleExpression: rule.scheduleExpression,
      State: rule.state,
      Description: rule.description,
      RoleArn: rule.roleArn,
    };
  }

  private addBus(name: string, description?: string): Bus {
    const bus: Bus = {
      name,
      arn: `arn:aws:events:${this.deps.region}:${this.deps.accountId}:event-bus/${name}`,
      description,
      creationTime: new Date(),
      rules: new Map(),
    };
    this.buses.set(name, bus);
    return bus;
  }

  private bus(nameOrArn: string | undefined): Bus {
    const name = busName(nameOrArn);
    const bus = this.buses.get(name);
    if (!bus) throw busNotFound(name);
    return bus;
  }

  private rule(name: string | undefined, busNameOrArn: string | undefined): Rule {
    const bus = this.bus(busNameOrArn);
    const rule = bus.rules.get(name ?? '');
    if (!rule) throw ruleNotFound(name ?? '', bus.name);
    return rule;
  }

  private ruleArn(bus: string, rule: string): string {
    return `arn:aws:events:${this.deps.region}:${this.deps.accountId}:rule/${bus === 'default' ? '' : `${bus}/`}${rule}`;
  }
}

/** EventBridge's listings: by name (with a prefix), `Limit` per page (100 by default), opaque tokens. */
function pageByName<T>(items: T[], nameOf: (item: T) => string, input: { NamePrefix?: string; Limit?: number; NextToken?: string }) {
  const named = items.filter((item) => nameOf(item).startsWith(input.NamePrefix ?? '')).sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  return page(named, {
    size: input.Limit ?? 100,
    token: input.NextToken,
    keyOf: nameOf,
    invalidToken: () => new EventsValidationException('The NextToken is not valid.'),
  });
}

function busSummary(bus: Bus) {
  return {
    Name: bus.name,
    Arn: bus.arn,
    Description: bus.description,
    Policy: bus.policy,
    CreationTime: bus.creationTime,
    LastModifiedTime: bus.creationTime,
  };
}

/** A bus named by name or ARN; `default` when none is named. */
function busName(nameOrArn: string | undefined): string {
  if (!nameOrArn) return 'default';
  return nameOrArn.startsWith('arn:') ? nameOrArn.slice(nameOrArn.indexOf(':event-bus/') + ':event-bus/'.length) : nameOrArn;
}

function compilePattern(text: string): EventPattern {
  try {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new InvalidEventPattern('Filter is not valid JSON');
    }
    return compileEventPattern(parsed);
  } catch (error) {
    if (error instanceof InvalidEventPattern) throw new InvalidEventPatternException(error.message);
    throw error;
  }
}

/** EventBridge's event time: ISO 8601 to the second. */
export function eventTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
