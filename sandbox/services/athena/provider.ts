import type { Provider } from '../../protocol/operations';
import type { S3Provider } from '../s3/provider';
import type { GlueProvider } from '../glue/provider';
import type { FaultInjector } from '../../faults';

export interface AthenaDependencies {
  region: string;
  accountId: string;
  s3: S3Provider;
  glue: GlueProvider;
  faults: FaultInjector;
  workDirectory: string;
}

/** STUB — being implemented. */
export class AthenaProvider implements Provider {
  readonly serviceName = 'athena';
  readonly operations: readonly string[] = [];

  constructor(readonly deps: AthenaDependencies) {}

  async shutdown(): Promise<void> {}
}
