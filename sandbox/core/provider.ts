/**
 * A provider implements a service as methods named after its operations (`startExecution` for
 * StartExecution) taking a plain input and a RequestContext and returning a plain output. It
 * lists the operations it serves, so the dispatcher refuses the others uniformly and the
 * "not implemented" answer can name what is there.
 */
export interface Provider {
  /** The service's signing name (`s3`, `states`, …): what requests, fault rules and internal calls name it by. */
  readonly serviceName: string;
  readonly operations: readonly string[];
  /**
   * Faults the provider acts out itself instead of answering an error (a Lambda invocation that
   * times out, an Athena query that fails), by error name, with the operation each belongs to.
   */
  readonly engineFaults?: Readonly<Record<string, string>>;
  /** Stops what the provider runs (worker processes, engines, executions). */
  shutdown?(): Promise<void>;
}

export function methodName(operation: string): string {
  return operation.charAt(0).toLowerCase() + operation.slice(1);
}

/** Where the dispatcher and the fault rules find the providers the sandbox serves. */
export interface ProviderDirectory {
  provider(service: string): Provider | undefined;
  /** Every provider, in registration order. */
  all(): readonly Provider[];
}
