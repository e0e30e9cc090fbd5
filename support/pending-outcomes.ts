/** Why an outcome must not pass unchecked, or undefined when it succeeded; may wait for it to end. */
export type FailureJudge = () => Promise<string | undefined> | string | undefined;

/** A passing scenario that saw a failure and said nothing about it. */
export class UncheckedOutcomeError extends Error {
  constructor(readonly failures: string[]) {
    super(
      `This scenario passed without checking ${failures.length === 1 ? 'a failure' : `${failures.length} failures`} it observed:\n` +
        failures.map((failure) => `  - ${failure.replace(/\n/g, '\n    ')}`).join('\n'),
    );
    this.name = 'UncheckedOutcomeError';
  }
}

/**
 * The outcomes a scenario captured (each execution it started, function it invoked, query it
 * ran) that no Then step has looked at yet — one entry per outcome, never a shared slot, so that
 * checking one subject never clears another. At the end of a passing scenario, any of them that
 * failed fails the scenario: no silent pass.
 */
export class PendingOutcomes {
  /** Keyed by the outcome's own record (execution, invocation, query outcome). */
  private readonly unchecked = new Map<object, FailureJudge>();

  captured(record: object, judge: FailureJudge): void {
    this.unchecked.set(record, judge);
  }

  /** A Then step looked at this outcome (whatever it concluded). */
  checked(record: object | undefined): void {
    if (record) this.unchecked.delete(record);
  }

  /** What failed among the outcomes no step checked, in the order they were captured. */
  async uncheckedFailures(): Promise<string[]> {
    const failures: string[] = [];
    for (const judge of this.unchecked.values()) {
      const failure = await judge();
      if (failure) failures.push(failure);
    }
    return failures;
  }
}
