import { BroadcastChannel } from 'node:worker_threads';

/**
 * The interruption of a run (Ctrl-C, SIGTERM), as the scenarios see it. `postflight run` receives
 * the signal on its main thread and announces it here; scenarios run on that thread (serial) or on
 * cucumber's worker threads (--parallel), which hear of it through a broadcast channel. A scenario
 * that sees it stops its current step, cleans up what it wrote (its After hooks run as usual), and
 * the scenarios not started yet are not run.
 */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

export interface Interruption {
  signal: InterruptSignal;
  /** ISO time the signal was received. */
  receivedAt: string;
}

/** The Before hook (support/interruption/interrupt-hooks.ts) that skips the scenarios of an interrupted run: the run's results recognise it by name. */
export const NOT_STARTED_HOOK = 'postflight: not started after an interruption';

/** The conventional exit codes of a process stopped by a signal: 128 + its number. */
export const INTERRUPT_EXIT_CODES: Record<InterruptSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/** Thrown by a step (or a wait) cut short by the interruption; the scenario then cleans up. */
export class InterruptedError extends Error {
  constructor(readonly interruption: Interruption) {
    super(`The run was interrupted (${interruption.signal}): this step was stopped so that the scenario could clean up.`);
    this.name = 'InterruptedError';
  }
}

const CHANNEL_NAME = 'postflight:run-interrupted';
const controller = new AbortController();
let current: Interruption | undefined;

// Every thread that loads this module listens; unref'd, so that listening never keeps a thread alive.
const listener = new BroadcastChannel(CHANNEL_NAME);
listener.onmessage = (event) => record((event as { data: Interruption }).data);
listener.unref();

function record(interruption: Interruption): void {
  if (current) return;
  current = interruption;
  controller.abort(new InterruptedError(interruption));
}

/** The run's interruption, once there is one (in any thread). */
export function currentInterruption(): Interruption | undefined {
  return current;
}

/** Aborted when the run is interrupted: waits pass it on, so that they end at once. */
export const interruptSignal: AbortSignal = controller.signal;

/** Throws InterruptedError when the run has been interrupted: for code between two pieces of work. */
export function throwIfInterrupted(): void {
  if (current) throw new InterruptedError(current);
}

/**
 * Main thread: tells every thread of this process that the run is interrupted. Safe to call again
 * (a worker thread that started after the first announcement hears the next one).
 */
export function announceInterruption(interruption: Interruption): void {
  record(interruption);
  const sender = new BroadcastChannel(CHANNEL_NAME);
  sender.postMessage(current);
  sender.close();
}
