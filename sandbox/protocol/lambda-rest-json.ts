import type { ServiceHandler } from './http-types';
import type { LambdaProvider } from '../services/lambda/provider';
import type { FaultInjector } from '../faults';

/** STUB — being implemented: the Lambda REST-JSON binding. */
export function lambdaHandler(provider: LambdaProvider, faults?: FaultInjector): ServiceHandler {
  void provider;
  void faults;
  return async () => ({ status: 501, headers: {}, body: '' });
}
