import type { HistoryEventType } from '@aws-sdk/client-sfn';
import { stateEntered, stateExited } from '../history';
import type { StateMachineDefinition, StateType, StatesBlock } from './definition';
import { asStatesFailure } from './evaluation-failed';
import { Abandoned, RuntimeFailure, STATES_ERRORS, StatesFailure, runtimeCause, throwIfAbandoned } from './failures';
import { jsonByteLength, rememberText, type JsonValue } from './json';
import { MAX_PAYLOAD_BYTES } from './limits';
import type { Frame, StateHandler, StateOutcome, StateRun } from './runtime';
import { runChoice } from './states/choice';
import { runFail } from './states/fail';
import { runMap } from './states/map';
import { runParallel } from './states/parallel';
import { runPass } from './states/pass';
import { runSucceed } from './states/succeed';
import { runTask } from './states/task';
import { runWait } from './states/wait';
import { assignedVariablesDetails, VariableScope } from './variables';

const HANDLERS: Record<StateType, StateHandler> = {
  Pass: runPass,
  Task: runTask,
  Choice: runChoice,
  Wait: runWait,
  Succeed: runSucceed,
  Fail: runFail,
  Parallel: runParallel,
  Map: runMap,
};

/** State types that record a `…StateAborted` event when a failing sibling branch abandons them. */
const ABORTABLE: Partial<Record<StateType, HistoryEventType>> = {
  Task: 'TaskStateAborted',
  Wait: 'WaitStateAborted',
  Map: 'MapStateAborted',
  Parallel: 'ParallelStateAborted',
};

/**
 * Run a block of states (the state machine, a Parallel branch, a Map iteration) from StartAt to
 * its end and resolve with the output of its last state; a state failure that nothing caught
 * rejects with the StatesFailure.
 */
export async function runBranch(block: StatesBlock, input: JsonValue, frame: Frame): Promise<JsonValue> {
  frame.variables ??= VariableScope.root();
  const { identity } = frame.scope;
  if (input === identity.input && identity.inputText !== undefined) rememberText(input, identity.inputText);
  const language = (block as StateMachineDefinition).QueryLanguage;
  if (language === 'JSONata' || language === 'JSONPath') frame.queryLanguage = language;
  let name = block.StartAt;
  let value = input;
  for (;;) {
    throwIfAbandoned(frame.signal);
    const outcome = await runState(name, block, value, frame);
    if (outcome.next === undefined) return outcome.output;
    name = outcome.next;
    value = outcome.output;
  }
}

async function runState(name: string, block: StatesBlock, input: JsonValue, frame: Frame): Promise<StateOutcome> {
  const definition = block.States[name];
  if (!definition) throw new Error(`The state '${name}' is not defined (the definition was validated without it)`);
  const { history } = frame.scope;
  const enteredPreviousEventId = frame.cursor.source;
  const enteredEventId = history.record(frame.cursor, `${definition.Type}StateEntered` as HistoryEventType, stateEntered(name, input));
  const run: StateRun = { name, type: definition.Type, enteredTime: new Date().toISOString(), enteredEventId, enteredPreviousEventId };
  try {
    const outcome = await HANDLERS[definition.Type]({ definition, input, run, frame, runBranch });
    if (jsonByteLength(outcome.output) > MAX_PAYLOAD_BYTES) {
      throw new StatesFailure(
        STATES_ERRORS.dataLimitExceeded,
        `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
      );
    }
    throwIfAbandoned(frame.signal);
    if (outcome.assigned) frame.variables?.assign(outcome.assigned);
    const exited = stateExited(name, outcome.output);
    history.record(frame.cursor, `${definition.Type}StateExited` as HistoryEventType, {
      stateExitedEventDetails: { ...exited.stateExitedEventDetails!, ...assignedVariablesDetails(outcome.assigned) },
    });
    return outcome;
  } catch (thrown) {
    const error = asStatesFailure(thrown, frame, run);
    if (error instanceof RuntimeFailure) throw new StatesFailure(STATES_ERRORS.runtime, runtimeCause(name, enteredEventId, error.message));
    const abortedType = ABORTABLE[definition.Type];
    if (error instanceof Abandoned && error.why === 'sibling-failed' && abortedType) {
      history.record(frame.cursor, abortedType, {}, { previousEventId: error.failureEventId, keepSource: true });
    }
    // A branch's task failed without an error name (SendTaskFailure without error): AWS records
    // the task's state as aborted before the branch fails (recorded:
    // test_sqs_failure_in_wait_for_task_tok_no_error_field[SQS_PARALLEL_WAIT_FOR_TASK_TOKEN]).
    if (frame.inBranch && error instanceof StatesFailure && error.error === undefined && abortedType === 'TaskStateAborted') {
      history.record(frame.cursor, abortedType, {}, { keepSource: true });
    }
    throw error;
  }
}
