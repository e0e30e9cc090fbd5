import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type {
  CopyObjectCommandInput,
  CreateMultipartUploadCommandInput,
  DeleteObjectsCommandInput,
  GetObjectCommandInput,
  ListObjectsCommandInput,
  ListObjectsV2CommandInput,
  ListPartsCommandInput,
  PutObjectCommandInput,
  UploadPartCommandInput,
  CompleteMultipartUploadCommandInput,
  Tag,
} from '@aws-sdk/client-s3';
import type { RequestContext } from '../../core/request-context';
import type { Provider } from '../../core/provider';
import { encodePageToken, decodePageToken } from '../../core/paging';
import {
  compareKeys,
  type Bucket,
  type ObjectStore,
  type StoredChecksum,
  type StoredObject,
  writeFileAtomically,
} from '../../stores/objects/object-store';
import {
  CHECKSUM_ALGORITHMS,
  computeChecksum,
  md5Base64,
  md5Hex,
  runningChecksum,
  type ChecksumAlgorithm,
} from '../../stores/objects/checksums';
import * as errors from './errors';
import type { BucketNotifications, NotificationConfiguration } from './notifications';

/** A checksum the client sent (header or aws-chunked trailer), to verify against the bytes. */
export interface ClientChecksum {
  algorithm: ChecksumAlgorithm;
  value?: string;
}

type WithBody<T> = Omit<T, 'Body'> & { Body: Buffer; ClientChecksum?: ClientChecksum };

export interface ObjectRange {
  start: number;
  end: number;
}

export interface GetObjectResult {
  object: StoredObject;
  range?: ObjectRange;
}

interface MultipartUpload {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: Date;
  contentType: string;
  metadata: Record<string, string>;
  tags: Record<string, string>;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: 'FULL_OBJECT' | 'COMPOSITE';
  parts: Map<number, { file: string; size: number; etag: string; lastModified: Date; checksum?: string }>;
}

const MIN_PART_SIZE = 5 * 1024 * 1024;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Amazon S3 over the shared object store (`stores/objects`). Owns no HTTP: the REST-XML binding
 * in `rest-binding.ts` maps requests onto these operations.
 */
export class S3Provider implements Provider {
  readonly serviceName = 's3';
  readonly operations = [
    'ListBuckets',
    'CreateBucket',
    'DeleteBucket',
    'HeadBucket',
    'GetBucketLocation',
    'GetBucketVersioning',
    'ListObjectsV2',
    'ListObjects',
    'PutObject',
    'GetObject',
    'HeadObject',
    'DeleteObject',
    'DeleteObjects',
    'CopyObject',
    'CreateMultipartUpload',
    'UploadPart',
    'CompleteMultipartUpload',
    'AbortMultipartUpload',
    'ListParts',
    'ListMultipartUploads',
    'GetObjectTagging',
    'PutObjectTagging',
    'DeleteObjectTagging',
    'PutBucketNotificationConfiguration',
    'GetBucketNotificationConfiguration',
  ] as const;

  private readonly uploads = new Map<string, MultipartUpload>();

  /** `uploadsDir`: where the parts of multipart uploads wait for completion. */
  constructor(
    private readonly store: ObjectStore,
    private readonly uploadsDir: string,
    private readonly region: string,
    /** Event notifications of object changes (notifications.ts). */
    readonly notifications: BucketNotifications,
  ) {
    fs.mkdirSync(this.uploadsDir, { recursive: true });
  }

  listBuckets(_input: unknown, context: RequestContext) {
    return {
      Buckets: this.store
        .listBuckets()
        .map((bucket) => ({ Name: bucket.name, CreationDate: bucket.createdAt, BucketRegion: bucket.region })),
      Owner: { DisplayName: 'postflight-sandbox', ID: context.accountId },
    };
  }

  createBucket(input: { Bucket: string }) {
    if (!BUCKET_NAME.test(input.Bucket) || input.Bucket.includes('..')) throw new errors.InvalidBucketName(input.Bucket);
    if (this.store.getBucket(input.Bucket)) throw new errors.BucketAlreadyOwnedByYou(input.Bucket);
    this.store.createBucket(input.Bucket, this.region);
    return { Location: `/${input.Bucket}` };
  }

