import { AwsError } from '../../core/aws-error';
import type { AwsRequest, HttpResponse, WireProtocol } from '../../core/http';
import { restProtocol, RouteTable, type RestRoute, type RouteMatch } from '../../protocols/rest';
import { emptyResponse as empty, xmlDocument as xml } from '../../protocols/rest-xml';
import { escapeXml, toXmlMembers } from '../../protocols/wire-values';
import { decodeAwsChunked, isAwsChunked, storedContentEncoding } from '../../protocols/aws-chunked';
import type { StoredChecksum } from '../../stores/objects/object-store';
import { CHECKSUM_ALGORITHMS, checksumHeader, type ChecksumAlgorithm } from '../../stores/objects/checksums';
import type { ClientChecksum, GetObjectResult } from './provider';
import { notificationXml, parseNotificationXml, type NotificationConfiguration } from './notifications';
import {
  checksumHeaders,
  checksumXml,
  deleteResultXml,
  listBucketsXml,
  listObjectsXml,
  listPartsXml,
  listUploadsXml,
  objectResponse,
  parseCompleteUpload,
  parseDelete,
  parseTaggingXml,
  S3_NAMESPACE,
  s3ErrorResponse,
  xmlResult,
} from './xml-documents';

/**
 * One S3 operation on the wire: its route, what it reads from the request besides Bucket and Key,
 * and how its output is written back (headers and XML).
 */
interface S3Route extends RestRoute {
  input?: (request: AwsRequest) => Record<string, unknown>;
  render: (output: never, request: AwsRequest) => HttpResponse;
}

const SERVICE = '/';
const BUCKET = '/{Bucket}';
const OBJECT = '/{Bucket}/{Key+}';

/**
 * The operations in the order they are tried: the first route whose method, path, query keys and
 * headers all match serves the request. A query key among S3's subresources (`?acl`, `?tagging`,
 * …) selects its own operation: a request carrying one the sandbox has no route for is refused
 * as not implemented, never served as a plain GetObject or PutObject.
 */
