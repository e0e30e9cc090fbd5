import type { AwsClients } from '../aws/clients';
import { type S3Location, s3Url } from '../../model/locations';
import { RUN_ID_PATTERN } from '../../model/run-id';
import { findObjects } from '../s3/objects';
import type { QueryOutcome } from './query';

/** `s3://bucket/key` as Athena (and the sandbox) name files in error messages. */
const S3_FILE = /s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/([^\s"'`,;()]+)/g;

/**
 * The files a failed query could not read because they were removed while it ran, by postflight
 * itself: named in the error, their key carries a run id (another run's, or another scenario's,
 * never the asking scenario's own), and they no longer exist. An engine lists a table's files,
 * then reads them; a removal in between fails the query (HIVE_CANNOT_OPEN_SPLIT on Athena,
 * HIVE_BAD_DATA in the sandbox) although nothing is wrong with the data the query is about.
 */
export async function filesRemovedDuringQuery(clients: AwsClients, outcome: QueryOutcome, ownId: string): Promise<string[]> {
  if (outcome.state !== 'FAILED') return [];
  const named = new Map<string, S3Location>();
  for (const match of (outcome.stateChangeReason ?? '').matchAll(S3_FILE)) {
    // A sentence may end right after the name.
    const location = { bucket: match[1] ?? '', key: (match[2] ?? '').replace(/[.:]+$/, '') };
    if (RUN_ID_PATTERN.test(location.key) && !location.key.includes(ownId)) named.set(s3Url(location), location);
  }
  const removed: string[] = [];
  for (const [url, location] of named) {
    if ((await findObjects(clients, location).catch(() => ['unknown'])).length === 0) removed.push(url);
  }
  return removed;
}
