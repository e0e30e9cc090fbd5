/**
 * How a state machine fails. A StatesFailure carries an ASL error name and cause; it travels up
 * through retriers and catchers to the execution. A RuntimeFailure is a problem with the data a
 * state works on (a path that leads nowhere, an argument of the wrong type); the state that hit it
 * turns it into the terminal `States.Runtime` error, naming itself and its entered event.
 */
export class StatesFailure extends Error {
  constructor(
    readonly error: string | undefined,
    override readonly cause: string | undefined,
  ) {
    super([error, cause].filter((part) => part !== undefined).join(': ') || 'failed');
  }

  /** Step Functions lets no retrier or catcher handle these (not even `States.ALL`). */
  get isRuntime(): boolean {
    return this.error === 'States.Runtime';
  }

  /**
   * How a catcher's error output shows a missing error or cause: an empty string (a Fail state
   * without Error, as recorded) or `null` (SendTaskFailure without them, as recorded).
   */
  get errorOutputBinding(): 'null' | 'empty' {
    return 'empty';
  }

  /** Further error names a retrier or catcher may match this failure by. */
  get alsoMatches(): readonly string[] {
    return [];
  }
}

/**
 * A callback or activity task that received no heartbeat within HeartbeatSeconds. AWS records it
 * as `States.Timeout` (recorded: test_heartbeat_timeout); Retry and Catch may also name it
 * `States.HeartbeatTimeout`, as the ASL documents.
 */
export class HeartbeatTimedOut extends StatesFailure {
  constructor() {
    super('States.Timeout', undefined);
  }

  override get alsoMatches(): readonly string[] {
    return [STATES_ERRORS.heartbeatTimeout];
  }
}

export class RuntimeFailure extends Error {}

/** Error names Step Functions defines (see "Error names" in the ASL specification). */
export const STATES_ERRORS = {
  all: 'States.ALL',
  taskFailed: 'States.TaskFailed',
  timeout: 'States.Timeout',
  heartbeatTimeout: 'States.HeartbeatTimeout',
  runtime: 'States.Runtime',
  dataLimitExceeded: 'States.DataLimitExceeded',
  noChoiceMatched: 'States.NoChoiceMatched',
} as const;

/**
 * Why running work was abandoned: the execution was stopped or timed out (nothing more is
 * recorded), or a sibling branch/iteration failed (the abandoned states record their `…Aborted`
 * events, pointing at the failure's event).
 */
export class Abandoned extends Error {
  constructor(
    readonly why: 'stopped' | 'timed-out' | 'sibling-failed' | 'shutdown',
    readonly failureEventId = 0,
  ) {
    super(`abandoned: ${why}`);
  }
}

export function throwIfAbandoned(signal: AbortSignal): void {
  if (signal.aborted) throw abandonment(signal);
}

export function abandonment(signal: AbortSignal): Abandoned {
  return signal.reason instanceof Abandoned ? signal.reason : new Abandoned('stopped');
}

/** The cause Step Functions gives a runtime error: which state, entered at which event, and why. */
export function runtimeCause(stateName: string, enteredEventId: number, detail: string): string {
  return `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredEventId}). ${detail}`;
}
