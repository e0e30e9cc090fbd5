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

/** `safety.writable…`: what a protected run may send to, put on or put in, besides S3. */
export type WritableSetting = 'writableQueues' | 'writableEventBuses' | 'writableTables';

const WHAT: Record<WritableSetting, string> = {
  writableQueues: 'send to the queue',
  writableEventBuses: 'put events on the bus',
  writableTables: 'put items in the DynamoDB table',
};

/** Refuses, before the call, a message, event or item for a resource a protected environment does not list as writable. */
export function assertWritableResource(environment: ResolvedEnvironment, setting: WritableSetting, logicalName: string): void {
  if (!environment.protected) return;
  const allowed = environment.safety[setting];
  if (allowed.includes(logicalName)) return;
  throw new WriteRefusedError(
    `Refused to ${WHAT[setting]} "${logicalName}": environment "${environment.name}" is protected and allows it only for ` +
      `${allowed.length ? allowed.join(', ') : `none (safety.${setting} is empty)`}. List it under safety.${setting} in ${environment.file} if a protected run may write there.`,
  );
}
