import { abandonment } from './failures';

/** setTimeout cannot wait longer than this in one go. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * An execution's sense of time. Wait states and retry intervals are *workflow waits*: they take
 * `timeScale` times their nominal length in real time (0.01 makes a 60 s Wait last 0.6 s). Time
 * spent in real engines (a Lambda handler, a query) passes at its real speed. The clock keeps a
 * virtual "now" — real time plus the nominal time the scaled waits skipped — so that timeouts
 * (TimeoutSeconds of a Task or of the state machine) race against waits and real work in the
 * same order as on AWS, whatever the scale. Dates written to history stay wall-clock dates.
 */
export class ExecutionClock {
  private skewMs = 0;
  private readonly listeners = new Set<() => void>();

  constructor(readonly timeScale = 1) {
    if (!(timeScale > 0)) throw new Error(`timeScale must be a positive number, got ${timeScale}`);
  }

  /** Virtual milliseconds since the epoch. */
  now(): number {
    return Date.now() + this.skewMs;
  }

  /** A workflow wait of `nominalMs` (scaled); rejects with the abandonment if `signal` aborts. */
  async sleep(nominalMs: number, signal: AbortSignal): Promise<void> {
    const start = this.now();
    await realDelay(Math.max(0, nominalMs) * this.timeScale, signal);
    if (this.advanceTo(start + Math.max(0, nominalMs))) {
      // Deadlines the jump passed have fired: let what they set off (a timed-out task failing
      // its Parallel or Map, which abandons this branch) happen before this wait returns.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (signal.aborted) throw abandonment(signal);
  }

  /**
   * Call `callback` once virtual time reaches `deadline` — possibly synchronously, from inside a
   * wait that jumps the clock past it. Returns a function that cancels.
   */
  onDeadline(deadline: number, callback: () => void): () => void {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const cancel = () => {
      settled = true;
      clearTimeout(timer);
      this.listeners.delete(check);
    };
    const check = () => {
      if (settled) return;
      const remaining = deadline - this.now();
      clearTimeout(timer);
      if (remaining <= 0) {
        cancel();
        callback();
      } else {
        timer = setTimeout(check, Math.min(remaining, MAX_TIMER_MS));
      }
    };
    this.listeners.add(check);
    check();
    return cancel;
  }

  /** Move virtual time forward; answers whether any deadline fired. */
  private advanceTo(virtualMs: number): boolean {
    const skew = virtualMs - Date.now();
    if (skew <= this.skewMs) return false;
    this.skewMs = skew;
    const pending = this.listeners.size;
    for (const listener of [...this.listeners]) listener();
    return this.listeners.size < pending;
  }
}

/** A real-time delay that an abort signal cuts short. */
export function realDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(abandonment(signal));
      return;
    }
    const end = Date.now() + ms;
    let timer: NodeJS.Timeout;
    const onAbort = () => {
      clearTimeout(timer);
      reject(abandonment(signal));
    };
    const tick = () => {
      const remaining = end - Date.now();
      if (remaining <= 0) {
        signal.removeEventListener('abort', onAbort);
        resolve();
      } else {
        timer = setTimeout(tick, Math.min(remaining, MAX_TIMER_MS));
      }
    };
    signal.addEventListener('abort', onAbort, { once: true });
    timer = setTimeout(tick, Math.min(ms, MAX_TIMER_MS));
  });
}
