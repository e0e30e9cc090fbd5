import { NotImplementedOperation, UnrecognizedService } from './aws-error';
import type { FaultInjector } from './faults';
import { methodName, type ProviderDirectory } from './provider';
import type { RequestContext } from './request-context';

export interface DispatchOptions {
  /** Whether fault rules apply to this call (they do, except to the deployer's own calls). */
  faults?: boolean;
}

/**
 * The one way into a provider, for requests off the wire and for calls inside the sandbox alike:
 * the service is looked up, an operation it does not serve is refused uniformly (501 naming what
 * it does serve), a due fault is raised, and only then the provider's method runs.
 */
export class Dispatcher {
  constructor(
    private readonly providers: ProviderDirectory,
    private readonly faults: FaultInjector,
  ) {}

  async dispatch(
    service: string,
    operation: string,
    input: unknown,
    context: RequestContext,
    options: DispatchOptions = {},
  ): Promise<unknown> {
    const provider = this.providers.provider(service);
    if (!provider) throw new UnrecognizedService(`service "${service}"`);
    const method = (provider as unknown as Record<string, unknown>)[methodName(operation)];
    if (!provider.operations.includes(operation) || typeof method !== 'function') {
      throw new NotImplementedOperation(service, operation, provider.operations);
    }
    if (options.faults !== false) await this.faults.raiseIfDue(service, operation, resourceOf(input));
    return await (method as (input: unknown, context: RequestContext) => unknown).call(provider, input ?? {}, context);
  }
}

/** The resource a call is about, for targeted fault rules (a bucket, function, state machine or table). */
function resourceOf(input: unknown): string | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const record = input as Record<string, unknown>;
  for (const key of ['FunctionName', 'stateMachineArn', 'executionArn', 'Bucket', 'WorkGroup', 'TableName', 'Name']) {
    const value = record[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}
