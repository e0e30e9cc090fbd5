import { runtimeCause, StatesFailure } from './failures';
import { EvaluationError } from './jsonata';
import type { Frame, StateRun } from './runtime';

export const QUERY_EVALUATION_ERROR = 'States.QueryEvaluationError';

/**
 * A JSONata expression that failed becomes `States.QueryEvaluationError`, after an
 * EvaluationFailed event naming the state and the field (when the failure is in one). Anything else
 * is returned unchanged.
 */
export function asStatesFailure(error: unknown, frame: Frame, run: StateRun): unknown {
  if (!(error instanceof EvaluationError)) return error;
  const cause = runtimeCause(run.name, run.enteredEventId, error.detail);
  frame.scope.history.record(
    frame.cursor,
    'EvaluationFailed',
    {
      evaluationFailedEventDetails: {
        error: QUERY_EVALUATION_ERROR,
        cause,
        ...(error.location !== undefined ? { location: error.location } : {}),
        state: run.name,
      },
    },
    // As recorded: a Wait chains the event from its entered event, the other states from the event before it.
    { previousEventId: run.type === 'Wait' ? run.enteredEventId : run.enteredPreviousEventId },
  );
  return new StatesFailure(QUERY_EVALUATION_ERROR, cause);
}
