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
}

/**
 * A Task resource's behaviour: it records its own history events (TaskScheduled…TaskSucceeded,
 * LambdaFunctionScheduled…) and resolves with the task result, or records its failure event and
 * throws a StatesFailure.
 */
export interface TaskIntegration {
  run(invocation: TaskInvocation): Promise<JsonValue>;
}

/** Shared by every state of one execution. */
export interface ExecutionScope {
  history: ExecutionHistory;
  clock: ExecutionClock;
  identity: ExecutionIdentity;
  region: string;
  taskIntegration(resource: string): TaskIntegration;
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
}

/** Runs a Parallel branch or a Map item processor to its end; given to states that nest. */
export type BranchRunner = (block: StatesBlock, input: JsonValue, frame: Frame) => Promise<JsonValue>;

/**
 * The context object (`$$`) for the state being executed, with the members AWS recorded (see
 * history-retry-catch-lambda-invoke.json and the recorded context-object tests). There is no
 * `Task.Token` (callbacks are refused); `Execution.RedriveCount` is always 0 and there is no
 * `RedriveTime` (executions are never redriven here).
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
