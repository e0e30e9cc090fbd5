import { setTimeout as delay } from 'node:timers/promises';
import { InjectedFault } from './aws-error';
import type { ProviderDirectory } from './provider';

/**
 * Faults on demand, so that a framework's (or a state machine's) resilience can be tested
 * offline: the next N calls matching a rule fail with the given AWS error instead of running.
 * Rules come from the environment file (`sandbox.faults`) or, at run time, from
 * `POST /_postflight/faults` on the sandbox endpoint.
 */
export interface FaultRule {
  /** Signing name of a service the sandbox serves: `s3`, `lambda`, `states`, `athena`, `glue`, … */
  service: string;
  /** Operation name, e.g. `Invoke`, `StartQueryExecution`; omitted = any operation. */
  operation?: string;
  /** Resource filter: function name, bucket, state machine or execution ARN (substring match). */
  resource?: string;
  /**
   * AWS error code to answer, e.g. `ThrottlingException`, `TooManyRequestsException`,
   * `ServiceUnavailable`. Some faults are acted out by the providers themselves (their
   * `engineFaults`): `Sandbox.Timedout` (a Lambda invocation times out) and `QueryFailed` (an
   * Athena query fails). Omitted with `latencyMs`: the call is slowed down, then runs.
   */
  error?: string;
  /** Milliseconds the matching call waits before it runs (or fails, with `error`): a slow service. */
  latencyMs?: number;
  message?: string;
  statusCode?: number;
  /** How many matching calls fail; then the rule is spent. Default 1. */
  times?: number;
}

const RULE_FIELDS = ['service', 'operation', 'resource', 'error', 'latencyMs', 'message', 'statusCode', 'times'] as const;

const DEFAULT_STATUS: Record<string, number> = {
  ThrottlingException: 400,
  Throttling: 400,
  TooManyRequestsException: 429,
  ProvisionedThroughputExceededException: 400,
  RequestLimitExceeded: 400,
  SlowDown: 503,
  ServiceUnavailable: 503,
  ServiceUnavailableException: 503,
  InternalError: 500,
  InternalFailure: 500,
  InternalServerException: 500,
  ServiceException: 500,
};

/** A rule that cannot be honoured: names the field, what was wrong and what is allowed. */
export class InvalidFaultRule extends Error {
  constructor(
    readonly field: string,
    /** What was wrong and what is allowed. */
    readonly detail: string,
  ) {
    super(`Invalid fault rule: ${detail}`);
    this.name = 'InvalidFaultRule';
  }
}

export class FaultInjector {
  private readonly rules: Array<FaultRule & { remaining: number }> = [];

  /** `services`: what rules are checked against (a rule naming an unknown service or operation is refused). */
  constructor(private readonly services?: ProviderDirectory) {}

