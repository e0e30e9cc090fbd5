import type { S3Location } from '../../model/locations';

/**
 * The S3 objects a payload names, in the shapes triggers hand them on: an `s3://bucket/key` URI
 * or an object ARN in any string; `{ bucket, key }` (also `Bucket`/`Key`, `bucketName`/`objectKey`);
 * an S3 event record (`s3.bucket.name`, `s3.object.key`, URL-encoded); EventBridge's "Object Created"
 * detail (`bucket.name`, `object.key`); and all of these inside JSON carried as text — an SQS
 * record's `body`, an SNS notification's `Message`, a state machine input passed on as a string.
 */
export function objectReferences(payload: unknown): S3Location[] {
  const found: S3Location[] = [];
  collect(payload, found, 0);
  return found;
}

/** Whether a payload names the object (keys compared as written and URL-decoded, as S3 events encode them). */
export function namesObject(payload: unknown, object: S3Location): boolean {
  return objectReferences(payload).some((reference) => sameObject(reference, object));
}

export function sameObject(reference: S3Location, object: S3Location): boolean {
  return reference.bucket === object.bucket && keyVariants(reference.key).includes(object.key);
}

const BUCKET_FIELDS = ['bucket', 'Bucket', 'bucketName', 'BucketName', 'bucket_name'];
const KEY_FIELDS = ['key', 'Key', 'objectKey', 'ObjectKey', 'object_key'];
const MAX_DEPTH = 12;
const S3_URI = /s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/([^\s"'<>]+)/g;
const S3_ARN = /arn:aws[a-z-]*:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/([^\s"'<>]+)/g;

function collect(value: unknown, found: S3Location[], depth: number): void {
  if (depth > MAX_DEPTH || value === null || value === undefined) return;
  if (typeof value === 'string') {
    for (const pattern of [S3_URI, S3_ARN]) for (const match of value.matchAll(pattern)) add(found, match[1] ?? '', match[2] ?? '');
    const trimmed = value.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        collect(JSON.parse(trimmed), found, depth + 1);
      } catch {
        // Text that only looks like JSON: its URIs were read above.
      }
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collect(item, found, depth + 1);
    return;
  }
  if (typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  const bucket = bucketOf(record);
  const key = keyOf(record);
  if (bucket !== undefined && key !== undefined) add(found, bucket, key);
  for (const nested of Object.values(record)) collect(nested, found, depth + 1);
}

function bucketOf(record: Record<string, unknown>): string | undefined {
  for (const field of BUCKET_FIELDS) {
    const value = record[field];
    if (typeof value === 'string') return value;
    // S3 event records and EventBridge details: `bucket: { name }`.
    const name = (value as { name?: unknown } | null | undefined)?.name;
    if (typeof value === 'object' && typeof name === 'string') return name;
  }
  return undefined;
}

function keyOf(record: Record<string, unknown>): string | undefined {
  for (const field of KEY_FIELDS) {
    const value = record[field];
    if (typeof value === 'string') return value;
  }
  // S3 event records and EventBridge details: `object: { key }`.
  const object = record.object ?? record.Object;
  const key = (object as { key?: unknown; Key?: unknown } | null | undefined)?.key ?? (object as { Key?: unknown } | undefined)?.Key;
  return typeof object === 'object' && typeof key === 'string' ? key : undefined;
}

function add(found: S3Location[], bucket: string, key: string): void {
  if (!bucket || !key) return;
  if (!found.some((reference) => reference.bucket === bucket && reference.key === key)) found.push({ bucket, key });
}

/** A key as written, and as S3 event notifications encode it (`+` for a space, %XX escapes). */
function keyVariants(key: string): string[] {
  const variants = [key];
  try {
    const decoded = decodeURIComponent(key.replace(/\+/g, ' '));
    if (decoded !== key) variants.push(decoded);
  } catch {
    // Not URL-encoded after all.
  }
  return variants;
}
