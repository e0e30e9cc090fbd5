import { randomUUID } from 'node:crypto';
import type {
  CreateEventSourceMappingRequest,
  EventSourceMappingConfiguration,
  ListEventSourceMappingsRequest,
  UpdateEventSourceMappingRequest,
} from '@aws-sdk/client-lambda';
import { compileEventPattern, InvalidEventPattern, type EventPattern } from '../../core/event-pattern';
import type { ServiceClient } from '../../core/internal-client';
import { page } from '../../core/paging';
import { parseArn } from '../../delivery/arn';
import { InvalidParameterValueException, ResourceConflictException, ResourceNotFoundException } from './errors';
import { functionArn, parseFunctionName } from './function-name';
import { SqsPoller } from './sqs-poller';

export interface EventSourceMapping {
  uuid: string;
  arn: string;
  eventSourceArn: string;
  functionName: string;
  functionArn: string;
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
  functionResponseTypes: string[];
  filterCriteria?: { Filters?: Array<{ Pattern?: string }> };
  filters: EventPattern[];
  enabled: boolean;
  lastModified: Date;
}

export interface EventSourceMappingsDependencies {
  region: string;
  accountId: string;
  services: ServiceClient;
  /** Whether a function exists (Lambda's registry). */
  functionExists: (name: string) => boolean;
  report: (what: string, error: unknown) => void;
}

/**
 * Lambda's event source mappings for SQS: the API (Create/Get/List/Update/Delete) and, for each
 * enabled mapping, a poller (`sqs-poller.ts`) that reads the queue and invokes the function
 * through the internal client, as Lambda's own pollers do.
 *
 * Fidelity gaps: SQS is the only event source (Kinesis, DynamoDB streams, Kafka and MQ are
 * refused by name); one poller per mapping (Lambda scales pollers with the backlog); scaling
 * config, metrics config and destinations on failure are recorded, not applied.
 */
export class EventSourceMappings {
  private readonly mappings = new Map<string, EventSourceMapping>();
  private readonly pollers = new Map<string, SqsPoller>();

  constructor(private readonly deps: EventSourceMappingsDependencies) {}

  async create(input: CreateEventSourceMappingRequest): Promise<EventSourceMappingConfiguration> {
    const source = input.EventSourceArn ?? '';
    const parsed = parseArn(source);
    if (parsed?.service !== 'sqs') {
      throw new InvalidParameterValueException(
        `The postflight sandbox maps SQS queues to functions; the event source ${source || '(none)'} needs AWS (Kinesis, DynamoDB streams, Kafka and MQ are not emulated).`,
      );
    }
    const reference = parseFunctionName(input.FunctionName ?? '');
    if (!this.deps.functionExists(reference.name)) {
      throw new ResourceNotFoundException(`Function does not exist: ${reference.name}`);
    }
    try {
      await this.deps.services.call('sqs', 'GetQueueUrl', { QueueName: parsed.resource, QueueOwnerAWSAccountId: parsed.accountId });
    } catch {
      throw new InvalidParameterValueException(
        'Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist.',
      );
    }
    const duplicate = [...this.mappings.values()].find(
      (mapping) => mapping.eventSourceArn === source && mapping.functionName === reference.name,
    );
    if (duplicate) {
      throw new ResourceConflictException(
        `An event source mapping with SQS arn (" ${source} ") and function (" ${reference.name} ") already exists. Please update or delete the existing mapping with UUID ${duplicate.uuid}`,
      );
    }
    const batchSize = input.BatchSize ?? 10;
    const window = input.MaximumBatchingWindowInSeconds ?? 0;
    checkBatching(batchSize, window, parsed.resource.endsWith('.fifo'));
    const uuid = randomUUID();
    const mapping: EventSourceMapping = {
      uuid,
      arn: `arn:aws:lambda:${this.deps.region}:${this.deps.accountId}:event-source-mapping:${uuid}`,
      eventSourceArn: source,
      functionName: reference.name,
      functionArn: functionArn(this.deps.region, this.deps.accountId, reference.name),
      batchSize,
      maximumBatchingWindowInSeconds: window,
      functionResponseTypes: checkResponseTypes(input.FunctionResponseTypes ?? []),
      filterCriteria: input.FilterCriteria,
      filters: compileFilters(input.FilterCriteria),
      enabled: input.Enabled ?? true,
      lastModified: new Date(),
    };
    this.mappings.set(uuid, mapping);
    const answer = this.describe(mapping, 'Creating');
    if (mapping.enabled) this.startPoller(mapping);
    return answer;
  }

  get(uuid: string | undefined): EventSourceMappingConfiguration {
    return this.describe(this.mapping(uuid));
  }

  list(input: ListEventSourceMappingsRequest) {
    const name = input.FunctionName ? parseFunctionName(input.FunctionName).name : undefined;
    const mappings = [...this.mappings.values()].filter(
      (mapping) => (!name || mapping.functionName === name) && (!input.EventSourceArn || mapping.eventSourceArn === input.EventSourceArn),
    );
    const listed = page(mappings, {
      size: input.MaxItems ?? 100,
      token: input.Marker || undefined,
      invalidToken: () => new InvalidParameterValueException(`The marker ${input.Marker} is not valid.`),
    });
    return { EventSourceMappings: listed.items.map((mapping) => this.describe(mapping)), NextMarker: listed.nextToken };
  }

