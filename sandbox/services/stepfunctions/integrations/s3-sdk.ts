import { randomBytes } from 'node:crypto';
import { AwsError } from '../../../core/aws-error';
import type { ServiceClient } from '../../../core/internal-client';
import type { StoredObject } from '../../../stores/objects/object-store';
import { getObject, type StoredObjectOutput } from './s3-objects';
import { RuntimeFailure } from '../asl/failures';
import { isJsonObject, toJsonText, toStateJson, type JsonObject, type JsonValue } from '../asl/json';
import type { TaskIntegration, TaskInvocation } from '../asl/runtime';
import { defineIntegration, serviceTaskIdentity } from './integration';
import { newRequestId, runServiceTask, type ErrorDescription } from './service-task';

/** The S3 actions the `aws-sdk:s3` integration offers here, with the request members each takes. */
const REQUEST_MEMBERS = {
  getObject: [
    'Bucket',
    'Key',
    'Range',
    'IfMatch',
    'IfNoneMatch',
    'IfModifiedSince',
    'IfUnmodifiedSince',
    'VersionId',
    'PartNumber',
    'ChecksumMode',
    'ExpectedBucketOwner',
    'RequestPayer',
    'ResponseCacheControl',
    'ResponseContentDisposition',
    'ResponseContentEncoding',
    'ResponseContentLanguage',
    'ResponseContentType',
    'ResponseExpires',
  ],
  headObject: [
    'Bucket',
    'Key',
    'Range',
    'IfMatch',
    'IfNoneMatch',
    'IfModifiedSince',
    'IfUnmodifiedSince',
    'VersionId',
    'PartNumber',
    'ChecksumMode',
    'ExpectedBucketOwner',
    'RequestPayer',
  ],
  putObject: [
    'Bucket',
    'Key',
    'Body',
    'ContentType',
    'ContentEncoding',
    'ContentDisposition',
    'ContentLanguage',
    'CacheControl',
    'Metadata',
    'Tagging',
    'StorageClass',
    'ServerSideEncryption',
    'SSEKMSKeyId',
    'BucketKeyEnabled',
    'ACL',
    'Expires',
    'IfMatch',
    'IfNoneMatch',
    'ExpectedBucketOwner',
    'RequestPayer',
  ],
  copyObject: [
    'Bucket',
    'Key',
    'CopySource',
    'MetadataDirective',
    'TaggingDirective',
    'Metadata',
    'Tagging',
    'ContentType',
    'ContentEncoding',
    'ContentDisposition',
    'ContentLanguage',
    'CacheControl',
    'StorageClass',
    'ServerSideEncryption',
    'SSEKMSKeyId',
    'BucketKeyEnabled',
    'ACL',
    'Expires',
    'CopySourceIfMatch',
    'CopySourceIfNoneMatch',
    'CopySourceIfModifiedSince',
    'CopySourceIfUnmodifiedSince',
    'ExpectedBucketOwner',
    'ExpectedSourceBucketOwner',
    'RequestPayer',
  ],
  deleteObject: ['Bucket', 'Key', 'VersionId', 'IfMatch', 'ExpectedBucketOwner', 'RequestPayer', 'MFA', 'BypassGovernanceRetention'],
  listObjects: ['Bucket', 'Prefix', 'Delimiter', 'MaxKeys', 'Marker', 'EncodingType', 'ExpectedBucketOwner', 'RequestPayer'],
  listBuckets: ['MaxBuckets', 'ContinuationToken', 'Prefix', 'BucketRegion'],
  createBucket: ['Bucket', 'ACL', 'CreateBucketConfiguration', 'ObjectOwnership', 'ObjectLockEnabledForBucket'],
  deleteBucket: ['Bucket', 'ExpectedBucketOwner'],
  headBucket: ['Bucket', 'ExpectedBucketOwner'],
  listObjectsV2: [
    'Bucket',
    'Prefix',
    'Delimiter',
    'MaxKeys',
    'ContinuationToken',
    'StartAfter',
    'FetchOwner',
    'EncodingType',
    'ExpectedBucketOwner',
    'RequestPayer',
  ],
} as const;

type S3Action = keyof typeof REQUEST_MEMBERS;
const S3_ACTIONS = Object.keys(REQUEST_MEMBERS) as S3Action[];

export const s3SdkIntegration = defineIntegration({
  resources: S3_ACTIONS.flatMap((action) => [
    `arn:aws:states:::aws-sdk:s3:${action}`,
    `arn:aws:states:::aws-sdk:s3:${action}.waitForTaskToken`,
  ]),
  resolve: (_resource, parsed) => {
    const action = parsed?.action.startsWith('s3:') ? parsed.action.slice(3) : undefined;
    if (parsed?.service !== 'aws-sdk' || !(S3_ACTIONS as readonly string[]).includes(action ?? '')) return undefined;
    if (parsed.pattern !== undefined && parsed.pattern !== 'waitForTaskToken') return undefined;
    return { kind: 's3', action: action as S3Action, callback: parsed.pattern === 'waitForTaskToken' };
  },
  create: ({ action, callback }, { services }) => new S3SdkTask(services, action, callback),
});