const ROUTES: S3Route[] = [
  { method: 'GET', path: SERVICE, operation: 'ListBuckets', render: xmlResult('ListAllMyBucketsResult', listBucketsXml) },

  { method: 'PUT', path: BUCKET, operation: 'CreateBucket', render: (out: { Location: string }) => empty(200, { location: out.Location }) },
  { method: 'DELETE', path: BUCKET, operation: 'DeleteBucket', render: () => empty(204) },
  {
    method: 'HEAD',
    path: BUCKET,
    operation: 'HeadBucket',
    render: (out: { BucketRegion: string }) => empty(200, { 'x-amz-bucket-region': out.BucketRegion }),
  },
  {
    method: 'POST',
    path: BUCKET,
    query: ['delete'],
    operation: 'DeleteObjects',
    input: (request) => ({ Delete: parseDelete(request.body) }),
    render: xmlResult('DeleteResult', deleteResultXml),
  },
  {
    method: 'GET',
    path: BUCKET,
    query: ['location'],
    operation: 'GetBucketLocation',
    render: (out: { LocationConstraint: string }) =>
      xml(200, `<LocationConstraint xmlns="${S3_NAMESPACE}">${escapeXml(out.LocationConstraint)}</LocationConstraint>`),
  },
  {
    method: 'PUT',
    path: BUCKET,
    query: ['notification'],
    operation: 'PutBucketNotificationConfiguration',
    input: (request) => ({ NotificationConfiguration: parseNotificationXml(request.body) }),
    render: () => empty(200),
  },
  {
    method: 'GET',
    path: BUCKET,
    query: ['notification'],
    operation: 'GetBucketNotificationConfiguration',
    render: (out: NotificationConfiguration) => xml(200, notificationXml(out, S3_NAMESPACE)),
  },
  {
    method: 'GET',
    path: BUCKET,
    query: ['versioning'],
    operation: 'GetBucketVersioning',
    render: () => xml(200, `<VersioningConfiguration xmlns="${S3_NAMESPACE}"/>`),
  },
  {
    method: 'GET',
    path: BUCKET,
    query: ['uploads'],
    operation: 'ListMultipartUploads',
    input: ({ query }) => ({ Prefix: query.get('prefix') ?? undefined }),
    render: xmlResult('ListMultipartUploadsResult', listUploadsXml),
  },
  {
    method: 'GET',
    path: BUCKET,
    query: ['list-type=2'],
    operation: 'ListObjectsV2',
    input: ({ query }) => ({
      Prefix: query.get('prefix') ?? undefined,
      Delimiter: query.get('delimiter') || undefined,
      MaxKeys: parseMaxKeys(query.get('max-keys')),
      ContinuationToken: query.get('continuation-token') ?? undefined,
      StartAfter: query.get('start-after') ?? undefined,
      EncodingType: query.get('encoding-type') ?? undefined,
      FetchOwner: query.get('fetch-owner') === 'true',
    }),
    render: xmlResult('ListBucketResult', listObjectsXml),
  },
  {
    method: 'GET',
    path: BUCKET,
    operation: 'ListObjects',
    input: ({ query }) => ({
      Prefix: query.get('prefix') ?? undefined,
      Delimiter: query.get('delimiter') || undefined,
      MaxKeys: parseMaxKeys(query.get('max-keys')),
      Marker: query.get('marker') ?? undefined,
      EncodingType: query.get('encoding-type') ?? undefined,
    }),
    render: xmlResult('ListBucketResult', listObjectsXml),
  },

  {
    method: 'PUT',
    path: OBJECT,
    query: ['tagging'],
    operation: 'PutObjectTagging',
    input: (request) => ({ Tagging: parseTaggingXml(request.body) }),
    render: () => empty(200),
  },
  {
    method: 'PUT',
    path: OBJECT,
    query: ['uploadId', 'partNumber'],
    headers: ['x-amz-copy-source'],
    operation: 'UploadPartCopy',
    render: () => empty(200),
  },
  {
    method: 'PUT',
    path: OBJECT,
    query: ['uploadId', 'partNumber'],
    operation: 'UploadPart',
    input: (request) => {
      const upload = readUpload(request);
      return {
        UploadId: request.query.get('uploadId'),
        PartNumber: Number(request.query.get('partNumber')),
        Body: upload.body,
        ClientChecksum: upload.checksum,
      };
    },
    render: (out: { ETag: string; Checksum?: StoredChecksum }) =>
      empty(200, { etag: out.ETag, ...checksumHeaders(out.Checksum, false), 'x-amz-server-side-encryption': 'AES256' }),
  },
  {
    method: 'PUT',
    path: OBJECT,
    headers: ['x-amz-copy-source'],
    operation: 'CopyObject',
    input: ({ headers }) => ({
      ...objectHeaders(headers),
      CopySource: headers['x-amz-copy-source'],
      MetadataDirective: headers['x-amz-metadata-directive'],
      TaggingDirective: headers['x-amz-tagging-directive'],
      Tagging: headers['x-amz-tagging'],
    }),
    render: (out: { CopyObjectResult: { ETag: string; LastModified: Date }; Checksum?: StoredChecksum }) =>
      xml(
        200,
        `<CopyObjectResult xmlns="${S3_NAMESPACE}">${toXmlMembers(out.CopyObjectResult)}${checksumXml(out.Checksum)}</CopyObjectResult>`,
      ),
  },
  {
    method: 'PUT',
    path: OBJECT,
    operation: 'PutObject',
    input: (request) => {
      const { headers } = request;
      const upload = readUpload(request);
      return {
        ...objectHeaders(headers),
        Body: upload.body,
        ClientChecksum: upload.checksum,
        ContentEncoding: storedContentEncoding(headers['content-encoding']),
        ContentMD5: headers['content-md5'],
        Tagging: headers['x-amz-tagging'],
        IfNoneMatch: headers['if-none-match'],
      };
    },
    render: (out: { ETag: string; Checksum?: StoredChecksum }) =>
      empty(200, { etag: out.ETag, ...checksumHeaders(out.Checksum, true), 'x-amz-server-side-encryption': 'AES256' }),
  },
  {
    method: 'GET',
    path: OBJECT,
    query: ['tagging'],
    operation: 'GetObjectTagging',
    render: xmlResult('Tagging', (out: { TagSet: unknown[] }) => `<TagSet>${toXmlMembers(out.TagSet, { listMember: 'Tag' })}</TagSet>`),
  },
  {
    method: 'GET',
    path: OBJECT,
    query: ['uploadId'],
    operation: 'ListParts',
    input: ({ query }) => ({ UploadId: query.get('uploadId') }),
    render: xmlResult('ListPartsResult', listPartsXml),
  },
  {
    method: 'GET',
    path: OBJECT,
    operation: 'GetObject',
    input: ({ headers }) => ({ Range: headers['range'], IfMatch: headers['if-match'] }),
    render: (out: GetObjectResult, request) => objectResponse(out, request, true),
  },
  {
    method: 'HEAD',
    path: OBJECT,
    operation: 'HeadObject',
    input: ({ headers }) => ({ Range: headers['range'] }),
    render: (out: GetObjectResult, request) => objectResponse(out, request, false),
  },
  {
    method: 'DELETE',
    path: OBJECT,
    query: ['uploadId'],
    operation: 'AbortMultipartUpload',
    input: ({ query }) => ({ UploadId: query.get('uploadId') }),
    render: () => empty(204),
  },
  { method: 'DELETE', path: OBJECT, query: ['tagging'], operation: 'DeleteObjectTagging', render: () => empty(204) },
  { method: 'DELETE', path: OBJECT, operation: 'DeleteObject', render: () => empty(204) },
  {
    method: 'POST',
    path: OBJECT,
    query: ['uploads'],
    operation: 'CreateMultipartUpload',
    input: ({ headers }) => ({
      ...objectHeaders(headers),
      Tagging: headers['x-amz-tagging'],
      ChecksumAlgorithm: headers['x-amz-checksum-algorithm']?.toUpperCase(),
      ChecksumType: headers['x-amz-checksum-type']?.toUpperCase(),
    }),
    render: xmlResult(
      'InitiateMultipartUploadResult',
      (out: Record<string, unknown>) => toXmlMembers({ Bucket: out.Bucket, Key: out.Key, UploadId: out.UploadId }),
      (out: { ChecksumAlgorithm?: string; ChecksumType?: string }) => ({
        ...(out.ChecksumAlgorithm ? { 'x-amz-checksum-algorithm': out.ChecksumAlgorithm } : {}),
        ...(out.ChecksumType ? { 'x-amz-checksum-type': out.ChecksumType } : {}),
      }),
    ),
  },
  {
    method: 'POST',
    path: OBJECT,
    query: ['uploadId'],
    operation: 'CompleteMultipartUpload',
    input: (request) => ({ UploadId: request.query.get('uploadId'), MultipartUpload: parseCompleteUpload(request.body) }),
    render: (out: { Bucket: string; Key: string; ETag: string; Checksum?: StoredChecksum }) =>
      xml(
        200,
        `<CompleteMultipartUploadResult xmlns="${S3_NAMESPACE}"><Location>/${escapeXml(out.Bucket)}/${escapeXml(out.Key)}</Location>` +
          `${toXmlMembers({ Bucket: out.Bucket, Key: out.Key, ETag: out.ETag })}${checksumXml(out.Checksum)}` +
          '</CompleteMultipartUploadResult>',
        { 'x-amz-server-side-encryption': 'AES256' },
      ),
  },
];

