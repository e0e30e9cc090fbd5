/**
 * Work a service starts and does not wait for: a delivery to a queue or a topic's subscribers, an
 * event source's poll. It is tracked so that the sandbox stops only when it has ended, and a
 * failure is reported (where the service says) instead of vanishing.
 */
export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly report: (what: string, error: unknown) => void) {}

  start(what: string, work: () => Promise<unknown>): void {
    const task: Promise<void> = Promise.resolve()
      .then(work)
      .then(
        () => undefined,
        (error: unknown) => this.report(what, error),
      )
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  /** Resolves when nothing is running, including work started by the work it waited for. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
