import type { EnvironmentFile } from './schema';

/** An environment file, validated (see schema.ts), and the file it came from. */
export interface LoadedEnvironment extends EnvironmentFile {
  /** Absolute path of the file it came from; relative paths inside it are relative to the project root. */
  file: string;
}

/**
 * The environment once every placeholder is resolved: what the World receives (JSON, so that
 * parallel workers get it too), plus where the sandbox listens when the run uses one.
 */
export interface ResolvedEnvironment extends LoadedEnvironment {
  /** The sandbox endpoint for sandbox environments; absent on AWS. */
  endpoint?: string;
}
