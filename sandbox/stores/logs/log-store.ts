/**
 * CloudWatch Logs' groups, streams and events: a store, because the platform writes it (Lambda's
 * function logs land here as they are written) and the Logs API serves it.
 */
export interface LogEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
}

export interface LogStream {
  name: string;
  createdAt: number;
  events: LogEvent[];
}

export interface LogGroup {
  name: string;
  createdAt: number;
  streams: Map<string, LogStream>;
}

export class LogStore {
  private readonly groups = new Map<string, LogGroup>();

  group(name: string): LogGroup | undefined {
    return this.groups.get(name);
  }

  allGroups(): LogGroup[] {
    return [...this.groups.values()];
  }

  addGroup(name: string): LogGroup {
    const group: LogGroup = { name, createdAt: Date.now(), streams: new Map() };
    this.groups.set(name, group);
    return group;
  }

  addStream(group: LogGroup, name: string): LogStream {
    const stream: LogStream = { name, createdAt: Date.now(), events: [] };
    group.streams.set(name, stream);
    return stream;
  }

  /** Appends lines to a stream, creating group and stream as Lambda's platform does. */
  append(groupName: string, streamName: string, messages: Array<{ timestamp: number; message: string }>): void {
    const group = this.groups.get(groupName) ?? this.addGroup(groupName);
    const stream = group.streams.get(streamName) ?? this.addStream(group, streamName);
    const now = Date.now();
    for (const message of messages) stream.events.push({ ...message, ingestionTime: now });
  }
}
