import type { Provider } from '../../protocol/operations';

export interface GlueDependencies {
  region: string;
  accountId: string;
}

/** STUB — being implemented. */
export class GlueProvider implements Provider {
  readonly serviceName = 'glue';
  readonly operations: readonly string[] = [];

  constructor(readonly deps: GlueDependencies) {}
}