  deleteBucket(input: { Bucket: string }) {
    const bucket = this.bucket(input.Bucket);
    if (bucket.objects.size > 0) throw new errors.BucketNotEmpty(input.Bucket);
    this.store.deleteBucket(input.Bucket);
    this.notifications.forget(input.Bucket);
    return {};
  }

  headBucket(input: { Bucket: string }) {
    const bucket = this.bucket(input.Bucket);
    return { BucketRegion: bucket.region };
  }

  getBucketLocation(input: { Bucket: string }) {
    const bucket = this.bucket(input.Bucket);
    return { LocationConstraint: bucket.region === 'us-east-1' ? '' : bucket.region };
  }

  getBucketVersioning(input: { Bucket: string }) {
    this.bucket(input.Bucket);
    return {};
  }

  listObjectsV2(input: ListObjectsV2CommandInput & { Bucket: string }) {
    const bucket = this.bucket(input.Bucket);
    const maxKeys = input.MaxKeys ?? 1000;
    let after = input.StartAfter ?? '';
    if (input.ContinuationToken !== undefined) after = decodeContinuationToken(input.ContinuationToken);
    const page = listPage(this.store, bucket, input.Prefix ?? '', input.Delimiter, after, maxKeys);
    return {
      Name: bucket.name,
      Prefix: input.Prefix ?? '',
      Delimiter: input.Delimiter,
      MaxKeys: maxKeys,
      EncodingType: input.EncodingType,
      KeyCount: page.contents.length + page.commonPrefixes.length,
      IsTruncated: page.truncated,
      ContinuationToken: input.ContinuationToken,
      NextContinuationToken: page.truncated ? encodeContinuationToken(page.lastReturned) : undefined,
      StartAfter: input.ContinuationToken === undefined ? input.StartAfter : undefined,
      Contents: page.contents.map((object) => listEntry(object, input.FetchOwner ? true : false)),
      CommonPrefixes: page.commonPrefixes.map((prefix) => ({ Prefix: prefix })),
    };
  }

  listObjects(input: ListObjectsCommandInput & { Bucket: string }) {
    const bucket = this.bucket(input.Bucket);
    const maxKeys = input.MaxKeys ?? 1000;
    const page = listPage(this.store, bucket, input.Prefix ?? '', input.Delimiter, input.Marker ?? '', maxKeys);
    return {
      Name: bucket.name,
      Prefix: input.Prefix ?? '',
      Marker: input.Marker ?? '',
      Delimiter: input.Delimiter,
      MaxKeys: maxKeys,
      EncodingType: input.EncodingType,
      IsTruncated: page.truncated,
      NextMarker: page.truncated && input.Delimiter ? page.lastReturned : undefined,
      Contents: page.contents.map((object) => listEntry(object, true)),
      CommonPrefixes: page.commonPrefixes.map((prefix) => ({ Prefix: prefix })),
    };
  }

  async putObject(input: WithBody<PutObjectCommandInput> & { Bucket: string; Key: string }, context: RequestContext) {
    this.bucket(input.Bucket);
    if (input.IfNoneMatch === '*' && this.store.get(input.Bucket, input.Key)) throw new errors.PreconditionFailed('If-None-Match');
    if (input.ContentMD5 !== undefined && input.ContentMD5 !== md5Base64(input.Body)) throw new errors.BadDigest('Content-MD5');
    const checksum = await verifiedChecksum(input.ClientChecksum, input.Body);
    const object = await this.store.putObject(input.Bucket, input.Key, input.Body, {
      contentType: input.ContentType,
      contentEncoding: input.ContentEncoding,
      contentDisposition: input.ContentDisposition,
      contentLanguage: input.ContentLanguage,
      cacheControl: input.CacheControl,
      metadata: lowerCaseKeys(input.Metadata ?? {}),
      tags: parseTagging(input.Tagging),
      checksum,
    });
    this.notifyCreated(object, 'Put', 'PutObject', context);
    return { ETag: object.etag, Checksum: checksum, ServerSideEncryption: 'AES256' };
  }

  getObject(input: GetObjectCommandInput & { Bucket: string; Key: string; RangeHeader?: string }): GetObjectResult {
    this.bucket(input.Bucket);
    const object = this.store.get(input.Bucket, input.Key);
    if (!object) throw new errors.NoSuchKey(input.Key);
    if (input.IfMatch !== undefined && input.IfMatch !== object.etag && input.IfMatch !== '*')
      throw new errors.PreconditionFailed('If-Match');
    return { object, range: input.Range ? parseRange(input.Range, object.size) : undefined };
  }

