import type { LoadedEnvironment } from './load-environment';

/**
 * The environment once every placeholder is resolved: what the World receives (JSON, so that
 * parallel workers get it too), plus where the sandbox listens when the run uses one.
 */
export interface ResolvedEnvironment extends LoadedEnvironment {
  /** The sandbox endpoint for sandbox environments; absent on AWS. */
  endpoint?: string;
}
