import type { Provider } from '../../protocol/operations';
import type { S3Provider } from '../s3/provider';
import type { LambdaProvider } from '../lambda/provider';
import type { AthenaProvider } from '../athena/provider';
import type { FaultInjector } from '../../faults';

export interface StepFunctionsDependencies {
  region: string;
  accountId: string;
  lambda: LambdaProvider;
  athena: AthenaProvider;
  s3: S3Provider;
  faults: FaultInjector;
}

/** STUB — being implemented. */
export class StepFunctionsProvider implements Provider {
  readonly serviceName = 'states';
  readonly operations: readonly string[] = [];

  constructor(readonly deps: StepFunctionsDependencies) {}

  async shutdown(): Promise<void> {}
}