  headObject(input: { Bucket: string; Key: string; Range?: string }): GetObjectResult {
    if (!this.store.getBucket(input.Bucket)) throw new errors.NotFound();
    const object = this.store.get(input.Bucket, input.Key);
    if (!object) throw new errors.NotFound();
    return { object, range: input.Range ? parseRange(input.Range, object.size) : undefined };
  }

  deleteObject(input: { Bucket: string; Key: string }, context: RequestContext) {
    this.bucket(input.Bucket);
    if (this.store.delete(input.Bucket, input.Key)) this.notifyRemoved(input.Bucket, input.Key, 'DeleteObject', context);
    return {};
  }

  deleteObjects(input: DeleteObjectsCommandInput & { Bucket: string }, context: RequestContext) {
    this.bucket(input.Bucket);
    const objects = input.Delete?.Objects ?? [];
    if (objects.length === 0 || objects.length > 1000) throw new errors.MalformedXML();
    const deleted = objects.map((entry) => {
      if (this.store.delete(input.Bucket, entry.Key ?? '')) this.notifyRemoved(input.Bucket, entry.Key ?? '', 'DeleteObjects', context);
      return { Key: entry.Key };
    });
    return { Deleted: input.Delete?.Quiet ? [] : deleted, Errors: [] };
  }

