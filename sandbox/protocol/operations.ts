import { AwsError, NotImplementedOperation } from './aws-error';
import type { RequestContext } from './context';
import type { FaultInjector } from '../faults';

/**
 * A provider implements a service as methods named after its operations (`startExecution` for
 * StartExecution) taking and returning plain objects. It lists the operations it serves, so the
 * protocol layer can refuse the others uniformly and `postflight sandbox` can print them.
 */
export interface Provider {
  readonly serviceName: string;
  readonly operations: readonly string[];
}

export function methodName(operation: string): string {
  return operation.charAt(0).toLowerCase() + operation.slice(1);
}

export async function invokeOperation(
  provider: Provider,
  operation: string,
  input: unknown,
  context: RequestContext,
  faults?: FaultInjector,
): Promise<unknown> {
  if (!provider.operations.includes(operation)) throw new NotImplementedOperation(provider.serviceName, operation);
  const method = (provider as unknown as Record<string, unknown>)[methodName(operation)];
  if (typeof method !== 'function') throw new NotImplementedOperation(provider.serviceName, operation);
  faults?.raiseIfDue(provider.serviceName, operation, resourceOf(input));
  return await (method as (input: unknown, context: RequestContext) => unknown).call(provider, input ?? {}, context);
}

/** The resource a call is about, for targeted fault rules (a bucket, function or state machine). */
function resourceOf(input: unknown): string | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const record = input as Record<string, unknown>;
  for (const key of ['FunctionName', 'stateMachineArn', 'executionArn', 'Bucket', 'WorkGroup', 'Name']) {
    if (typeof record[key] === 'string') return record[key] as string;
  }
  return undefined;
}

export function asAwsError(error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AwsError('InternalFailure', `The sandbox failed while serving this request: ${message}`, 500, false);
}