/** S3's subresources: query keys that each name an operation of their own. */
const SUBRESOURCES = [
  'acl',
  'cors',
  'lifecycle',
  'policy',
  'logging',
  'notification',
  'replication',
  'website',
  'encryption',
  'object-lock',
  'retention',
  'legal-hold',
  'torrent',
  'restore',
  'select',
  'attributes',
  'accelerate',
  'requestPayment',
  'ownershipControls',
  'publicAccessBlock',
  'analytics',
  'metrics',
  'inventory',
  'intelligent-tiering',
  'versions',
  'tagging',
  'versioning',
  'uploads',
  'location',
];

const routes = new RouteTable(ROUTES, SUBRESOURCES);

/**
 * The S3 REST-XML binding: path-style (`/bucket/key`) and virtual-hosted (`bucket.localhost`)
 * addressing, headers and query strings onto S3Provider operations, results back to headers and
 * XML. S3 serves unsigned requests that no other service recognises.
 */
export const s3RestXml: WireProtocol = restProtocol<S3Route>(
  {
    routes,
    routedPath,
    unmatched: (request) => {
      const path = routedPath(request);
      const level = path === '/' ? 'service' : /^\/[^/]+\/?$/.test(path) ? 'bucket' : 'object';
      const subresources = routes.exclusiveKeysOf(request.query);
      return `${request.method} ${level}${subresources.length ? ` ?${subresources.join('&')}` : ''}`;
    },
    input: (match: RouteMatch<S3Route>, request) => ({ ...match.labels, ...match.route.input?.(request) }),
    render: (match, output, request) => {
      const response = match.route.render(output as never, request);
      response.headers['x-amz-request-id'] = request.requestId;
      return response;
    },
    errorResponse: s3ErrorResponse,
  },
  { fallback: true },
);

