import type { MapRunRequest } from './asl/runtime';

/** MapRunItemCounts / MapRunExecutionCounts, as DescribeMapRun answers them. */
export interface MapRunCounts {
  aborted: number;
  failed: number;
  pending: number;
  resultsWritten: number;
  running: number;
  succeeded: number;
  timedOut: number;
  total: number;
}

function emptyCounts(): MapRunCounts {
  return { aborted: 0, failed: 0, pending: 0, resultsWritten: 0, running: 0, succeeded: 0, timedOut: 0, total: 0 };
}

/**
 * A distributed Map's Map Run: `arn:…:mapRun:<stateMachine>/<label>:<id>`, its child state machine
 * `arn:…:stateMachine:<stateMachine>/<label>`, and the counts of its items and child executions.
 */
export class MapRun {
  readonly startDate = new Date();
  stopDate?: Date;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' = 'RUNNING';
  readonly itemCounts = emptyCounts();
  readonly executionCounts = emptyCounts();

  constructor(
    readonly arn: string,
    readonly executionArn: string,
    readonly stateMachineArn: string,
    readonly request: MapRunRequest,
  ) {}

  setTotal(items: number, executions: number): void {
    this.itemCounts.total = items;
    this.itemCounts.pending = items;
    this.executionCounts.total = executions;
    this.executionCounts.pending = executions;
  }

  started(items: number): void {
    move(this.itemCounts, 'pending', 'running', items);
    move(this.executionCounts, 'pending', 'running', 1);
  }

  ended(items: number, status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED'): void {
    const to = status === 'SUCCEEDED' ? 'succeeded' : status === 'FAILED' ? 'failed' : status === 'TIMED_OUT' ? 'timedOut' : 'aborted';
    move(this.itemCounts, 'running', to, items);
    move(this.executionCounts, 'running', to, 1);
    if (status === 'SUCCEEDED') {
      this.itemCounts.resultsWritten += items;
      this.executionCounts.resultsWritten += 1;
    }
  }

  finish(status: 'SUCCEEDED' | 'FAILED' | 'ABORTED'): void {
    if (this.status !== 'RUNNING') return;
    this.status = status;
    this.stopDate = new Date();
  }

  describe() {
    return {
      executionArn: this.executionArn,
      executionCounts: { ...this.executionCounts },
      itemCounts: { ...this.itemCounts },
      mapRunArn: this.arn,
      maxConcurrency: this.request.maxConcurrency,
      startDate: this.startDate,
      status: this.status,
      ...(this.stopDate ? { stopDate: this.stopDate } : {}),
      toleratedFailureCount: this.request.toleratedFailureCount,
      toleratedFailurePercentage: this.request.toleratedFailurePercentage,
    };
  }

  listed() {
    return {
      executionArn: this.executionArn,
      mapRunArn: this.arn,
      startDate: this.startDate,
      stateMachineArn: this.stateMachineArn,
      ...(this.stopDate ? { stopDate: this.stopDate } : {}),
    };
  }
}

function move(counts: MapRunCounts, from: keyof MapRunCounts, to: keyof MapRunCounts, amount: number): void {
  counts[from] = Math.max(0, counts[from] - amount);
  counts[to] += amount;
}
