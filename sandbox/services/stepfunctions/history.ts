import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';
import { toJsonText, type JsonValue } from './asl/json';

/** The per-type details members of an event (`stateEnteredEventDetails`, …). */
export type EventDetails = Omit<HistoryEvent, 'timestamp' | 'type' | 'id' | 'previousEventId'>;

/**
 * Where a branch of the workflow stands in the history: `source` is the event the next event
 * follows from (its previousEventId), `last` the latest event the branch recorded. Parallel
 * branches and Map iterations fork a cursor and are absorbed back when they end, so the event
 * after a Parallel or Map points at the latest event of its branches, as on AWS.
 */
export class EventCursor {
  constructor(
    public source = 0,
    public last = 0,
  ) {}

  fork(): EventCursor {
    return new EventCursor(this.source, this.source);
  }

  absorb(child: EventCursor): void {
    this.source = Math.max(this.source, child.source);
    this.last = Math.max(this.last, child.last);
  }
}

/**
 * An execution's history in the AWS event format. Once closed (the execution succeeded, failed,
 * was stopped or timed out) it records nothing more, so work abandoned by a stop or a timeout
 * cannot add events after the terminal one.
 */
export class ExecutionHistory {
  private readonly events: HistoryEvent[] = [];
  private closed = false;

  /**
   * Append an event after `cursor.source` (or an explicit previousEventId). Most events become
   * the new source; `keepSource` is for those AWS does not chain from (ExecutionStarted,
   * MapIterationSucceeded, MapStateSucceeded, ParallelStateSucceeded, …).
   */
  record(
    cursor: EventCursor,
    type: HistoryEventType,
    details: EventDetails = {},
    options: { keepSource?: boolean; previousEventId?: number } = {},
  ): number {
    if (this.closed) return cursor.last;
    const id = this.events.length + 1;
    this.events.push({ timestamp: new Date(), type, id, previousEventId: options.previousEventId ?? cursor.source, ...details });
    cursor.last = id;
    if (!options.keepSource) cursor.source = id;
    return id;
  }

  close(): void {
    this.closed = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  all(): readonly HistoryEvent[] {
    return this.events;
  }
}

const NOT_TRUNCATED = { truncated: false } as const;

export function stateEntered(name: string, input: JsonValue): EventDetails {
  return { stateEnteredEventDetails: { name, input: toJsonText(input), inputDetails: NOT_TRUNCATED } };
}

export function stateExited(name: string, output: JsonValue): EventDetails {
  return { stateExitedEventDetails: { name, output: toJsonText(output), outputDetails: NOT_TRUNCATED } };
}

export function dataDetails(key: 'input' | 'output', value: JsonValue) {
  return key === 'input'
    ? { input: toJsonText(value), inputDetails: NOT_TRUNCATED }
    : { output: toJsonText(value), outputDetails: NOT_TRUNCATED };
}

/** error/cause members, leaving out those that are undefined (AWS omits them). */
export function errorDetails(error: string | undefined, cause: string | undefined): { error?: string; cause?: string } {
  return { ...(error !== undefined ? { error } : {}), ...(cause !== undefined ? { cause } : {}) };
}
