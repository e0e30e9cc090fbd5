import { announceInterruption, INTERRUPT_EXIT_CODES, type InterruptSignal, type Interruption } from '../../model/interruption';

/**
 * Ctrl-C and SIGTERM during `postflight run`, on the main thread. The first signal interrupts the
 * run gracefully (the running scenarios stop and clean up, the reports say INTERRUPTED); a second
 * one stops at once, skipping the cleanup. A repeat within REPEAT_WINDOW_MS counts as the same
 * signal: `npm start` / `npx` forward the terminal's Ctrl-C to a process that already received it.
 */
export const REPEAT_WINDOW_MS = 1_000;
const SIGNALS: InterruptSignal[] = ['SIGINT', 'SIGTERM'];

export interface SignalWatchHandlers {
  /** The first signal: the run is interrupted (already announced to the scenarios). */
  interrupted(interruption: Interruption): void;
  /** A second signal: stop now. */
  forced(signal: InterruptSignal): void;
}

export class SignalWatch {
  private first?: Interruption;
  private firstAt = 0;
  private forcedBy?: InterruptSignal;
  private readonly listener = (signal: NodeJS.Signals) => this.receive(signal as InterruptSignal);

  constructor(private readonly handlers: SignalWatchHandlers) {
    for (const signal of SIGNALS) process.on(signal, this.listener);
  }

  /** The interruption so far (a method, not a field: it changes while the run goes on). */
  interruption(): Interruption | undefined {
    return this.first;
  }

  /** 130 after SIGINT, 143 after SIGTERM; undefined when no signal came. */
  get exitCode(): number | undefined {
    return this.first ? INTERRUPT_EXIT_CODES[this.forcedBy ?? this.first.signal] : undefined;
  }

  /** Stops listening: signals get their default behaviour again. */
  dispose(): void {
    for (const signal of SIGNALS) process.removeListener(signal, this.listener);
  }

  private receive(signal: InterruptSignal): void {
    if (!this.first) {
      this.first = { signal, receivedAt: new Date().toISOString() };
      this.firstAt = Date.now();
      announceInterruption(this.first);
      this.handlers.interrupted(this.first);
      return;
    }
    if (this.forcedBy || Date.now() - this.firstAt < REPEAT_WINDOW_MS) return;
    this.forcedBy = signal;
    this.handlers.forced(signal);
  }
}
