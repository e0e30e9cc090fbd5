import type { ServiceClient } from '../../../core/internal-client';
import type { EventCursor, ExecutionHistory } from '../history';
import type { ExecutionClock } from './clock';
import type { StateDefinition, StateType, StatesBlock } from './definition';
import type { JsonObject, JsonValue } from './json';
import type { VariableScope } from './variables';

/** Who an execution is: what `$$.Execution` and `$$.StateMachine` show. */
export interface ExecutionIdentity {
  executionArn: string;
  executionName: string;
  input: JsonValue;
  /** The input as the caller wrote it: AWS shows it verbatim in ExecutionStarted and the first StateEntered. */
  inputText?: string;
  startTime: Date;
  roleArn: string;
  stateMachineArn: string;
  stateMachineName: string;
}

/** What one Task state asks of an integration (after Parameters and timeouts are resolved). */
export interface TaskInvocation {
  frame: Frame;
  state: StateRun;
  resource: string;
  parameters: JsonValue;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  /** The attempt's task token (`$$.Task.Token`), for integrations that wait for one. */
  taskToken?: string;
}

/**
 * A Task resource's behaviour: it records its own history events (TaskScheduled…TaskSucceeded,
 * LambdaFunctionScheduled…) and resolves with the task result, or records its failure event and
 * throws a StatesFailure.
 */
export interface TaskIntegration {
  /**
   * Whether each attempt gets a task token (`$$.Task.Token`) before its fields are evaluated:
   * callback (`.waitForTaskToken`), job-run (`.sync`) and activity tasks.
   */
  readonly usesTaskToken?: boolean;
  run(invocation: TaskInvocation): Promise<JsonValue>;
}

/**
 * The task tokens of callback, job-run and activity tasks: issued per attempt, completed by
 * SendTaskSuccess / SendTaskFailure (kept alive by SendTaskHeartbeat), closed when the attempt ends.
 */
export interface TaskTokens {
  issue(executionArn: string): string;
  /**
   * The outcome sent for a token: the output of SendTaskSuccess, or a rejection with the
   * StatesFailure of SendTaskFailure, or TaskTimedOut when `heartbeatSeconds` pass without a
   * heartbeat (counted from this call). Rejects with the abandonment when `signal` aborts.
   */
  outcome(token: string, options: { heartbeatSeconds?: number; clock: ExecutionClock; signal: AbortSignal }): Promise<JsonValue>;
  close(token: string): void;
}

/** Shared by every state of one execution. */
export interface ExecutionScope {
  history: ExecutionHistory;
  clock: ExecutionClock;
  identity: ExecutionIdentity;
  region: string;
  stateMachineType: 'STANDARD' | 'EXPRESS';
  tokens: TaskTokens;
  /** The integration a Task state's resource runs with (or its mock, in a mocked test case). */
  taskIntegration(resource: string, stateName: string): TaskIntegration;
  /** Child executions of a distributed Map (its Map Run), started by the execution's provider. */
  mapRuns?: MapRunLauncher;
  /** The sandbox's services (a distributed Map reads its items from S3 and writes its results there). */
  services: ServiceClient;
}

/**
 * What a distributed Map needs from Step Functions itself: a Map Run whose items each run as a
 * child execution of the item processor (a state machine execution of its own, STANDARD or
 * EXPRESS), listed by ListMapRuns and described by DescribeMapRun.
 */
export interface MapRunLauncher {
  start(request: MapRunRequest): MapRunHandle;
}

export interface MapRunRequest {
  /** The state's Label, if any (it names the Map Run and its child state machine). */
  label?: string;
  processor: StatesBlock & { QueryLanguage?: string };
  executionType: 'STANDARD' | 'EXPRESS';
  maxConcurrency: number;
  toleratedFailureCount: number;
  toleratedFailurePercentage: number;
}

/** How a child execution ended, as DescribeExecution shows it. */
export interface ChildExecution {
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  executionArn: string;
  name: string;
  stateMachineArn: string;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate: Date;
}

