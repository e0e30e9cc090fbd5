import { DeleteObjectsCommand } from '@aws-sdk/client-s3';
import type { PostflightWorld } from '../cucumber/world';
import { s3Url } from '../s3/objects';

export interface CleanupReport {
  deleted: string[];
  failed: Array<{ url: string; error: string }>;
}

/** Deletes exactly the objects the scenario recorded writing (batched per bucket). */
export async function cleanUpScenario(world: PostflightWorld): Promise<CleanupReport> {
  const report: CleanupReport = { deleted: [], failed: [] };
  const byBucket = new Map<string, string[]>();
  for (const object of world.ledger.writtenObjects()) byBucket.set(object.bucket, [...(byBucket.get(object.bucket) ?? []), object.key]);
  for (const [bucket, keys] of byBucket) {
    for (let start = 0; start < keys.length; start += 1000) {
      const batch = keys.slice(start, start + 1000);
      try {
        const response = await world.aws.s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: false } }));
        for (const deleted of response.Deleted ?? []) report.deleted.push(s3Url({ bucket, key: deleted.Key ?? '' }));
        for (const error of response.Errors ?? []) report.failed.push({ url: s3Url({ bucket, key: error.Key ?? '' }), error: `${error.Code}: ${error.Message}` });
      } catch (error) {
        for (const key of batch) report.failed.push({ url: s3Url({ bucket, key }), error: (error as Error).message });
      }
    }
  }
  world.ledger.clear();
  return report;
}