  async copyObject(input: CopyObjectCommandInput & { Bucket: string; Key: string }, context: RequestContext) {
    this.bucket(input.Bucket);
    const { bucket: sourceBucket, key: sourceKey } = parseCopySource(input.CopySource ?? '');
    this.bucket(sourceBucket);
    const source = this.store.get(sourceBucket, sourceKey);
    if (!source) throw new errors.NoSuchKey(sourceKey);
    const replace = input.MetadataDirective === 'REPLACE';
    if (sourceBucket === input.Bucket && sourceKey === input.Key && !replace) {
      throw new errors.InvalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    const file = this.store.newFilePath(input.Key);
    await fs.promises.copyFile(source.file, file);
    const object: StoredObject = {
      ...source,
      bucket: input.Bucket,
      key: input.Key,
      file,
      lastModified: new Date(),
      contentType: replace ? (input.ContentType ?? 'binary/octet-stream') : source.contentType,
      metadata: replace ? lowerCaseKeys(input.Metadata ?? {}) : { ...source.metadata },
      tags: input.TaggingDirective === 'REPLACE' ? parseTagging(input.Tagging) : { ...source.tags },
    };
    this.store.commit(object);
    this.notifyCreated(object, 'Copy', 'CopyObject', context);
    return { CopyObjectResult: { ETag: object.etag, LastModified: object.lastModified }, Checksum: object.checksum };
  }

  createMultipartUpload(input: CreateMultipartUploadCommandInput & { Bucket: string; Key: string }) {
    this.bucket(input.Bucket);
    const uploadId = randomUUID().replace(/-/g, '');
    const algorithm = input.ChecksumAlgorithm as ChecksumAlgorithm | undefined;
    this.uploads.set(uploadId, {
      uploadId,
      bucket: input.Bucket,
      key: input.Key,
      initiated: new Date(),
      contentType: input.ContentType ?? 'binary/octet-stream',
      metadata: lowerCaseKeys(input.Metadata ?? {}),
      tags: parseTagging(input.Tagging),
      checksumAlgorithm: algorithm,
      checksumType: algorithm
        ? ((input.ChecksumType as 'FULL_OBJECT' | 'COMPOSITE' | undefined) ?? defaultChecksumType(algorithm))
        : undefined,
      parts: new Map(),
    });
    fs.mkdirSync(path.join(this.uploadsDir, uploadId), { recursive: true });
    return {
      Bucket: input.Bucket,
      Key: input.Key,
      UploadId: uploadId,
      ChecksumAlgorithm: algorithm,
      ChecksumType: algorithm ? this.uploads.get(uploadId)!.checksumType : undefined,
    };
  }

  async uploadPart(input: WithBody<UploadPartCommandInput> & { Bucket: string; Key: string; UploadId: string; PartNumber: number }) {
    const upload = this.upload(input.UploadId, input.Bucket, input.Key);
    if (!Number.isInteger(input.PartNumber) || input.PartNumber < 1 || input.PartNumber > 10000) {
      throw new errors.InvalidArgument(
        'Part number must be an integer between 1 and 10000, inclusive',
        'partNumber',
        String(input.PartNumber),
      );
    }
    const clientChecksum = input.ClientChecksum ?? (upload.checksumAlgorithm ? { algorithm: upload.checksumAlgorithm } : undefined);
    const checksum = clientChecksum ? await verifiedChecksum(clientChecksum, input.Body) : undefined;
    const file = path.join(this.uploadsDir, upload.uploadId, String(input.PartNumber));
    await writeFileAtomically(file, input.Body);
    const etag = `"${md5Hex(input.Body)}"`;
    upload.parts.set(input.PartNumber, { file, size: input.Body.length, etag, lastModified: new Date(), checksum: checksum?.value });
    return { ETag: etag, Checksum: checksum, ServerSideEncryption: 'AES256' };
  }

  async completeMultipartUpload(
    input: CompleteMultipartUploadCommandInput & { Bucket: string; Key: string; UploadId: string },
    context: RequestContext,
  ) {
    const upload = this.upload(input.UploadId, input.Bucket, input.Key);
    const requested = input.MultipartUpload?.Parts ?? [];
    if (requested.length === 0) throw new errors.MalformedXML();
    let previous = 0;
    const parts = requested.map((part, index) => {
      const number = part.PartNumber ?? 0;
      if (number <= previous) throw new errors.InvalidPartOrder(upload.uploadId);
      previous = number;
      const stored = upload.parts.get(number);
      if (!stored || (part.ETag !== undefined && normaliseEtag(part.ETag) !== stored.etag))
        throw new errors.InvalidPart(upload.uploadId, number);
      if (index < requested.length - 1 && stored.size < MIN_PART_SIZE) throw new errors.EntityTooSmall();
      return stored;
    });
    const file = this.store.newFilePath(upload.key);
    const output = await fs.promises.open(file, 'w');
    const digests: Buffer[] = [];
    const fullObject =
      upload.checksumType === 'FULL_OBJECT' || !upload.checksumAlgorithm
        ? runningChecksum(upload.checksumAlgorithm ?? 'CRC64NVME')
        : undefined;
    try {
      for (const part of parts) {
        const body = await fs.promises.readFile(part.file);
        await output.write(body);
        digests.push(Buffer.from(part.etag.slice(1, -1), 'hex'));
        fullObject?.update(body);
      }
    } finally {
      await output.close();
    }
    const checksum = await multipartChecksum(upload, parts, fullObject);
    const object: StoredObject = {
      bucket: upload.bucket,
      key: upload.key,
      file,
      size: parts.reduce((sum, part) => sum + part.size, 0),
      etag: `"${md5Hex(Buffer.concat(digests))}-${parts.length}"`,
      lastModified: new Date(),
      contentType: upload.contentType,
      metadata: upload.metadata,
      tags: upload.tags,
      checksum,
      partsCount: parts.length,
    };
    this.store.commit(object);
    this.discardUpload(upload);
    this.notifyCreated(object, 'CompleteMultipartUpload', 'CompleteMultipartUpload', context);
    return { Bucket: upload.bucket, Key: upload.key, ETag: object.etag, Checksum: checksum, ServerSideEncryption: 'AES256' };
  }

  abortMultipartUpload(input: { Bucket: string; Key: string; UploadId: string }) {
    const upload = this.upload(input.UploadId, input.Bucket, input.Key);
    this.discardUpload(upload);
    return {};
  }

  listParts(input: ListPartsCommandInput & { Bucket: string; Key: string; UploadId: string }) {
    const upload = this.upload(input.UploadId, input.Bucket, input.Key);
    const parts = [...upload.parts.entries()].sort(([a], [b]) => a - b);
    return {
      Bucket: upload.bucket,
      Key: upload.key,
      UploadId: upload.uploadId,
      MaxParts: input.MaxParts ?? 1000,
      IsTruncated: false,
      ChecksumAlgorithm: upload.checksumAlgorithm,
      ChecksumType: upload.checksumType,
      Parts: parts.map(([number, part]) => ({ PartNumber: number, ETag: part.etag, Size: part.size, LastModified: part.lastModified })),
    };
  }

  listMultipartUploads(input: { Bucket: string; Prefix?: string }) {
    this.bucket(input.Bucket);
    const uploads = [...this.uploads.values()].filter(
      (upload) => upload.bucket === input.Bucket && upload.key.startsWith(input.Prefix ?? ''),
    );
    return {
      Bucket: input.Bucket,
      Prefix: input.Prefix,
      MaxUploads: 1000,
      IsTruncated: false,
      Uploads: uploads.map((upload) => ({
        Key: upload.key,
        UploadId: upload.uploadId,
        Initiated: upload.initiated,
        StorageClass: 'STANDARD',
      })),
    };
  }

  getObjectTagging(input: { Bucket: string; Key: string }) {
    const object = this.existingObject(input.Bucket, input.Key);
    return { TagSet: Object.entries(object.tags).map(([Key, Value]) => ({ Key, Value })) };
  }

  putObjectTagging(input: { Bucket: string; Key: string; Tagging?: { TagSet?: Tag[] } }, context: RequestContext) {
    const object = this.existingObject(input.Bucket, input.Key);
    object.tags = Object.fromEntries((input.Tagging?.TagSet ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
    this.notifications.emit(
      {
        bucket: object.bucket,
        key: object.key,
        eventName: 'ObjectTagging:Put',
        reason: 'PutObjectTagging',
        size: object.size,
        etag: object.etag,
      },
      context,
    );
    return {};
  }

  deleteObjectTagging(input: { Bucket: string; Key: string }, context: RequestContext) {
    const object = this.existingObject(input.Bucket, input.Key);
    object.tags = {};
    this.notifications.emit(
      {
        bucket: object.bucket,
        key: object.key,
        eventName: 'ObjectTagging:Delete',
        reason: 'DeleteObjectTagging',
        size: object.size,
        etag: object.etag,
      },
      context,
    );
    return {};
  }

  async putBucketNotificationConfiguration(
    input: { Bucket: string; NotificationConfiguration: NotificationConfiguration },
    context: RequestContext,
  ) {
    this.bucket(input.Bucket);
    await this.notifications.configure(input.Bucket, input.NotificationConfiguration, context);
    return {};
  }

  getBucketNotificationConfiguration(input: { Bucket: string }): NotificationConfiguration {
    this.bucket(input.Bucket);
    return this.notifications.configurationOf(input.Bucket);
  }

  private notifyCreated(object: StoredObject, how: string, reason: string, context: RequestContext): void {
    this.notifications.emit(
      { bucket: object.bucket, key: object.key, eventName: `ObjectCreated:${how}`, reason, size: object.size, etag: object.etag },
      context,
    );
  }

  private notifyRemoved(bucket: string, key: string, reason: string, context: RequestContext): void {
    this.notifications.emit({ bucket, key, eventName: 'ObjectRemoved:Delete', reason }, context);
  }

  private bucket(name: string): Bucket {
    const bucket = this.store.getBucket(name);
    if (!bucket) throw new errors.NoSuchBucket(name);
    return bucket;
  }

  private existingObject(bucket: string, key: string): StoredObject {
    this.bucket(bucket);
    const object = this.store.get(bucket, key);
    if (!object) throw new errors.NoSuchKey(key);
    return object;
  }

  private upload(uploadId: string, bucket: string, key: string): MultipartUpload {
    this.bucket(bucket);
    const upload = this.uploads.get(uploadId);
    if (!upload || upload.key !== key || upload.bucket !== bucket) throw new errors.NoSuchUpload(uploadId);
    return upload;
  }

  private discardUpload(upload: MultipartUpload): void {
    this.uploads.delete(upload.uploadId);
    fs.rm(path.join(this.uploadsDir, upload.uploadId), { recursive: true, force: true }, () => undefined);
  }
}

interface ListPage {
  contents: StoredObject[];
  commonPrefixes: string[];
  truncated: boolean;
  lastReturned: string;
}

/** One page of a listing: keys after `after`, rolled up into common prefixes by the delimiter. */
function listPage(
  store: ObjectStore,
  bucket: Bucket,
  prefix: string,
  delimiter: string | undefined,
  after: string,
  maxKeys: number,
): ListPage {
  const contents: StoredObject[] = [];
  const commonPrefixes: string[] = [];
  let lastReturned = '';
  let lastWasPrefix = false;
  let truncated = false;
  for (const key of store.keys(bucket.name, prefix)) {
    if (after && compareKeys(key, after) <= 0) continue;
    let entry: string = key;
    let rolledUp = false;
    if (delimiter) {
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) {
        entry = key.slice(0, at + delimiter.length);
        rolledUp = true;
        if (entry === commonPrefixes[commonPrefixes.length - 1]) continue;
      }
    }
    if (contents.length + commonPrefixes.length >= maxKeys) {
      truncated = true;
      break;
    }
    if (rolledUp) commonPrefixes.push(entry);
    else contents.push(bucket.objects.get(key)!);
    lastReturned = entry;
    lastWasPrefix = rolledUp;
  }
  // A page that ended on a rolled-up prefix resumes after every key under that prefix.
  if (truncated && lastWasPrefix) lastReturned = `${lastReturned}\u{10ffff}`;
  return { contents, commonPrefixes, truncated, lastReturned };
}

function listEntry(object: StoredObject, withOwner: boolean) {
  return {
    Key: object.key,
    LastModified: object.lastModified,
    ETag: object.etag,
    ChecksumAlgorithm: object.checksum ? [object.checksum.algorithm] : undefined,
    ChecksumType: object.checksum?.type,
    Size: object.size,
    StorageClass: 'STANDARD',
    Owner: withOwner ? { DisplayName: 'postflight-sandbox', ID: '000000000000' } : undefined,
  };
}

function encodeContinuationToken(key: string): string {
  return encodePageToken({ after: key });
}

function decodeContinuationToken(token: string): string {
  const invalid = () => new errors.InvalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  const { after } = decodePageToken(token, invalid);
  if (after === undefined) throw invalid();
  return after;
}

async function verifiedChecksum(client: ClientChecksum | undefined, body: Buffer): Promise<StoredChecksum> {
  // S3 stores a CRC64NVME for every object uploaded without a checksum of its own.
  const algorithm = client?.algorithm ?? 'CRC64NVME';
  if (!CHECKSUM_ALGORITHMS.includes(algorithm)) throw new errors.InvalidRequest(`Checksum algorithm ${algorithm} is not supported.`);
  const value = await computeChecksum(algorithm, body);
  if (client?.value !== undefined && client.value !== value) throw new errors.BadDigest(`x-amz-checksum-${algorithm.toLowerCase()}`);
  return { algorithm, value, type: 'FULL_OBJECT' };
}

async function multipartChecksum(
  upload: MultipartUpload,
  parts: Array<{ checksum?: string }>,
  fullObject: ReturnType<typeof runningChecksum> | undefined,
): Promise<StoredChecksum | undefined> {
  if (fullObject) return { algorithm: upload.checksumAlgorithm ?? 'CRC64NVME', value: await fullObject.digest(), type: 'FULL_OBJECT' };
  if (!upload.checksumAlgorithm) throw new Error('unreachable: uploads without an algorithm get a full-object CRC64NVME');
  const partDigests = parts.map((part) => Buffer.from(part.checksum ?? '', 'base64'));
  const value = `${await computeChecksum(upload.checksumAlgorithm, Buffer.concat(partDigests))}-${parts.length}`;
  return { algorithm: upload.checksumAlgorithm, value, type: 'COMPOSITE' };
}

function defaultChecksumType(algorithm: ChecksumAlgorithm): 'FULL_OBJECT' | 'COMPOSITE' {
  return algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE';
}

function parseRange(range: string, size: number): ObjectRange | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) throw new errors.InvalidRange(size);
  return { start, end };
}

function parseCopySource(copySource: string): { bucket: string; key: string } {
  const decoded = decodeURIComponent(copySource.split('?')[0] ?? '').replace(/^\//, '');
  const slash = decoded.indexOf('/');
  if (slash <= 0)
    throw new errors.InvalidArgument(
      'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
      'x-amz-copy-source',
      copySource,
    );
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

export function parseTagging(tagging: string | undefined): Record<string, string> {
  if (!tagging) return {};
  return Object.fromEntries(new URLSearchParams(tagging));
}

function lowerCaseKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));
}

function normaliseEtag(etag: string): string {
  return etag.startsWith('"') ? etag : `"${etag}"`;
}
