import type { Catcher, Retrier } from './definition';
import { STATES_ERRORS } from './failures';

/**
 * Which retrier or catcher handles an error. `States.ALL` matches every error — including
 * `States.DataLimitExceeded` of a task, which the ASL specification calls terminal but AWS was
 * recorded catching (test_task_lambda_catch_state_all_data_limit_exceeded_on_large_utf8_response);
 * `States.TaskFailed` matches every error except `States.Timeout` and `States.DataLimitExceeded`;
 * `States.Runtime` is handled by nothing at all (Step Functions fails the execution).
 */
export function errorMatches(errorEquals: readonly string[], error: string | undefined, aliases: readonly string[] = []): boolean {
  if (error === STATES_ERRORS.runtime) return false;
  if (error !== undefined && errorEquals.includes(error)) return true;
  if (aliases.some((alias) => errorEquals.includes(alias))) return true;
  const terminal = error === STATES_ERRORS.dataLimitExceeded;
  if (errorEquals.includes(STATES_ERRORS.all)) return true;
  return errorEquals.includes(STATES_ERRORS.taskFailed) && !terminal && error !== STATES_ERRORS.timeout;
}

/** The first retrier whose ErrorEquals matches (only that one decides, even when exhausted). */
export function matchingRetrier(
  retriers: readonly Retrier[] | undefined,
  error: string | undefined,
  aliases: readonly string[] = [],
): number {
  return (retriers ?? []).findIndex((retrier) => errorMatches(retrier.ErrorEquals, error, aliases));
}

export function matchingCatcher(
  catchers: readonly Catcher[] | undefined,
  error: string | undefined,
  aliases: readonly string[] = [],
): Catcher | undefined {
  return (catchers ?? []).find((catcher) => errorMatches(catcher.ErrorEquals, error, aliases));
}

export const RETRY_DEFAULTS = { IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 } as const;

export function maxAttempts(retrier: Retrier): number {
  return retrier.MaxAttempts ?? RETRY_DEFAULTS.MaxAttempts;
}

/**
 * The nominal wait before retry number `retriesSoFar + 1` of a retrier: IntervalSeconds grown by
 * BackoffRate per retry, capped by MaxDelaySeconds, and with `JitterStrategy: FULL` a random
 * point between zero and that.
 */
export function retryDelayMs(retrier: Retrier, retriesSoFar: number, random: () => number = Math.random): number {
  const interval = retrier.IntervalSeconds ?? RETRY_DEFAULTS.IntervalSeconds;
  const rate = retrier.BackoffRate ?? RETRY_DEFAULTS.BackoffRate;
  let seconds = interval * rate ** retriesSoFar;
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds *= random();
  return seconds * 1000;
}
