import { setTimeout as sleep } from 'node:timers/promises';
import { formatDuration } from '../model/duration';
import { interruptSignal, throwIfInterrupted } from '../model/interruption';

/** What one look at an asynchronous thing concluded. */
export type CheckResult<T> =
  { state: 'SUCCESS'; value: T } | { state: 'RETRY'; observed: string } | { state: 'FAILURE'; reason: string; value?: T };

export interface WaitOptions {
  /** What is awaited, for messages: "execution pf-…-1 to succeed". */
  description: string;
  timeoutMs: number;
  delays?: WaitDelays;
}

export interface WaitDelays {
  firstMs: number;
  maxMs: number;
  backoff: number;
}

/** Polling against AWS: gentle on APIs with low rate limits (DescribeExecution, GetQueryExecution). */
export const AWS_DELAYS: WaitDelays = { firstMs: 500, maxMs: 5_000, backoff: 1.5 };
/** Polling against the local sandbox: it answers in milliseconds. */
export const SANDBOX_DELAYS: WaitDelays = { firstMs: 10, maxMs: 50, backoff: 1.5 };

export class WaitTimeoutError extends Error {
  constructor(
    readonly description: string,
    readonly lastObserved: string,
    readonly timeoutMs: number,
  ) {
    super(`Timed out waiting for ${description}: still ${lastObserved} after ${formatDuration(timeoutMs)}.`);
    this.name = 'WaitTimeoutError';
  }
}

export class WaitFailedError<T> extends Error {
  constructor(
    readonly description: string,
    readonly reason: string,
    readonly value?: T,
  ) {
    super(`${description.charAt(0).toUpperCase()}${description.slice(1)} did not happen: ${reason}`);
    this.name = 'WaitFailedError';
  }
}

/**
 * The one waiter: calls `check` until it says SUCCESS (returns its value) or FAILURE (throws
 * with its reason), backing off between looks; on timeout it throws the last observed state,
 * never a bare "timeout". An interrupted run ends the wait with InterruptedError.
 */
export async function waitFor<T>(check: () => Promise<CheckResult<T>>, options: WaitOptions): Promise<T> {
  const delays = options.delays ?? AWS_DELAYS;
  const deadline = Date.now() + options.timeoutMs;
  let delay = delays.firstMs;
  for (;;) {
    // An interrupted run stops waiting at once: the scenario goes on to clean up.
    throwIfInterrupted();
    const result = await check();
    if (result.state === 'SUCCESS') return result.value;
    if (result.state === 'FAILURE') throw new WaitFailedError(options.description, result.reason, result.value);
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new WaitTimeoutError(options.description, result.observed, options.timeoutMs);
    await sleep(Math.min(delay, remaining), undefined, { signal: interruptSignal }).catch(() => throwIfInterrupted());
    delay = Math.min(delay * delays.backoff, delays.maxMs);
  }
}
