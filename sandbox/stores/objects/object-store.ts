import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { computeChecksum, md5Hex, type ChecksumAlgorithm } from './checksums';
import { NoSuchBucket } from './errors';

export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  /** Base64, as S3 answers it (`-N` suffix for composite multipart checksums). */
  value: string;
  type: 'FULL_OBJECT' | 'COMPOSITE';
}

export interface StoredObject {
  bucket: string;
  key: string;
  /** Where the bytes live on disk: the Athena engine reads this path directly. */
  file: string;
  size: number;
  etag: string;
  lastModified: Date;
  contentType: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  metadata: Record<string, string>;
  tags: Record<string, string>;
  checksum?: StoredChecksum;
  partsCount?: number;
}

export interface Bucket {
  name: string;
  createdAt: Date;
  region: string;
  objects: Map<string, StoredObject>;
  /** Keys in S3 order (UTF-8 byte order), rebuilt lazily after writes. */
  sortedKeys?: string[];
}

/** What S3 keeps about an object besides its bytes, as a writer gives it. */
export interface ObjectDetails {
  contentType?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  metadata?: Record<string, string>;
  tags?: Record<string, string>;
  /** Already verified by the writer; S3's default (a full-object CRC64NVME) when absent. */
  checksum?: StoredChecksum;
}

/**
 * The sandbox's objects, shared by the services that read or write them (S3 serves them; Athena
 * queries and writes them). Object bytes on disk, metadata in memory. Files are named by a fresh id, never by key, so any
 * key is storable (`a` and `a/b`, a trailing `/`), and the key's extension is kept so engines
 * that sniff compression (`.gz`) behave as they do on S3.
 */
export class ObjectStore {
  private readonly buckets = new Map<string, Bucket>();
  private readonly objectsDir: string;
  /** Bumped on every write or delete, so readers (the Athena engine) know when to refresh. */
  generation = 0;

  constructor(readonly root: string) {
    this.objectsDir = path.join(root, 'objects');
    fs.mkdirSync(this.objectsDir, { recursive: true });
  }

  listBuckets(): Bucket[] {
    return [...this.buckets.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  getBucket(name: string): Bucket | undefined {
    return this.buckets.get(name);
  }

  createBucket(name: string, region: string): Bucket {
    const bucket: Bucket = { name, createdAt: new Date(), region, objects: new Map() };
    this.buckets.set(name, bucket);
    return bucket;
  }

  deleteBucket(name: string): void {
    this.buckets.delete(name);
  }

  /** Writes a whole object (as PutObject does) and returns it; the bucket must exist. */
  async putObject(bucketName: string, key: string, body: Buffer | string, details: ObjectDetails = {}): Promise<StoredObject> {
    if (!this.buckets.has(bucketName)) throw new NoSuchBucket(bucketName);
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    const checksum = details.checksum ?? { algorithm: 'CRC64NVME', value: await computeChecksum('CRC64NVME', bytes), type: 'FULL_OBJECT' };
    const file = this.newFilePath(key);
    await writeFileAtomically(file, bytes);
    const object: StoredObject = {
      bucket: bucketName,
      key,
      file,
      size: bytes.length,
      etag: `"${md5Hex(bytes)}"`,
      lastModified: new Date(),
      contentType: details.contentType ?? 'binary/octet-stream',
      contentEncoding: details.contentEncoding,
      contentDisposition: details.contentDisposition,
      contentLanguage: details.contentLanguage,
      cacheControl: details.cacheControl,
      metadata: details.metadata ?? {},
      tags: details.tags ?? {},
      checksum,
    };
    this.commit(object);
    return object;
  }

  /** A path for new bytes; the caller writes it, then `commit`s the object. */
  newFilePath(key: string): string {
    return path.join(this.objectsDir, `${randomUUID()}${extensionOf(key)}`);
  }

  commit(object: StoredObject): void {
    const bucket = this.buckets.get(object.bucket);
    if (!bucket) throw new NoSuchBucket(object.bucket);
    const previous = bucket.objects.get(object.key);
    if (!previous) bucket.sortedKeys = undefined;
    bucket.objects.set(object.key, object);
    this.generation += 1;
    if (previous && previous.file !== object.file) removeQuietly(previous.file);
  }

  get(bucketName: string, key: string): StoredObject | undefined {
    return this.buckets.get(bucketName)?.objects.get(key);
  }

  delete(bucketName: string, key: string): boolean {
    const bucket = this.buckets.get(bucketName);
    const object = bucket?.objects.get(key);
    if (!bucket || !object) return false;
    bucket.objects.delete(key);
    bucket.sortedKeys = undefined;
    this.generation += 1;
    removeQuietly(object.file);
    return true;
  }

  /** Keys of a bucket in S3 order, optionally only those starting with `prefix`. */
  keys(bucketName: string, prefix = ''): string[] {
    const bucket = this.buckets.get(bucketName);
    if (!bucket) return [];
    bucket.sortedKeys ??= [...bucket.objects.keys()].sort(compareKeys);
    if (!prefix) return bucket.sortedKeys;
    const start = lowerBound(bucket.sortedKeys, prefix);
    const result: string[] = [];
    const sorted = bucket.sortedKeys;
    for (let i = start, key = sorted[i]; key !== undefined && key.startsWith(prefix); key = sorted[++i]) result.push(key);
    return result;
  }

  /** Objects under a prefix, in key order. */
  objectsUnder(bucketName: string, prefix: string): StoredObject[] {
    const bucket = this.buckets.get(bucketName);
    if (!bucket) return [];
    return this.keys(bucketName, prefix).flatMap((key) => bucket.objects.get(key) ?? []);
  }

  destroy(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** S3 lists keys in UTF-8 byte order; JS compares UTF-16 units, which differs only past U+D7FF. */
export function compareKeys(a: string, b: string): number {
  if (/[\ud800-\uffff]/.test(a) || /[\ud800-\uffff]/.test(b)) return Buffer.compare(Buffer.from(a), Buffer.from(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

function lowerBound(sorted: string[], target: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareKeys(sorted[mid] ?? '', target) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

function extensionOf(key: string): string {
  const base = key.slice(key.lastIndexOf('/') + 1);
  const match = /((?:\.[A-Za-z0-9]{1,10}){1,2})$/.exec(base);
  return match?.[1]?.toLowerCase() ?? '';
}

function removeQuietly(file: string): void {
  fs.rm(file, { force: true }, () => undefined);
}

/** Writes a file under a temporary name, then renames it: a reader never sees half of it. */
export async function writeFileAtomically(file: string, body: Buffer): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.promises.writeFile(temporary, body);
  await fs.promises.rename(temporary, file);
}