  /**
   * Adds rules after checking every one: all are added, or none, and InvalidFaultRule names the
   * rule (by position, when there are several), the field, and the values allowed.
   */
  add(...rules: unknown[]): void {
    const checked = rules.map((rule, index) => {
      try {
        return this.check(rule);
      } catch (error) {
        if (error instanceof InvalidFaultRule && rules.length > 1)
          throw new InvalidFaultRule(error.field, `rule ${index + 1}: ${error.detail}`);
        throw error;
      }
    });
    for (const rule of checked) this.rules.push({ ...rule, remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.rules.length = 0;
  }

  list(): FaultRule[] {
    return this.rules.map(({ remaining, ...rule }) => ({ ...rule, times: remaining }));
  }

  /** Consume the first matching rule, if any. `kinds`: only faults acted out by providers, or only wire errors. */
  take(service: string, operation: string, resource?: string, kinds?: 'engine' | 'wire'): FaultRule | undefined {
    const index = this.rules.findIndex(
      (rule) =>
        rule.remaining > 0 &&
        rule.service === service &&
        (!rule.operation || rule.operation === operation) &&
        (!rule.resource || (resource ?? '').includes(rule.resource)) &&
        (kinds === undefined || (kinds === 'engine') === this.isEngineFault(rule)),
    );
    const rule = this.rules[index];
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules.splice(index, 1);
    return rule;
  }

  /** Called by the dispatcher before every operation: wire-level faults only (a delay, an error, or both). */
  async raiseIfDue(service: string, operation: string, resource?: string): Promise<void> {
    const rule = this.take(service, operation, resource, 'wire');
    if (!rule) return;
    if (rule.latencyMs) await delay(rule.latencyMs);
    if (rule.error === undefined) return;
    const status = rule.statusCode ?? DEFAULT_STATUS[rule.error] ?? 500;
    throw new InjectedFault(rule.error, rule.message ?? `Injected fault: ${rule.error} (${service} ${operation})`, status, status < 500);
  }

  private isEngineFault(rule: FaultRule): boolean {
    if (rule.error === undefined) return false;
    return this.services?.provider(rule.service)?.engineFaults?.[rule.error] !== undefined;
  }

  private check(input: unknown): FaultRule {
    const example = '{"service": "lambda", "operation": "Invoke", "error": "TooManyRequestsException", "times": 2}';
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      throw new InvalidFaultRule('(rule)', `a fault rule is a JSON object such as ${example}.`);
    }
    const rule = input as Record<string, unknown>;
    const unknown = Object.keys(rule).filter((field) => !(RULE_FIELDS as readonly string[]).includes(field));
    if (unknown.length > 0) {
      throw new InvalidFaultRule(
        unknown[0]!,
        `unknown field(s) ${unknown.map((field) => `\`${field}\``).join(', ')}; a fault rule has: ${RULE_FIELDS.join(', ')}.`,
      );
    }
    const required = rule.latencyMs === undefined ? (['service', 'error'] as const) : (['service'] as const);
    const missing = required.filter((field) => typeof rule[field] !== 'string' || rule[field] === '');
    if (missing.length > 0) {
      throw new InvalidFaultRule(
        missing[0]!,
        `a fault rule needs at least \`service\` and \`error\` (or \`latencyMs\`) as non-empty strings (missing: ${missing.join(', ')}); e.g. ${example}.`,
      );
    }
    if (rule.error !== undefined && (typeof rule.error !== 'string' || rule.error === '')) {
      throw new InvalidFaultRule('error', `\`error\` must be a non-empty string, not ${JSON.stringify(rule.error)}.`);
    }
    const latencyMs = rule.latencyMs;
    if (
      latencyMs !== undefined &&
      !(typeof latencyMs === 'number' && Number.isInteger(latencyMs) && latencyMs > 0 && latencyMs <= 900_000)
    ) {
      throw new InvalidFaultRule(
        'latencyMs',
        `\`latencyMs\` must be a whole number of milliseconds from 1 to 900000, not ${JSON.stringify(latencyMs)}.`,
      );
    }
    for (const field of ['operation', 'resource', 'message'] as const) {
      if (rule[field] !== undefined && typeof rule[field] !== 'string') {
        throw new InvalidFaultRule(field, `\`${field}\` must be a string, not ${JSON.stringify(rule[field])}.`);
      }
    }
    const times = rule.times;
    if (times !== undefined && !(typeof times === 'number' && Number.isInteger(times) && times > 0)) {
      throw new InvalidFaultRule('times', `\`times\` must be a whole number of 1 or more, not ${JSON.stringify(times)}.`);
    }
    const statusCode = rule.statusCode;
    if (
      statusCode !== undefined &&
      !(typeof statusCode === 'number' && Number.isInteger(statusCode) && statusCode >= 400 && statusCode <= 599)
    ) {
      throw new InvalidFaultRule(
        'statusCode',
        `\`statusCode\` must be an HTTP error status from 400 to 599, not ${JSON.stringify(statusCode)}.`,
      );
    }
    const checked = rule as unknown as FaultRule;
    if (this.services) this.checkAgainstServices(checked, this.services);
    return checked;
  }

  private checkAgainstServices(rule: FaultRule, services: ProviderDirectory): void {
    const provider = services.provider(rule.service);
    if (!provider) {
      const names = services.all().map((candidate) => candidate.serviceName);
      throw new InvalidFaultRule(
        'service',
        `\`service\` "${rule.service}" is not a service the sandbox serves; use its signing name, one of: ${names.join(', ')}.`,
      );
    }
    if (rule.operation !== undefined && !provider.operations.includes(rule.operation)) {
      throw new InvalidFaultRule(
        'operation',
        `\`operation\` "${rule.operation}" is not an operation of ${rule.service}; the sandbox's ${rule.service} operations: ` +
          `${provider.operations.join(', ')} (or leave \`operation\` out to match any).`,
      );
    }
    const error = rule.error;
    if (error === undefined) return;
    const owner = services.all().find((candidate) => candidate.engineFaults?.[error] !== undefined);
    const operation = owner?.engineFaults?.[error];
    if (owner && (owner !== provider || (rule.operation !== undefined && rule.operation !== operation))) {
      throw new InvalidFaultRule(
        'error',
        `\`error\` "${rule.error}" is acted out by ${owner.serviceName} ${operation} only; give "service": "${owner.serviceName}"` +
          `${rule.operation !== undefined ? ` and "operation": "${operation}"` : ''}, or an AWS error code such as ThrottlingException.`,
      );
    }
  }
}