export interface MapRunHandle {
  readonly arn: string;
  /** Counts the items the run will process (known once the ItemReader has read them). */
  setItemTotal(items: number, executions: number): void;
  /** Runs one child execution on `input` (a batch counts its items); resolves however it ends. */
  runChild(input: JsonValue, items: number, signal: AbortSignal): Promise<ChildExecution>;
  /** Records how the Map Run ended. */
  finish(status: 'SUCCEEDED' | 'FAILED' | 'ABORTED'): void;
}

/** One line of work: the whole execution, a Parallel branch or a Map iteration. */
export interface Frame {
  scope: ExecutionScope;
  cursor: EventCursor;
  signal: AbortSignal;
  mapItem?: { Index: number; Value: JsonValue };
  /** The workflow variables this line of work sees (set when the execution's first branch starts). */
  variables?: VariableScope;
  /** The state machine's QueryLanguage (each state may override it). */
  queryLanguage?: QueryLanguage;
  /** Set in a Parallel branch or a Map iteration (one of several runs abandoned together). */
  inBranch?: boolean;
}

export type QueryLanguage = 'JSONPath' | 'JSONata';

export function childFrame(frame: Frame, changes: Partial<Pick<Frame, 'signal' | 'mapItem' | 'variables'>> = {}): Frame {
  return {
    scope: frame.scope,
    cursor: frame.cursor.fork(),
    signal: changes.signal ?? frame.signal,
    mapItem: changes.mapItem ?? frame.mapItem,
    variables: changes.variables ?? frame.variables,
    queryLanguage: frame.queryLanguage,
    inBranch: true,
  };
}

/** The state being executed: what `$$.State` shows, and where its entered event is. */
export interface StateRun {
  name: string;
  type: StateType;
  enteredTime: string;
  enteredEventId: number;
  /** The previousEventId of the entered event (where an EvaluationFailed event chains from). */
  enteredPreviousEventId: number;
  /** Task, Parallel and Map states count their retries (`$$.State.RetryCount`). */
  retryCount?: number;
  /** The current attempt's task token, for `$$.Task.Token`. */
  taskToken?: string;
}

/** Runs a Parallel branch or a Map item processor to its end; given to states that nest. */
export type BranchRunner = (block: StatesBlock, input: JsonValue, frame: Frame) => Promise<JsonValue>;

/**
 * The context object (`$$`) for the state being executed, with the members AWS recorded (see
 * history-retry-catch-lambda-invoke.json and the recorded context-object tests); `Task.Token`
 * while a callback, job-run or activity task runs. `Execution.RedriveCount` is always 0 and there
 * is no `RedriveTime` (executions are never redriven here).
 */
export function contextObject(frame: Frame, state: StateRun): JsonObject {
  const { identity } = frame.scope;
  const context: JsonObject = {
    Execution: {
      Id: identity.executionArn,
      Input: identity.input,
      StartTime: identity.startTime.toISOString(),
      Name: identity.executionName,
      RoleArn: identity.roleArn,
      RedriveCount: 0,
    },
    StateMachine: { Id: identity.stateMachineArn, Name: identity.stateMachineName },
    State: {
      Name: state.name,
      EnteredTime: state.enteredTime,
      ...(state.retryCount !== undefined ? { RetryCount: state.retryCount } : {}),
    },
  };
  if (state.taskToken !== undefined) context.Task = { Token: state.taskToken };
  if (frame.mapItem) context.Map = { Item: { Index: frame.mapItem.Index, Value: frame.mapItem.Value } };
  return context;
}

/** Where a state leads: its output, and the next state's name (none: the branch ends here). */
export interface StateOutcome {
  output: JsonValue;
  next?: string;
  /** The variables the state assigns once it has run (`Assign`). */
  assigned?: JsonObject;
}

/** Everything a state type's handler works with. */
export interface StateContext {
  definition: StateDefinition;
  /** The raw state input (before InputPath). */
  input: JsonValue;
  run: StateRun;
  frame: Frame;
  runBranch: BranchRunner;
}

export type StateHandler = (context: StateContext) => Promise<StateOutcome>;

/** Where a non-terminal state goes when it succeeds (undefined: `End: true`). */
export function nextOf(definition: StateDefinition): string | undefined {
  return definition.End ? undefined : definition.Next;
}
