import { applyResult } from './input-output';
import { matchingCatcher, matchingRetrier, maxAttempts, retryDelayMs } from './error-matching';
import { StatesFailure } from './failures';
import type { JsonValue } from './json';
import { nextOf, type StateContext, type StateOutcome } from './runtime';

/**
 * The error handling of Task, Parallel and Map states. `attempt` runs the state's work once and
 * resolves with the state output, or throws a StatesFailure whose event it has already recorded.
 * A matching retrier waits (IntervalSeconds × BackoffRate^n, scaled by the clock) and tries again,
 * counting `$$.State.RetryCount`; once retries are spent a matching catcher turns the error into
 * `{Error, Cause}` placed by its ResultPath into the raw input, and the state moves to the
 * catcher's Next. Anything else propagates.
 */
export async function withRetryAndCatch(context: StateContext, attempt: () => Promise<JsonValue>): Promise<StateOutcome> {
  const { definition, run, frame } = context;
  const retriesByRetrier = (definition.Retry ?? []).map(() => 0);
  run.retryCount = 0;
  for (;;) {
    try {
      return { output: await attempt(), next: nextOf(definition) };
    } catch (error) {
      if (!(error instanceof StatesFailure) || error.isRuntime) throw error;
      const retrierIndex = matchingRetrier(definition.Retry, error.error);
      if (retrierIndex >= 0) {
        const retrier = definition.Retry![retrierIndex];
        const retriesSoFar = retriesByRetrier[retrierIndex];
        if (retriesSoFar < maxAttempts(retrier)) {
          await frame.scope.clock.sleep(retryDelayMs(retrier, retriesSoFar), frame.signal);
          retriesByRetrier[retrierIndex] = retriesSoFar + 1;
          run.retryCount += 1;
          continue;
        }
      }
      const catcher = matchingCatcher(definition.Catch, error.error);
      if (!catcher) throw error;
      // AWS binds an empty string for a missing error or cause.
      const errorOutput = { Error: error.error ?? '', Cause: error.cause ?? '' };
      return { output: applyResult(context.input, catcher.ResultPath, errorOutput), next: catcher.Next };
    }
  }
}
