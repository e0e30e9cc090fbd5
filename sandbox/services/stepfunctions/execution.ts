import type { ExecutionStatus } from '@aws-sdk/client-sfn';
import { EventCursor, ExecutionHistory, dataDetails, errorDetails } from './history';
import { ExecutionClock } from './asl/clock';
import type { StateMachineDefinition } from './asl/definition';
import { Abandoned, STATES_ERRORS, StatesFailure } from './asl/failures';
import { runBranch } from './asl/interpreter';
import { toJsonText, type JsonValue } from './asl/json';
import type { ExecutionScope, Frame, MapRunLauncher, TaskIntegration } from './asl/runtime';
import type { TaskTokenRegistry } from './callbacks/task-tokens';
import { taskIntegrationFor, type TaskResourceContext } from './integrations';
import type { IntegrationContext } from './integrations/integration';
import { MockedTask, type MockedExecution } from './mocks/mocked-task';

/** A state machine as it was when an execution started (later updates do not change a run). */
export interface StateMachineSnapshot {
  arn: string;
  name: string;
  type: 'STANDARD' | 'EXPRESS';
  definitionText: string;
  definition: StateMachineDefinition;
  roleArn: string;
  revisionId?: string;
  updateDate: Date;
}

export interface ExecutionOptions {
  arn: string;
  name: string;
  stateMachine: StateMachineSnapshot;
  inputText: string;
  input: JsonValue;
  region: string;
  /** The sandbox's services and activities, as Task states reach them, and what the sandbox runs. */
  integrations: IntegrationContext & TaskResourceContext;
  tokens: TaskTokenRegistry;
  timeScale: number;
  /** The test case of a mocked execution (`<stateMachineArn>#<TestCase>`). */
  mocked?: MockedExecution;
  /** Child executions of distributed Map states. */
  mapRuns?: (execution: Execution) => MapRunLauncher;
  /** Who started it: a parent's Map Run (its child executions are listed under it). */
  mapRunArn?: string;
}

/**
 * One run of a state machine, an explicit state machine itself: RUNNING → SUCCEEDED | FAILED |
 * TIMED_OUT | ABORTED. The first terminal transition wins; it records the terminal history event
 * and closes the history, so work abandoned by a stop or a timeout records nothing afterwards.
 */
export class Execution {
  readonly arn: string;
  readonly name: string;
  readonly stateMachine: StateMachineSnapshot;
  readonly inputText: string;
  readonly mapRunArn?: string;
  readonly startDate = new Date();
  readonly history = new ExecutionHistory();
  status: ExecutionStatus = 'RUNNING';
  stopDate?: Date;
  outputText?: string;
  error?: string;
  cause?: string;
  /** Settles when the execution has ended (whichever way). */
  readonly finished: Promise<void>;

  private readonly controller = new AbortController();
  private readonly topCursor = new EventCursor();
  private settle!: () => void;

  constructor(private readonly options: ExecutionOptions) {
    this.arn = options.arn;
    this.name = options.name;
    this.stateMachine = options.stateMachine;
    this.inputText = options.inputText;
    this.mapRunArn = options.mapRunArn;
    this.finished = new Promise((resolve) => (this.settle = resolve));
  }

  start(): void {
    void this.run();
  }

  /** StopExecution: ABORTED, with the caller's error and cause (if any). */
  stop(error?: string, cause?: string): void {
    if (this.status !== 'RUNNING') return;
    this.end('ABORTED', 'ExecutionAborted', { executionAbortedEventDetails: errorDetails(error, cause) }, { error, cause }, 0);
    this.controller.abort(new Abandoned('stopped'));
    this.options.tokens.closeAllOf(this.arn);
  }

  /** The sandbox is shutting down: abandon the run without recording anything. */
  abandon(): void {
    if (this.status === 'RUNNING') this.controller.abort(new Abandoned('shutdown'));
  }

  /** The test case this execution runs, if it is mocked (its Map Runs' children run it too). */
  get mocked(): MockedExecution | undefined {
    return this.options.mocked;
  }