const REQUIRED: Record<S3Action, string[]> = {
  getObject: ['Bucket', 'Key'],
  headObject: ['Bucket', 'Key'],
  putObject: ['Bucket', 'Key'],
  copyObject: ['Bucket', 'Key', 'CopySource'],
  deleteObject: ['Bucket', 'Key'],
  listObjectsV2: ['Bucket'],
  listObjects: ['Bucket'],
  listBuckets: [],
  createBucket: ['Bucket'],
  deleteBucket: ['Bucket'],
  headBucket: ['Bucket'],
};

/**
 * S3 errors the AWS SDK for Java models as their own exception class; any other error code
 * surfaces as the generic `S3Exception`. Step Functions names the error `S3.<Class>`.
 */
const MODELED_ERRORS = new Set([
  'NoSuchBucket',
  'NoSuchKey',
  'NoSuchUpload',
  'BucketAlreadyExists',
  'BucketAlreadyOwnedByYou',
  'InvalidObjectState',
  'InvalidRequest',
  'TooManyParts',
  'EncryptionTypeMismatch',
  'InvalidWriteOffset',
]);

/**
 * `arn:aws:states:::aws-sdk:s3:<action>`: an S3 API call with PascalCase parameters, answered as
 * the AWS SDK integration answers it (object bodies as UTF-8 text; see the recordings of
 * getObject/putObject in LocalStack's aws-sdk tests).
 *
 * Fidelity gaps: timestamps are ISO-8601 strings (recordings only show a placeholder); empty
 * Contents/CommonPrefixes lists are left out; request members outside the list above are
 * refused at run time rather than passed on; a HEAD 404's cause reads `null (…)` as the SDK's
 * bodiless NoSuchKeyException would (unrecorded); object bodies that are not UTF-8 come out
 * decoded as UTF-8.
 */
export class S3SdkTask implements TaskIntegration {
  constructor(
    private readonly services: ServiceClient,
    private readonly action: S3Action,
    readonly usesTaskToken = false,
  ) {}

  async run(invocation: TaskInvocation): Promise<JsonValue> {
    const parameters = this.validated(invocation.parameters);
    return runServiceTask(
      invocation,
      serviceTaskIdentity({
        service: 'aws-sdk',
        action: `s3:${this.action}`,
        pattern: this.usesTaskToken ? 'waitForTaskToken' : undefined,
      }),
      async () => toStateJson(await this.call(parameters), 'iso'),
      (error) => describeS3Error(error, this.action),
      this.usesTaskToken ? 'waitForTaskToken' : undefined,
    );
  }

  private validated(parameters: JsonValue): JsonObject {
    const refuse = (problem: string): never => {
      throw new RuntimeFailure(`The Parameters '${toJsonText(parameters)}' could not be used to start the Task: [${problem}]`);
    };
    if (!isJsonObject(parameters)) return refuse('The value of the task parameters must be a JSON object');
    const allowed: readonly string[] = REQUEST_MEMBERS[this.action];
    for (const key of Object.keys(parameters)) if (!allowed.includes(key)) refuse(`The field '${key}' is not supported by Step Functions`);
    for (const key of REQUIRED[this.action])
      if (parameters[key] === undefined || parameters[key] === null) refuse(`The field '${key}' is required but was missing`);
    return parameters;
  }

