import type { QueryExecution, QueryExecutionState } from '@aws-sdk/client-athena';
import type { QueryFailure } from './errors';
import type { StatementKind } from './statement-kind';
import type { StatementResult } from './statement-result';
import { ENGINE_VERSION } from './workgroups';

/**
 * One query's life as an explicit state machine: QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED
 * (QUEUED may also go straight to FAILED or CANCELLED). Terminal states never change again, and
 * `finished` settles once, for callers that wait (the Step Functions `.sync` integration).
 *
 * Fidelity gap: Statistics measures queue and engine time only; ServicePreProcessing,
 * QueryPlanning and ServiceProcessing times are 0 and result reuse never happens.
 */
const TRANSITIONS: Record<QueryExecutionState, QueryExecutionState[]> = {
  QUEUED: ['RUNNING', 'FAILED', 'CANCELLED'],
  RUNNING: ['SUCCEEDED', 'FAILED', 'CANCELLED'],
  SUCCEEDED: [],
  FAILED: [],
  CANCELLED: [],
};

export interface ExecutionSettings {
  id: string;
  query: string;
  kind: StatementKind;
  workGroup: string;
  /** The QueryExecutionContext as sent (absent members stay absent, as in Athena). */
  context: { Database?: string; Catalog?: string };
  /** The statement's result file (`<location>/<id>.csv`, `.txt`, …). */
  outputLocation: string;
  executionParameters?: string[];
}

export class QueryExecutionRecord {
  state: QueryExecutionState = 'QUEUED';
  readonly submittedAt = new Date();
  private startedAt?: number;
  private completedAt?: Date;
  private reason?: string;
  failure?: QueryFailure;
  result?: StatementResult;
  /** The rows left memory; GetQueryResults reads them back from the results file. */
  rowsReleased = false;
  /** Interrupts the engine while RUNNING. */
  cancel?: () => void;
  readonly finished: Promise<QueryExecution>;
  private settle!: (execution: QueryExecution) => void;

  constructor(readonly settings: ExecutionSettings) {
    this.finished = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  get id(): string {
    return this.settings.id;
  }

  get isTerminal(): boolean {
    return TRANSITIONS[this.state].length === 0;
  }

  start(): boolean {
    if (!this.moveTo('RUNNING')) return false;
    this.startedAt = Date.now();
    return true;
  }

  succeed(result: StatementResult): boolean {
    if (!this.moveTo('SUCCEEDED')) return false;
    this.result = result;
    this.complete();
    return true;
  }

  fail(failure: QueryFailure): boolean {
    if (!this.moveTo('FAILED')) return false;
    this.failure = failure;
    this.reason = failure.reason;
    this.complete();
    return true;
  }

  releaseRows(): void {
    if (!this.result) return;
    this.result = { ...this.result, rows: [] };
    this.rowsReleased = true;
  }

  stop(): boolean {
    if (!this.moveTo('CANCELLED')) return false;
    this.reason = 'Query cancelled by user';
    this.cancel?.();
    this.complete();
    return true;
  }

  /** The GetQueryExecution shape. */
  describe(): QueryExecution {
    const now = Date.now();
    const submitted = this.submittedAt.getTime();
    const started = this.startedAt ?? (this.state === 'QUEUED' ? now : submitted);
    const ended = this.completedAt?.getTime() ?? now;
    const queueMillis = Math.max(0, started - submitted);
    const engineMillis = this.startedAt ? Math.max(0, ended - this.startedAt) : 0;
    return {
      QueryExecutionId: this.id,
      Query: this.settings.query,
      StatementType: this.settings.kind.statementType,
      ResultConfiguration: { OutputLocation: this.settings.outputLocation },
      ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: false } },
      QueryExecutionContext: Object.keys(this.settings.context).length > 0 ? { ...this.settings.context } : undefined,
      Status: {
        State: this.state,
        StateChangeReason: this.reason,
        SubmissionDateTime: this.submittedAt,
        CompletionDateTime: this.completedAt,
        AthenaError: this.failure
          ? {
              ErrorCategory: this.failure.category,
              ErrorType: this.failure.errorType,
              Retryable: this.failure.retryable,
              ErrorMessage: this.failure.reason,
            }
          : undefined,
      },
      Statistics: {
        EngineExecutionTimeInMillis: engineMillis,
        DataScannedInBytes: this.result?.scannedBytes ?? 0,
        TotalExecutionTimeInMillis: queueMillis + engineMillis,
        QueryQueueTimeInMillis: queueMillis,
        ServicePreProcessingTimeInMillis: 0,
        QueryPlanningTimeInMillis: 0,
        ServiceProcessingTimeInMillis: 0,
        ResultReuseInformation: { ReusedPreviousResult: false },
      },
      WorkGroup: this.settings.workGroup,
      EngineVersion: { ...ENGINE_VERSION },
      SubstatementType: this.settings.kind.substatementType,
      ExecutionParameters: this.settings.executionParameters,
    };
  }

  private moveTo(next: QueryExecutionState): boolean {
    if (!TRANSITIONS[this.state].includes(next)) return false;
    this.state = next;
    return true;
  }

  private complete(): void {
    this.completedAt = new Date();
    this.cancel = undefined;
    this.settle(this.describe());
  }
}