  private async run(): Promise<void> {
    const { stateMachine, region, timeScale, input, mocked, tokens } = this.options;
    const clock = new ExecutionClock(timeScale);
    const integrations = new Map<string, TaskIntegration>();
    const integrationOf = (resource: string) => {
      const known = integrations.get(resource);
      if (known) return known;
      const created = taskIntegrationFor(resource, this.options.integrations);
      integrations.set(resource, created);
      return created;
    };
    const scope: ExecutionScope = {
      history: this.history,
      clock,
      region,
      stateMachineType: stateMachine.type,
      tokens,
      mapRuns: this.options.mapRuns?.(this),
      services: this.options.integrations.services,
      identity: {
        executionArn: this.arn,
        executionName: this.name,
        input,
        inputText: this.inputText,
        startTime: this.startDate,
        roleArn: stateMachine.roleArn,
        stateMachineArn: stateMachine.arn,
        stateMachineName: stateMachine.name,
      },
      taskIntegration: (resource, stateName) =>
        mocked?.mocks(stateName) ? new MockedTask(mocked, integrationOf(resource)) : integrationOf(resource),
    };
    this.history.record(
      this.topCursor,
      'ExecutionStarted',
      { executionStartedEventDetails: { input: this.inputText, inputDetails: { truncated: false }, roleArn: stateMachine.roleArn } },
      { keepSource: true },
    );
    const timeoutSeconds = stateMachine.definition.TimeoutSeconds;
    const cancelTimeout =
      timeoutSeconds === undefined
        ? () => undefined
        : clock.onDeadline(clock.now() + timeoutSeconds * 1000, () => {
            if (this.status !== 'RUNNING') return;
            // Fidelity gap (unverified detail): AWS's DescribeExecution of a timed-out execution
            // shows no error or cause (recorded); the event's details are assumed empty likewise.
            this.end('TIMED_OUT', 'ExecutionTimedOut', { executionTimedOutEventDetails: {} }, {});
            this.controller.abort(new Abandoned('timed-out'));
          });
    const frame: Frame = { scope, cursor: this.topCursor, signal: this.controller.signal };
    try {
      const output = await runBranch(stateMachine.definition, input, frame);
      this.end('SUCCEEDED', 'ExecutionSucceeded', { executionSucceededEventDetails: dataDetails('output', output) }, { output });
    } catch (error) {
      if (!(error instanceof Abandoned)) {
        // Anything but a StatesFailure is a fault of the interpreter itself; fail loudly, naming it.
        const failure =
          error instanceof StatesFailure
            ? error
            : new StatesFailure(
                STATES_ERRORS.runtime,
                `Internal error of the postflight sandbox: ${(error as Error).stack ?? String(error)}`,
              );
        this.end(
          'FAILED',
          'ExecutionFailed',
          { executionFailedEventDetails: errorDetails(failure.error, failure.cause) },
          { error: failure.error, cause: failure.cause },
        );
      }
    } finally {
      cancelTimeout();
      tokens.closeAllOf(this.arn);
      this.settle();
    }
  }

  private end(
    status: Exclude<ExecutionStatus, 'RUNNING' | 'PENDING_REDRIVE'>,
    eventType: 'ExecutionSucceeded' | 'ExecutionFailed' | 'ExecutionAborted' | 'ExecutionTimedOut',
    details: Parameters<ExecutionHistory['record']>[2],
    result: { output?: JsonValue; error?: string; cause?: string },
    previousEventId?: number,
  ): void {
    if (this.status !== 'RUNNING') return;
    this.status = status;
    this.stopDate = new Date();
    if (result.output !== undefined) this.outputText = toJsonText(result.output);
    this.error = result.error;
    this.cause = result.cause;
    this.history.record(this.topCursor, eventType, details, previousEventId !== undefined ? { previousEventId } : {});
    this.history.close();
    if (status !== 'SUCCEEDED' && status !== 'FAILED') this.settle();
  }
}
