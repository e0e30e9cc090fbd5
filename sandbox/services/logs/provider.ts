import type {
  FilterLogEventsCommandInput,
  GetLogEventsCommandInput,
  DescribeLogStreamsCommandInput,
  DescribeLogGroupsCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import type { RequestContext } from '../../core/request-context';
import type { Provider } from '../../core/provider';
import { AwsError } from '../../core/aws-error';
import type { LogGroup, LogStore, LogStream } from '../../stores/logs/log-store';

export class ResourceNotFoundException extends AwsError {
  constructor(message: string) {
    super('ResourceNotFoundException', message, 400);
  }
}

export class ResourceAlreadyExistsException extends AwsError {
  constructor(message: string) {
    super('ResourceAlreadyExistsException', message, 400);
  }
}

/** CloudWatch Logs over the shared log store, where Lambda invocations' log lines land (`/aws/lambda/<function>`). */
export class LogsProvider implements Provider {
  readonly serviceName = 'logs';
  readonly operations = [
    'CreateLogGroup',
    'CreateLogStream',
    'DescribeLogGroups',
    'DescribeLogStreams',
    'PutLogEvents',
    'GetLogEvents',
    'FilterLogEvents',
  ] as const;

  constructor(
    private readonly store: LogStore,
    private readonly region: string,
  ) {}

  createLogGroup(input: { logGroupName?: string }) {
    const name = input.logGroupName ?? '';
    if (this.store.group(name)) throw new ResourceAlreadyExistsException('The specified log group already exists');
    this.store.addGroup(name);
    return {};
  }

  createLogStream(input: { logGroupName?: string; logStreamName?: string }) {
    const group = this.group(input.logGroupName);
    const name = input.logStreamName ?? '';
    if (group.streams.has(name)) throw new ResourceAlreadyExistsException('The specified log stream already exists');
    this.store.addStream(group, name);
    return {};
  }

  putLogEvents(input: { logGroupName?: string; logStreamName?: string; logEvents?: Array<{ timestamp?: number; message?: string }> }) {
    const group = this.group(input.logGroupName);
    if (!group.streams.has(input.logStreamName ?? '')) throw new ResourceNotFoundException('The specified log stream does not exist.');
    this.store.append(
      group.name,
      input.logStreamName ?? '',
      (input.logEvents ?? []).map((e) => ({ timestamp: e.timestamp ?? Date.now(), message: e.message ?? '' })),
    );
    return {};
  }

  describeLogGroups(input: DescribeLogGroupsCommandInput, context: RequestContext) {
    const prefix = input.logGroupNamePrefix ?? '';
    return {
      logGroups: this.store
        .allGroups()
        .filter((group) => group.name.startsWith(prefix))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((group) => ({
          logGroupName: group.name,
          creationTime: group.createdAt,
          storedBytes: 0,
          arn: `arn:aws:logs:${this.region}:${context.accountId}:log-group:${group.name}:*`,
        })),
    };
  }

  describeLogStreams(input: DescribeLogStreamsCommandInput) {
    const group = this.group(input.logGroupName);
    let streams = [...group.streams.values()].filter((stream) => stream.name.startsWith(input.logStreamNamePrefix ?? ''));
    streams =
      input.orderBy === 'LastEventTime'
        ? streams.sort((a, b) => lastEventTime(a) - lastEventTime(b))
        : streams.sort((a, b) => a.name.localeCompare(b.name));
    if (input.descending) streams.reverse();
    if (input.limit) streams = streams.slice(0, input.limit);
    return {
      logStreams: streams.map((stream) => ({
        logStreamName: stream.name,
        creationTime: stream.createdAt,
        firstEventTimestamp: stream.events[0]?.timestamp,
        lastEventTimestamp: stream.events.at(-1)?.timestamp,
        lastIngestionTime: stream.events.at(-1)?.ingestionTime,
      })),
    };
  }

  getLogEvents(input: GetLogEventsCommandInput) {
    const group = this.group(input.logGroupName);
    const stream = group.streams.get(input.logStreamName ?? '');
    if (!stream) throw new ResourceNotFoundException('The specified log stream does not exist.');
    let events = stream.events.filter((e) => inWindow(e.timestamp, input.startTime, input.endTime));
    if (input.startFromHead === false || input.startFromHead === undefined) events = events.slice(-(input.limit ?? 10000));
    else events = events.slice(0, input.limit ?? 10000);
    return { events, nextForwardToken: 'f/0', nextBackwardToken: 'b/0' };
  }

  filterLogEvents(input: FilterLogEventsCommandInput) {
    const group = this.group(input.logGroupName);
    const names = input.logStreamNames ?? [...group.streams.keys()].filter((name) => name.startsWith(input.logStreamNamePrefix ?? ''));
    const pattern = input.filterPattern?.trim().replace(/^"(.*)"$/, '$1');
    const events = names
      .flatMap((name) =>
        (group.streams.get(name)?.events ?? []).map((event, index) => ({ ...event, logStreamName: name, eventId: `${name}/${index}` })),
      )
      .filter((event) => inWindow(event.timestamp, input.startTime, input.endTime))
      .filter((event) => !pattern || event.message.includes(pattern))
      .sort((a, b) => a.timestamp - b.timestamp)
      .slice(0, input.limit ?? 10000);
    return { events, searchedLogStreams: names.map((name) => ({ logStreamName: name, searchedCompletely: true })) };
  }

  private group(name: string | undefined): LogGroup {
    const group = this.store.group(name ?? '');
    if (!group) throw new ResourceNotFoundException('The specified log group does not exist.');
    return group;
  }
}

function lastEventTime(stream: LogStream): number {
  return stream.events.at(-1)?.timestamp ?? stream.createdAt;
}

function inWindow(timestamp: number, start?: number, end?: number): boolean {
  return (start === undefined || timestamp >= start) && (end === undefined || timestamp <= end);
}