  update(input: UpdateEventSourceMappingRequest): EventSourceMappingConfiguration {
    const mapping = this.mapping(input.UUID);
    const batchSize = input.BatchSize ?? mapping.batchSize;
    const window = input.MaximumBatchingWindowInSeconds ?? mapping.maximumBatchingWindowInSeconds;
    checkBatching(batchSize, window, mapping.eventSourceArn.endsWith('.fifo'));
    if (input.FunctionName) {
      const name = parseFunctionName(input.FunctionName).name;
      if (!this.deps.functionExists(name)) throw new ResourceNotFoundException(`Function does not exist: ${name}`);
      mapping.functionName = name;
      mapping.functionArn = functionArn(this.deps.region, this.deps.accountId, name);
    }
    mapping.batchSize = batchSize;
    mapping.maximumBatchingWindowInSeconds = window;
    if (input.FunctionResponseTypes) mapping.functionResponseTypes = checkResponseTypes(input.FunctionResponseTypes);
    if (input.FilterCriteria) {
      mapping.filters = compileFilters(input.FilterCriteria);
      mapping.filterCriteria = input.FilterCriteria;
    }
    if (input.Enabled !== undefined) mapping.enabled = input.Enabled;
    mapping.lastModified = new Date();
    this.stopPoller(mapping.uuid);
    if (mapping.enabled) this.startPoller(mapping);
    return this.describe(mapping, 'Updating');
  }

  delete(uuid: string | undefined): EventSourceMappingConfiguration {
    const mapping = this.mapping(uuid);
    this.mappings.delete(mapping.uuid);
    this.stopPoller(mapping.uuid);
    return this.describe(mapping, 'Deleting');
  }

  /** Stops every poller; resolves when none is running. */
  async stopAll(): Promise<void> {
    const stopping = [...this.pollers.values()].map((poller) => poller.stop());
    this.pollers.clear();
    await Promise.allSettled(stopping);
  }

  /** The mappings of a function being removed go with it. */
  forgetFunction(name: string): void {
    for (const mapping of [...this.mappings.values()]) if (mapping.functionName === name) this.delete(mapping.uuid);
  }

  private startPoller(mapping: EventSourceMapping): void {
    const poller = new SqsPoller(mapping, { services: this.deps.services, region: this.deps.region, report: this.deps.report });
    this.pollers.set(mapping.uuid, poller);
    poller.start();
  }

  private stopPoller(uuid: string): void {
    const poller = this.pollers.get(uuid);
    this.pollers.delete(uuid);
    void poller?.stop();
  }

  private mapping(uuid: string | undefined): EventSourceMapping {
    const mapping = this.mappings.get(uuid ?? '');
    if (!mapping) throw new ResourceNotFoundException('The resource you requested does not exist.');
    return mapping;
  }

  private describe(mapping: EventSourceMapping, state?: string): EventSourceMappingConfiguration {
    return {
      UUID: mapping.uuid,
      BatchSize: mapping.batchSize,
      MaximumBatchingWindowInSeconds: mapping.maximumBatchingWindowInSeconds,
      EventSourceArn: mapping.eventSourceArn,
      FilterCriteria: mapping.filterCriteria,
      FunctionArn: mapping.functionArn,
      LastModified: mapping.lastModified,
      State: state ?? (mapping.enabled ? 'Enabled' : 'Disabled'),
      StateTransitionReason: 'USER_INITIATED',
      FunctionResponseTypes: mapping.functionResponseTypes as EventSourceMappingConfiguration['FunctionResponseTypes'],
      EventSourceMappingArn: mapping.arn,
    };
  }
}

function checkBatching(batchSize: number, window: number, fifo: boolean): void {
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > (fifo ? 10 : 10000)) {
    throw new InvalidParameterValueException(`BatchSize must be between 1 and ${fifo ? 10 : 10000} for this event source.`);
  }
  if (!Number.isInteger(window) || window < 0 || window > 300) {
    throw new InvalidParameterValueException('MaximumBatchingWindowInSeconds must be between 0 and 300.');
  }
  if (batchSize > 10 && window < 1) {
    throw new InvalidParameterValueException(
      'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
    );
  }
}

function checkResponseTypes(types: string[]): string[] {
  for (const type of types) {
    if (type !== 'ReportBatchItemFailures') {
      throw new InvalidParameterValueException(
        `Value ${type} at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy enum value set: [ReportBatchItemFailures]`,
      );
    }
  }
  return types;
}

function compileFilters(criteria: CreateEventSourceMappingRequest['FilterCriteria']): EventPattern[] {
  return (criteria?.Filters ?? []).map((filter) => {
    try {
      return compileEventPattern(JSON.parse(filter.Pattern ?? ''));
    } catch (error) {
      if (error instanceof InvalidEventPattern || error instanceof SyntaxError) {
        throw new InvalidParameterValueException('Invalid filter pattern definition.');
      }
      throw error;
    }
  });
}
