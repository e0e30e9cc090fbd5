import { InjectedFault } from './protocol/aws-error';

/**
 * Faults on demand, so that a framework's (or a state machine's) resilience can be tested
 * offline: the next N calls matching a rule fail with the given AWS error instead of running.
 * Rules come from the environment file (`sandbox.faults`) or, at run time, from
 * `POST /_postflight/faults` on the sandbox endpoint.
 */
export interface FaultRule {
  /** Signing name: `s3`, `lambda`, `states`, `athena`, `glue`, `sts`, `ssm`, `logs`, `cloudformation`. */
  service: string;
  /** Operation name, e.g. `Invoke`, `StartQueryExecution`; omitted = any operation. */
  operation?: string;
  /** Resource filter: function name, bucket, state machine or execution ARN (substring match). */
  resource?: string;
  /**
   * AWS error code to answer, e.g. `ThrottlingException`, `TooManyRequestsException`,
   * `ServiceUnavailable`. Two engine faults are understood by the providers themselves:
   * `Sandbox.Timedout` (a Lambda invocation times out) and `QueryFailed` (an Athena query fails).
   */
  error: string;
  message?: string;
  statusCode?: number;
  /** How many matching calls fail; then the rule is spent. Default 1. */
  times?: number;
}

const DEFAULT_STATUS: Record<string, number> = {
  ThrottlingException: 400,
  Throttling: 400,
  TooManyRequestsException: 429,
  SlowDown: 503,
  ServiceUnavailable: 503,
  ServiceUnavailableException: 503,
  InternalError: 500,
  InternalFailure: 500,
  InternalServerException: 500,
  ServiceException: 500,
};

/** Faults the providers act out themselves rather than answering an error. */
export const ENGINE_FAULTS = new Set(['Sandbox.Timedout', 'QueryFailed']);

export class FaultInjector {
  private readonly rules: Array<FaultRule & { remaining: number }> = [];

  constructor(rules: FaultRule[] = []) {
    rules.forEach((rule) => this.add(rule));
  }

  add(rule: FaultRule): void {
    if (!rule.service || !rule.error) throw new Error('A fault rule needs at least `service` and `error`.');
    this.rules.push({ ...rule, remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.rules.length = 0;
  }

  list(): FaultRule[] {
    return this.rules.map(({ remaining, ...rule }) => ({ ...rule, times: remaining }));
  }

  /** Consume the first matching rule, if any. */
  take(service: string, operation: string, resource?: string, kinds?: 'engine' | 'wire'): FaultRule | undefined {
    const index = this.rules.findIndex(
      (rule) =>
        rule.remaining > 0 &&
        rule.service === service &&
        (!rule.operation || rule.operation === operation) &&
        (!rule.resource || (resource ?? '').includes(rule.resource)) &&
        (kinds === undefined || (kinds === 'engine') === ENGINE_FAULTS.has(rule.error)),
    );
    if (index < 0) return undefined;
    const rule = this.rules[index];
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules.splice(index, 1);
    return rule;
  }

  /** Called by the protocol layer before every operation: wire-level faults only. */
  raiseIfDue(service: string, operation: string, resource?: string): void {
    const rule = this.take(service, operation, resource, 'wire');
    if (!rule) return;
    const status = rule.statusCode ?? DEFAULT_STATUS[rule.error] ?? 500;
    throw new InjectedFault(rule.error, rule.message ?? `Injected fault: ${rule.error} (${service} ${operation})`, status, status < 500);
  }
}
