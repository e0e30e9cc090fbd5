import type { ResolvedEnvironment } from '../environment/resolved-environment';
import { ResourceCatalog, type S3Location } from '../environment/resources';
import { StartupError } from '../run/startup-error';
import { s3Url } from '../s3/objects';

/** The tag a scenario must carry to run against a protected environment. */
export const PROD_SAFE_TAG = '@prod-safe';

/** A protected run needs `--confirm <name>`: typing the environment's name is the human check. */
export function checkConfirmation(environment: { name: string; protected: boolean; file: string }, confirm: string | undefined): void {
  if (!environment.protected) return;
  if (confirm !== environment.name) {
    throw new StartupError(
      `Environment "${environment.name}" is protected (${environment.file}): runs against it need --confirm ${environment.name}` +
        `${confirm ? ` (got --confirm ${confirm})` : ''}. Nothing was run.`,
      `Re-run with --confirm ${environment.name} if you mean it; only ${PROD_SAFE_TAG} scenarios will run, writing only under the environment's writablePrefixes.`,
    );
  }
}

/** On a protected environment, only `@prod-safe` scenarios are selected, whatever else was asked. */
export function effectiveTags(environment: { protected: boolean }, requested: string | undefined): string | undefined {
  if (!environment.protected) return requested;
  return requested ? `(${requested}) and ${PROD_SAFE_TAG}` : PROD_SAFE_TAG;
}

export class WriteRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriteRefusedError';
  }
}

/** Refuses, before the call, any write to S3 outside `writablePrefixes` on a protected environment. */
export function assertWritable(environment: ResolvedEnvironment, location: S3Location): void {
  if (!environment.protected) return;
  const catalog = new ResourceCatalog(environment);
  const allowed = environment.writablePrefixes.map((prefix) => catalog.s3Location(prefix));
  if (allowed.some((prefix) => prefix.bucket === location.bucket && location.key.startsWith(prefix.key))) return;
  throw new WriteRefusedError(
    `Refused to write ${s3Url(location)}: environment "${environment.name}" is protected and allows writes only under ` +
      `${environment.writablePrefixes.join(', ') || '(no prefix: writablePrefixes is empty)'}.`,
  );
}
