import { abandonment } from './failures';
import type { Frame } from './runtime';

/** The task ran longer than its TimeoutSeconds. */
export class TaskTimedOut extends Error {
  constructor() {
    super('States.Timeout');
  }
}

/**
 * Await `work` for at most `timeoutSeconds` of the execution's (virtual) time. On timeout, or if
 * the frame is abandoned, the work is left running and its eventual result ignored — as Step
 * Functions abandons a timed-out task rather than cancelling it.
 */
export function awaitWithin<T>(work: Promise<T>, timeoutSeconds: number | undefined, frame: Frame): Promise<T> {
  work.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const { clock } = frame.scope;
    const cancelTimer =
      timeoutSeconds === undefined
        ? () => undefined
        : clock.onDeadline(clock.now() + timeoutSeconds * 1000, () => finish(() => reject(new TaskTimedOut())));
    const onAbort = () => finish(() => reject(abandonment(frame.signal)));
    let finished = false;
    function finish(settle: () => void): void {
      if (finished) return;
      finished = true;
      cancelTimer();
      frame.signal.removeEventListener('abort', onAbort);
      settle();
    }
    if (frame.signal.aborted) {
      onAbort();
      return;
    }
    frame.signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
  });
}
