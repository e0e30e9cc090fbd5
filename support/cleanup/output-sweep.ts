import { DeleteObjectsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { AwsClients } from '../aws/clients';
import { pages } from '../aws/pages';
import { type S3Location, s3Url } from '../../model/locations';

export interface SweepResult {
  deleted: string[];
  failed: Array<{ url: string; error: string }>;
}

/**
 * Removes objects under the declared output prefixes whose key contains `token` (the run id):
 * outputs the system derived from this run's inputs. Nothing else is touched. Failures are
 * collected, never thrown.
 */
export async function sweepOutputs(clients: AwsClients, prefixes: S3Location[], token: string): Promise<SweepResult> {
  const result: SweepResult = { deleted: [], failed: [] };
  if (!token) return result;
  for (const prefix of prefixes) {
    const keys: string[] = [];
    const listing = pages(
      (continuation) =>
        clients.s3.send(new ListObjectsV2Command({ Bucket: prefix.bucket, Prefix: prefix.key, ContinuationToken: continuation })),
      (page) => page.NextContinuationToken,
    );
    try {
      for await (const page of listing) for (const object of page.Contents ?? []) if (object.Key?.includes(token)) keys.push(object.Key);
    } catch (error) {
      result.failed.push({ url: `${s3Url(prefix)}*${token}*`, error: (error as Error).message });
    }
    result.deleted.push(...(await deleteKeys(clients, prefix.bucket, keys, result)));
  }
  return result;
}

/** Batched DeleteObjects; failures are collected, never thrown half-way. */
export async function deleteKeys(
  clients: AwsClients,
  bucket: string,
  keys: string[],
  into: { failed: SweepResult['failed'] },
): Promise<string[]> {
  const deleted: string[] = [];
  for (let start = 0; start < keys.length; start += 1000) {
    const batch = keys.slice(start, start + 1000);
    try {
      const response = await clients.s3.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })) } }),
      );
      for (const entry of response.Deleted ?? []) deleted.push(s3Url({ bucket, key: entry.Key ?? '' }));
      for (const error of response.Errors ?? [])
        into.failed.push({ url: s3Url({ bucket, key: error.Key ?? '' }), error: `${error.Code}: ${error.Message}` });
    } catch (error) {
      // A bucket that does not exist holds nothing to remove (a write to it failed).
      if ((error as Error).name === 'NoSuchBucket') continue;
      for (const key of batch) into.failed.push({ url: s3Url({ bucket, key }), error: (error as Error).message });
    }
  }
  return deleted;
}