  private async call(p: JsonObject): Promise<unknown> {
    const text = (key: string) => (p[key] === undefined || p[key] === null ? undefined : String(p[key]));
    const metadata = isJsonObject(p.Metadata)
      ? Object.fromEntries(Object.entries(p.Metadata).map(([key, value]) => [key, String(value)]))
      : undefined;
    const Bucket = String(p.Bucket);
    const s3 = <Output>(operation: string, input: object) => this.services.call<Output>('s3', operation, input);
    switch (this.action) {
      case 'getObject': {
        const { object, range, body } = await getObject(this.services, {
          Bucket,
          Key: String(p.Key),
          Range: text('Range'),
          IfMatch: text('IfMatch'),
        });
        return {
          ...objectHeaders(object),
          ContentLength: body.length,
          ...(range ? { ContentRange: `bytes ${range.start}-${range.end}/${object.size}` } : {}),
          Body: body.toString('utf8'),
        };
      }
      case 'headObject': {
        const { object } = await s3<StoredObjectOutput>('HeadObject', { Bucket, Key: String(p.Key) });
        return { ...objectHeaders(object), ContentLength: object.size };
      }
      case 'putObject': {
        // Every Body is written as its JSON text, a string too (recorded: test_s3_put_object[str] stores "\"text data\"").
        const body = p.Body === undefined ? '' : toJsonText(p.Body);
        const put = await s3<{ ETag: string; Checksum?: { algorithm: string; value: string; type: string }; ServerSideEncryption: string }>(
          'PutObject',
          {
            Bucket,
            Key: String(p.Key),
            Body: Buffer.from(body, 'utf8'),
            ContentType: text('ContentType') ?? 'text/plain; charset=UTF-8',
            ContentEncoding: text('ContentEncoding'),
            ContentDisposition: text('ContentDisposition'),
            ContentLanguage: text('ContentLanguage'),
            CacheControl: text('CacheControl'),
            Metadata: metadata,
            Tagging: text('Tagging'),
            IfNoneMatch: text('IfNoneMatch'),
            // The AWS SDK for Java sends a CRC32 checksum with every upload by default.
            ClientChecksum: { algorithm: 'CRC32' },
          },
        );
        return {
          ETag: put.ETag,
          ...(put.Checksum ? { [`Checksum${put.Checksum.algorithm}`]: put.Checksum.value, ChecksumType: put.Checksum.type } : {}),
          ServerSideEncryption: put.ServerSideEncryption,
        };
      }
      case 'copyObject': {
        const copied = await s3<{ CopyObjectResult: { ETag: string; LastModified: Date } }>('CopyObject', {
          Bucket,
          Key: String(p.Key),
          CopySource: String(p.CopySource),
          MetadataDirective: text('MetadataDirective'),
          TaggingDirective: text('TaggingDirective'),
          Metadata: metadata,
          Tagging: text('Tagging'),
          ContentType: text('ContentType'),
        });
        return { CopyObjectResult: copied.CopyObjectResult, ServerSideEncryption: 'AES256' };
      }
      case 'deleteObject':
        await s3('DeleteObject', { Bucket, Key: String(p.Key) });
        return {};
      case 'listObjectsV2': {
        const listed = await s3<{ Contents: unknown[]; CommonPrefixes: unknown[] }>('ListObjectsV2', {
          Bucket,
          Prefix: text('Prefix'),
          Delimiter: text('Delimiter'),
          MaxKeys: typeof p.MaxKeys === 'number' ? p.MaxKeys : undefined,
          ContinuationToken: text('ContinuationToken'),
          StartAfter: text('StartAfter'),
          FetchOwner: p.FetchOwner === true,
          EncodingType: text('EncodingType'),
        });
        return withoutEmptyLists(listed);
      }
      case 'listObjects':
        return withoutEmptyLists(
          await s3<{ Contents: unknown[]; CommonPrefixes: unknown[] }>('ListObjects', {
            Bucket,
            Prefix: text('Prefix'),
            Delimiter: text('Delimiter'),
            MaxKeys: typeof p.MaxKeys === 'number' ? p.MaxKeys : undefined,
            Marker: text('Marker'),
            EncodingType: text('EncodingType'),
          }),
        );
      case 'listBuckets':
        return s3('ListBuckets', { Prefix: text('Prefix'), MaxBuckets: typeof p.MaxBuckets === 'number' ? p.MaxBuckets : undefined });
      case 'createBucket':
        return s3('CreateBucket', { Bucket });
      case 'deleteBucket':
        await s3('DeleteBucket', { Bucket });
        return {};
      case 'headBucket':
        return s3('HeadBucket', { Bucket });
    }
  }
}

/** As the AWS SDK integration answers a listing: empty lists left out. */
function withoutEmptyLists(listed: { Contents: unknown[]; CommonPrefixes: unknown[] }) {
  const { Contents, CommonPrefixes, ...rest } = listed;
  return { ...rest, ...(Contents.length ? { Contents } : {}), ...(CommonPrefixes.length ? { CommonPrefixes } : {}) };
}

function objectHeaders(object: StoredObject) {
  return {
    AcceptRanges: 'bytes',
    ContentType: object.contentType,
    ...(object.contentEncoding ? { ContentEncoding: object.contentEncoding } : {}),
    ...(object.contentDisposition ? { ContentDisposition: object.contentDisposition } : {}),
    ...(object.contentLanguage ? { ContentLanguage: object.contentLanguage } : {}),
    ...(object.cacheControl ? { CacheControl: object.cacheControl } : {}),
    ETag: object.etag,
    LastModified: object.lastModified,
    Metadata: object.metadata,
    ServerSideEncryption: 'AES256',
  };
}

/**
 * An S3 error as the AWS SDK integration reports it: `S3.NoSuchKeyException` with cause
 * `<message> (Service: S3, Status Code: 404, Request ID: …, Extended Request ID: …)`. A HEAD
 * request's 404 has no body, so the SDK reports it as NoSuchKey with a null message.
 */
function describeS3Error(error: unknown, action: S3Action): ErrorDescription {
  if (!(error instanceof AwsError))
    return { error: 'S3.SdkClientException', cause: error instanceof Error ? error.message : String(error) };
  const bodiless = action === 'headObject' && error.statusCode === 404;
  const code = bodiless ? 'NoSuchKey' : error.code;
  const exception = MODELED_ERRORS.has(code) ? `${code}Exception` : 'S3Exception';
  const details = `Service: S3, Status Code: ${error.statusCode}, Request ID: ${newRequestId().replace(/-/g, '').slice(0, 16).toUpperCase()}, Extended Request ID: ${randomBytes(48).toString('base64')}`;
  return { error: `S3.${exception}`, cause: `${bodiless ? 'null' : error.message} (${details})` };
}
