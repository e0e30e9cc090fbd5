import type { ResolvedEnvironment } from '../../model/environment/environment';
import { s3Url, type S3Location } from '../../model/locations';
import { ResourceCatalog } from '../environment/resources';

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
