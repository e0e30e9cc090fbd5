import type { Catcher } from './definition';
import { matchingCatcher, matchingRetrier, maxAttempts, retryDelayMs } from './error-matching';
import { asStatesFailure } from './evaluation-failed';
import { StatesFailure } from './failures';
import { applyResult } from './input-output';
import type { JsonObject } from './json';
import { nextOf, type StateContext, type StateOutcome } from './runtime';
import { evaluateAssign, evaluateJsonata, isJsonata, statesOf } from './state-fields';

/** What one attempt of a Task, Parallel or Map state produced. */
export type AttemptResult = Omit<StateOutcome, 'next'>;

/**
 * The error handling of Task, Parallel and Map states. `attempt` runs the state's work once and
 * resolves with the state output, or throws a StatesFailure whose event it has already recorded.
 * A matching retrier waits (IntervalSeconds × BackoffRate^n, scaled by the clock) and tries again,
 * counting `$$.State.RetryCount`; once retries are spent a matching catcher turns the error into
 * `{Error, Cause}` (the error output) and the state moves to the catcher's Next: in JSONPath the
 * catcher's ResultPath places it into the raw input, in JSONata its Output shapes it (default:
 * the error output itself); either may Assign variables. Anything else propagates.
 * `onFinalFailure` records what a state records once a failure is not retried (Parallel and Map:
 * their …StateFailed event, which an attempt that is retried does not get).
 */
export async function withRetryAndCatch(
  context: StateContext,
  attempt: () => Promise<AttemptResult>,
  onFinalFailure: () => void = () => undefined,
): Promise<StateOutcome> {
  const { definition, run, frame } = context;
  const retriesByRetrier = (definition.Retry ?? []).map(() => 0);
  run.retryCount = 0;
  for (;;) {
    try {
      return { ...(await attempt()), next: nextOf(definition) };
    } catch (thrown) {
      const error = asStatesFailure(thrown, frame, run);
      if (!(error instanceof StatesFailure)) throw error;
      const retrierIndex = error.isRuntime ? -1 : matchingRetrier(definition.Retry, error.error, error.alsoMatches);
      const retrier = definition.Retry?.[retrierIndex];
      const retriesSoFar = retriesByRetrier[retrierIndex] ?? 0;
      if (retrier && retriesSoFar < maxAttempts(retrier)) {
        await frame.scope.clock.sleep(retryDelayMs(retrier, retriesSoFar), frame.signal);
        retriesByRetrier[retrierIndex] = retriesSoFar + 1;
        run.retryCount += 1;
        continue;
      }
      onFinalFailure();
      const catcher = error.isRuntime ? undefined : matchingCatcher(definition.Catch, error.error, error.alsoMatches);
      if (!catcher) throw error;
      try {
        return await caught(context, catcher, error);
      } catch (failure) {
        throw asStatesFailure(failure, frame, run);
      }
    }
  }
}

async function caught(context: StateContext, catcher: Catcher, error: StatesFailure): Promise<StateOutcome> {
  const missing = error.errorOutputBinding === 'null' ? null : '';
  const errorOutput: JsonObject = { Error: error.error ?? missing, Cause: error.cause ?? missing };
  if (isJsonata(context)) {
    const states = statesOf(context, { errorOutput });
    const assigned = await evaluateAssign(context, catcher.Assign, { states });
    const output = catcher.Output !== undefined ? await evaluateJsonata(context, catcher.Output, 'Output', states) : errorOutput;
    return { output, assigned, next: catcher.Next };
  }
  const assigned = await evaluateAssign(context, catcher.Assign, { data: errorOutput });
  return { output: applyResult(context.input, catcher.ResultPath, errorOutput), assigned, next: catcher.Next };
}