/** The path in S3's model (`/{Bucket}/{Key+}`), also for a virtual-hosted `Host` (`bucket.localhost:4566`). */
function routedPath(request: AwsRequest): string {
  const host = (request.headers['host'] ?? '').replace(/:\d+$/, '');
  const virtual = /^(.+?)\.(?:localhost|s3[.-].*|127\.0\.0\.1\.nip\.io)$/.exec(host);
  if (virtual) return `/${encodeURIComponent(virtual[1] ?? '')}${request.rawPath}`;
  return `/${request.rawPath.replace(/^\/+/, '')}`;
}

function parseMaxKeys(value: string | null): number | undefined {
  if (value === null) return undefined;
  const number = Number(value);
  return Number.isInteger(number) && number >= 0 ? Math.min(number, 1000) : undefined;
}

function objectHeaders(h: Record<string, string>): Record<string, unknown> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(h)) if (name.startsWith('x-amz-meta-')) metadata[name.slice('x-amz-meta-'.length)] = value;
  return {
    ContentType: h['content-type'],
    ContentDisposition: h['content-disposition'],
    ContentLanguage: h['content-language'],
    CacheControl: h['cache-control'],
    Metadata: metadata,
  };
}

/** The bytes of an upload and the checksum the client claims for them (header or trailer). */
function readUpload(request: AwsRequest): { body: Buffer; checksum?: ClientChecksum } {
  const h = request.headers;
  let body = request.body;
  let trailers: Record<string, string> = {};
  if (isAwsChunked(h)) {
    try {
      ({ payload: body, trailers } = decodeAwsChunked(request.body));
    } catch (error) {
      throw new AwsError('IncompleteBody', `The request body could not be decoded as aws-chunked: ${(error as Error).message}`, 400);
    }
  }
  const declared = h['x-amz-sdk-checksum-algorithm']?.toUpperCase() as ChecksumAlgorithm | undefined;
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = h[checksumHeader(algorithm)] ?? trailers[checksumHeader(algorithm)];
    if (value !== undefined) return { body, checksum: { algorithm, value } };
  }
  return { body, checksum: declared && CHECKSUM_ALGORITHMS.includes(declared) ? { algorithm: declared } : undefined };
}
