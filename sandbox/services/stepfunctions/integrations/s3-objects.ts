import fs from 'node:fs';
import type { ServiceClient } from '../../../core/internal-client';
import type { StoredObject } from '../../../stores/objects/object-store';

/** What the sandbox's S3 answers GetObject and HeadObject with: the stored object (its bytes are in its file). */
export interface StoredObjectOutput {
  object: StoredObject;
  range?: { start: number; end: number };
}

/**
 * S3 objects as Step Functions reads and writes them (the aws-sdk:s3 tasks, a distributed Map's
 * ItemReader and ResultWriter): through the internal client, so S3's errors and fault rules apply.
 */
export async function getObject(
  services: ServiceClient,
  request: { Bucket: string; Key: string; Range?: string; IfMatch?: string },
  region?: string,
): Promise<{ object: StoredObject; body: Buffer; range?: { start: number; end: number } }> {
  const { object, range } = await services.call<StoredObjectOutput>('s3', 'GetObject', request, { region });
  const bytes = await fs.promises.readFile(object.file);
  return { object, range, body: range ? bytes.subarray(range.start, range.end + 1) : bytes };
}

export async function putObject(
  services: ServiceClient,
  request: { Bucket: string; Key: string; Body: Buffer; ContentType?: string },
  region?: string,
): Promise<{ ETag: string }> {
  return services.call<{ ETag: string }>('s3', 'PutObject', request, { region });
}

export interface ListedObject {
  Key: string;
  LastModified: Date;
  ETag: string;
  Size: number;
  StorageClass: string;
}

/** Every object under a prefix (all pages). */
export async function listAllObjects(
  services: ServiceClient,
  request: { Bucket: string; Prefix?: string; Delimiter?: string; StartAfter?: string },
  region?: string,
): Promise<ListedObject[]> {
  const objects: ListedObject[] = [];
  let token: string | undefined;
  do {
    const page = await services.call<{ Contents: ListedObject[]; NextContinuationToken?: string; IsTruncated?: boolean }>(
      's3',
      'ListObjectsV2',
      { ...request, ContinuationToken: token },
      { region },
    );
    objects.push(...page.Contents);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return objects;
}
