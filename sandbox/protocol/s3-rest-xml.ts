import fs from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import type { AwsRequest, HttpResponse, ServiceHandler } from './http-types';
import { AwsError } from './aws-error';
import { asAwsError, invokeOperation } from './operations';
import { contextOf } from './request-context';
import { escapeXml, toXmlMembers } from './wire-values';
import { decodeAwsChunked, isAwsChunked, storedContentEncoding } from './aws-chunked';
import type { FaultInjector } from '../faults';
import type { ClientChecksum, GetObjectResult, S3Provider } from '../services/s3/provider';
import type { ChecksumAlgorithm, StoredChecksum, StoredObject } from '../services/s3/object-store';
import { CHECKSUM_ALGORITHMS, checksumHeader, checksumMember } from '../services/s3/checksums';
import { MalformedXML } from '../services/s3/errors';

const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
const xmlParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => ['Object', 'Part', 'Tag'].includes(name),
});

interface S3Call {
  operation: string;
  input: Record<string, unknown>;
  render: (output: never) => HttpResponse;
}

/**
 * The S3 REST-XML binding: path-style (`/bucket/key`) and virtual-hosted (`bucket.localhost`)
 * addressing, headers and query strings onto S3Provider operations, results back to headers and
 * XML.
 */
export function s3Handler(provider: S3Provider, faults?: FaultInjector): ServiceHandler {
  return async (request: AwsRequest): Promise<HttpResponse> => {
    try {
      const call = route(request);
      const output = await invokeOperation(provider, call.operation, call.input, contextOf(request), faults);
      const response = call.render(output as never);
      response.headers['x-amz-request-id'] = request.requestId;
      return response;
    } catch (error) {
      return s3ErrorResponse(asAwsError(error), request);
    }
  };
}

function s3ErrorResponse(error: AwsError, request: AwsRequest): HttpResponse {
  const headers = { 'content-type': 'application/xml', 'x-amz-request-id': request.requestId };
  if (request.method === 'HEAD') return { status: error.statusCode, headers };
  const extra = Object.entries(error.fields)
    .map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`)
    .join('');
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>${extra}` +
    `<RequestId>${request.requestId}</RequestId><HostId>${request.requestId}</HostId></Error>`;
  return { status: error.statusCode, headers, body };
}

function route(request: AwsRequest): S3Call {
  const { bucket, key } = addressOf(request);
  const q = request.query;
  const h = request.headers;
  const method = request.method;
  if (!bucket) {
    if (method === 'GET') return { operation: 'ListBuckets', input: {}, render: xmlResult('ListAllMyBucketsResult', listBucketsXml) };
    return unsupported(method, 'service');
  }
  if (key === undefined) {
    const input: Record<string, unknown> = { Bucket: bucket };
    switch (method) {
      case 'PUT':
        if (subresources(q).length) return unsupported(method, `bucket ?${subresources(q).join('&')}`);
        return { operation: 'CreateBucket', input, render: (out: { Location: string }) => empty(200, { location: out.Location }) };
      case 'DELETE':
        if (subresources(q).length) return unsupported(method, `bucket ?${subresources(q).join('&')}`);
        return { operation: 'DeleteBucket', input, render: () => empty(204) };
      case 'HEAD':
        return {
          operation: 'HeadBucket',
          input,
          render: (out: { BucketRegion: string }) => empty(200, { 'x-amz-bucket-region': out.BucketRegion }),
        };
      case 'POST':
        if (q.has('delete'))
          return {
            operation: 'DeleteObjects',
            input: { ...input, Delete: parseDelete(request.body) },
            render: xmlResult('DeleteResult', deleteResultXml),
          };
        return unsupported(method, 'bucket');
      case 'GET':
        if (q.has('location')) {
          return {
            operation: 'GetBucketLocation',
            input,
            render: (out: { LocationConstraint: string }) =>
              xml(200, `<LocationConstraint xmlns="${S3_NAMESPACE}">${escapeXml(out.LocationConstraint)}</LocationConstraint>`),
          };
        }
        if (q.has('versioning'))
          return { operation: 'GetBucketVersioning', input, render: () => xml(200, `<VersioningConfiguration xmlns="${S3_NAMESPACE}"/>`) };
        if (q.has('uploads'))
          return {
            operation: 'ListMultipartUploads',
            input: { ...input, Prefix: q.get('prefix') ?? undefined },
            render: xmlResult('ListMultipartUploadsResult', listUploadsXml),
          };
        if (subresources(q).length) return unsupported(method, `bucket ?${subresources(q).join('&')}`);
        if (q.get('list-type') === '2') {
          return {
            operation: 'ListObjectsV2',
            input: {
              ...input,
              Prefix: q.get('prefix') ?? undefined,
              Delimiter: q.get('delimiter') || undefined,
              MaxKeys: parseMaxKeys(q.get('max-keys')),
              ContinuationToken: q.get('continuation-token') ?? undefined,
              StartAfter: q.get('start-after') ?? undefined,
              EncodingType: q.get('encoding-type') ?? undefined,
              FetchOwner: q.get('fetch-owner') === 'true',
            },
            render: xmlResult('ListBucketResult', listObjectsXml),
          };
        }
        return {
          operation: 'ListObjects',
          input: {
            ...input,
            Prefix: q.get('prefix') ?? undefined,
            Delimiter: q.get('delimiter') || undefined,
            MaxKeys: parseMaxKeys(q.get('max-keys')),
            Marker: q.get('marker') ?? undefined,
            EncodingType: q.get('encoding-type') ?? undefined,
          },
          render: xmlResult('ListBucketResult', listObjectsXml),
        };
      default:
        return unsupported(method, 'bucket');
    }
  }
  const input: Record<string, unknown> = { Bucket: bucket, Key: key };
  switch (method) {
    case 'PUT': {
      if (q.has('tagging'))
        return { operation: 'PutObjectTagging', input: { ...input, Tagging: parseTagging(request.body) }, render: () => empty(200) };
      if (q.has('uploadId') && q.has('partNumber')) {
        if (h['x-amz-copy-source']) return unsupported(method, 'UploadPartCopy');
        const upload = readUpload(request);
        return {
          operation: 'UploadPart',
          input: {
            ...input,
            UploadId: q.get('uploadId'),
            PartNumber: Number(q.get('partNumber')),
            Body: upload.body,
            ClientChecksum: upload.checksum,
          },
          render: (out: { ETag: string; Checksum?: StoredChecksum }) =>
            empty(200, { etag: out.ETag, ...checksumHeaders(out.Checksum, false), 'x-amz-server-side-encryption': 'AES256' }),
        };
      }
      if (subresources(q).length) return unsupported(method, `object ?${subresources(q).join('&')}`);
      if (h['x-amz-copy-source']) {
        return {
          operation: 'CopyObject',
          input: {
            ...input,
            ...objectHeaders(h),
            CopySource: h['x-amz-copy-source'],
            MetadataDirective: h['x-amz-metadata-directive'],
            TaggingDirective: h['x-amz-tagging-directive'],
            Tagging: h['x-amz-tagging'],
          },
          render: (out: { CopyObjectResult: { ETag: string; LastModified: Date }; Checksum?: StoredChecksum }) =>
            xml(
              200,
              `<CopyObjectResult xmlns="${S3_NAMESPACE}">${toXmlMembers(out.CopyObjectResult)}${out.Checksum ? `<${checksumMember(out.Checksum.algorithm)}>${out.Checksum.value}</${checksumMember(out.Checksum.algorithm)}><ChecksumType>${out.Checksum.type}</ChecksumType>` : ''}</CopyObjectResult>`,
            ),
        };
      }
      const upload = readUpload(request);
      return {
        operation: 'PutObject',
        input: {
          ...input,
          ...objectHeaders(h),
          Body: upload.body,
          ClientChecksum: upload.checksum,
          ContentEncoding: storedContentEncoding(h['content-encoding']),
          ContentMD5: h['content-md5'],
          Tagging: h['x-amz-tagging'],
          IfNoneMatch: h['if-none-match'],
        },
        render: (out: { ETag: string; Checksum?: StoredChecksum }) =>
          empty(200, { etag: out.ETag, ...checksumHeaders(out.Checksum, true), 'x-amz-server-side-encryption': 'AES256' }),
      };
    }
    case 'GET':
      if (q.has('tagging'))
        return {
          operation: 'GetObjectTagging',
          input,
          render: xmlResult(
            'Tagging',
            (out: { TagSet: unknown[] }) => `<TagSet>${toXmlMembers(out.TagSet, { listMember: 'Tag' })}</TagSet>`,
          ),
        };
      if (q.has('uploadId'))
        return {
          operation: 'ListParts',
          input: { ...input, UploadId: q.get('uploadId') },
          render: xmlResult('ListPartsResult', listPartsXml),
        };
      if (subresources(q).length) return unsupported(method, `object ?${subresources(q).join('&')}`);
      return {
        operation: 'GetObject',
        input: { ...input, Range: h['range'], IfMatch: h['if-match'] },
        render: (out: GetObjectResult) => objectResponse(out, request, true),
      };
    case 'HEAD':
      return {
        operation: 'HeadObject',
        input: { ...input, Range: h['range'] },
        render: (out: GetObjectResult) => objectResponse(out, request, false),
      };
    case 'DELETE':
      if (q.has('uploadId'))
        return { operation: 'AbortMultipartUpload', input: { ...input, UploadId: q.get('uploadId') }, render: () => empty(204) };
      if (q.has('tagging')) return { operation: 'DeleteObjectTagging', input, render: () => empty(204) };
      if (subresources(q).length) return unsupported(method, `object ?${subresources(q).join('&')}`);
      return { operation: 'DeleteObject', input, render: () => empty(204) };
    case 'POST':
      if (q.has('uploads')) {
        return {
          operation: 'CreateMultipartUpload',
          input: {
            ...input,
            ...objectHeaders(h),
            Tagging: h['x-amz-tagging'],
            ChecksumAlgorithm: h['x-amz-checksum-algorithm']?.toUpperCase(),
            ChecksumType: h['x-amz-checksum-type']?.toUpperCase(),
          },
          render: xmlResult(
            'InitiateMultipartUploadResult',
            (out: Record<string, unknown>) => toXmlMembers({ Bucket: out.Bucket, Key: out.Key, UploadId: out.UploadId }),
            (out: { ChecksumAlgorithm?: string; ChecksumType?: string }) => ({
              ...(out.ChecksumAlgorithm ? { 'x-amz-checksum-algorithm': out.ChecksumAlgorithm } : {}),
              ...(out.ChecksumType ? { 'x-amz-checksum-type': out.ChecksumType } : {}),
            }),
          ),
        };
      }
      if (q.has('uploadId')) {
        return {
          operation: 'CompleteMultipartUpload',
          input: { ...input, UploadId: q.get('uploadId'), MultipartUpload: parseCompleteUpload(request.body) },
          render: (out: { Bucket: string; Key: string; ETag: string; Checksum?: StoredChecksum }) =>
            xml(
              200,
              `<CompleteMultipartUploadResult xmlns="${S3_NAMESPACE}"><Location>/${escapeXml(out.Bucket)}/${escapeXml(out.Key)}</Location>` +
                `${toXmlMembers({ Bucket: out.Bucket, Key: out.Key, ETag: out.ETag })}` +
                (out.Checksum
                  ? `<${checksumMember(out.Checksum.algorithm)}>${out.Checksum.value}</${checksumMember(out.Checksum.algorithm)}><ChecksumType>${out.Checksum.type}</ChecksumType>`
                  : '') +
                '</CompleteMultipartUploadResult>',
              { 'x-amz-server-side-encryption': 'AES256' },
            ),
        };
      }
      return unsupported(method, 'object');
    default:
      return unsupported(method, 'object');
  }
}

/** Bucket and key from a virtual-hosted `Host` (`bucket.localhost:4566`) or a path-style URL. */
function addressOf(request: AwsRequest): { bucket?: string; key?: string } {
  const host = (request.headers['host'] ?? '').replace(/:\d+$/, '');
  const virtual = /^(.+?)\.(?:localhost|s3[.-].*|127\.0\.0\.1\.nip\.io)$/.exec(host);
  const path = request.rawPath;
  if (virtual) {
    const key = path.length > 1 ? decodeKey(path.slice(1)) : undefined;
    return { bucket: virtual[1], key };
  }
  const trimmed = path.replace(/^\/+/, '');
  if (!trimmed) return {};
  const slash = trimmed.indexOf('/');
  if (slash < 0) return { bucket: decodeURIComponent(trimmed) };
  const key = trimmed.slice(slash + 1);
  return { bucket: decodeURIComponent(trimmed.slice(0, slash)), key: key === '' ? undefined : decodeKey(key) };
}

function decodeKey(raw: string): string {
  return raw
    .split('/')
    .map((segment) => decodeURIComponent(segment))
    .join('/');
}

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

function subresources(query: URLSearchParams): string[] {
  return SUBRESOURCES.filter((name) => query.has(name));
}

function unsupported(method: string, what: string): S3Call {
  return {
    operation: `${method} ${what}`,
    input: {},
    render: () => empty(501),
  };
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

function checksumHeaders(checksum: StoredChecksum | undefined, withType: boolean): Record<string, string> {
  if (!checksum) return {};
  return { [checksumHeader(checksum.algorithm)]: checksum.value, ...(withType ? { 'x-amz-checksum-type': checksum.type } : {}) };
}

function objectResponse(result: GetObjectResult, request: AwsRequest, withBody: boolean): HttpResponse {
  const { object, range } = result;
  const headers: Record<string, string> = {
    'accept-ranges': 'bytes',
    'content-type': object.contentType,
    etag: object.etag,
    'last-modified': object.lastModified.toUTCString(),
    'x-amz-server-side-encryption': 'AES256',
  };
  if (object.contentEncoding) headers['content-encoding'] = object.contentEncoding;
  if (object.contentDisposition) headers['content-disposition'] = object.contentDisposition;
  if (object.contentLanguage) headers['content-language'] = object.contentLanguage;
  if (object.cacheControl) headers['cache-control'] = object.cacheControl;
  for (const [name, value] of Object.entries(object.metadata)) headers[`x-amz-meta-${name}`] = value;
  const tagCount = Object.keys(object.tags).length;
  if (tagCount && withBody) headers['x-amz-tagging-count'] = String(tagCount);
  if (request.headers['x-amz-checksum-mode']?.toUpperCase() === 'ENABLED' && !range)
    Object.assign(headers, checksumHeaders(object.checksum, true));
  if (notModified(object, request.headers)) return { status: 304, headers };
  const start = range?.start ?? 0;
  const end = range?.end ?? object.size - 1;
  headers['content-length'] = String(Math.max(0, end - start + 1));
  if (range) headers['content-range'] = `bytes ${start}-${end}/${object.size}`;
  const status = range ? 206 : 200;
  if (!withBody || object.size === 0) return { status, headers, body: withBody ? Buffer.alloc(0) : undefined };
  return { status, headers, body: fs.createReadStream(object.file, { start, end }) };
}

function notModified(object: StoredObject, h: Record<string, string>): boolean {
  const ifNoneMatch = h['if-none-match'];
  if (ifNoneMatch !== undefined) return ifNoneMatch === object.etag || ifNoneMatch === '*';
  const since = h['if-modified-since'];
  return since !== undefined && Math.floor(object.lastModified.getTime() / 1000) <= Math.floor(Date.parse(since) / 1000);
}

function xml(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/xml', ...headers }, body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}` };
}

function empty(status: number, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers };
}

function xmlResult<T>(root: string, members: (out: T) => string, headers?: (out: T) => Record<string, string>) {
  return (out: T) => xml(200, `<${root} xmlns="${S3_NAMESPACE}">${members(out)}</${root}>`, headers?.(out));
}

function listBucketsXml(out: { Buckets: Array<Record<string, unknown>>; Owner: Record<string, unknown> }): string {
  return `<Buckets>${toXmlMembers(out.Buckets, { listMember: 'Bucket' })}</Buckets><Owner>${toXmlMembers(out.Owner)}</Owner>`;
}

interface ListOutput {
  Contents: Array<Record<string, unknown>>;
  CommonPrefixes: Array<{ Prefix: string }>;
  EncodingType?: string;
  [member: string]: unknown;
}

function listObjectsXml(out: ListOutput): string {
  const encode = out.EncodingType === 'url' ? (value: string) => encodeURIComponent(value).replace(/%2F/g, '/') : (value: string) => value;
  const scalar = (name: string): string => {
    const value = out[name];
    if (value === undefined) return '';
    const text =
      typeof value === 'string' && ['Prefix', 'Delimiter', 'StartAfter', 'Marker', 'NextMarker'].includes(name)
        ? encode(value)
        : String(value);
    return `<${name}>${escapeXml(text)}</${name}>`;
  };
  const contents = out.Contents.map(({ ChecksumAlgorithm, Key, ...rest }) => {
    const algorithms = ((ChecksumAlgorithm as string[] | undefined) ?? [])
      .map((a) => `<ChecksumAlgorithm>${a}</ChecksumAlgorithm>`)
      .join('');
    return `<Contents><Key>${escapeXml(encode(Key as string))}</Key>${toXmlMembers(rest)}${algorithms}</Contents>`;
  }).join('');
  const prefixes = out.CommonPrefixes.map((p) => `<CommonPrefixes><Prefix>${escapeXml(encode(p.Prefix))}</Prefix></CommonPrefixes>`).join(
    '',
  );
  return (
    [
      'Name',
      'Prefix',
      'Marker',
      'NextMarker',
      'Delimiter',
      'MaxKeys',
      'EncodingType',
      'KeyCount',
      'IsTruncated',
      'ContinuationToken',
      'NextContinuationToken',
      'StartAfter',
    ]
      .map(scalar)
      .join('') +
    contents +
    prefixes
  );
}

function listPartsXml(out: Record<string, unknown> & { Parts: unknown[] }): string {
  const { Parts, ...rest } = out;
  return toXmlMembers(rest) + (Parts as Array<Record<string, unknown>>).map((part) => `<Part>${toXmlMembers(part)}</Part>`).join('');
}

function listUploadsXml(out: Record<string, unknown> & { Uploads: unknown[] }): string {
  const { Uploads, ...rest } = out;
  return (
    toXmlMembers(rest) + (Uploads as Array<Record<string, unknown>>).map((upload) => `<Upload>${toXmlMembers(upload)}</Upload>`).join('')
  );
}

function deleteResultXml(out: { Deleted: Array<{ Key?: string }>; Errors: Array<Record<string, unknown>> }): string {
  return (
    out.Deleted.map((entry) => `<Deleted>${toXmlMembers(entry)}</Deleted>`).join('') +
    out.Errors.map((entry) => `<Error>${toXmlMembers(entry)}</Error>`).join('')
  );
}

function parseXmlBody(body: Buffer): Record<string, unknown> {
  try {
    return xmlParser.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new MalformedXML();
  }
}

function parseDelete(body: Buffer) {
  const parsed = parseXmlBody(body).Delete as { Object?: Array<{ Key: string; VersionId?: string }>; Quiet?: string } | undefined;
  if (!parsed) throw new MalformedXML();
  return { Objects: (parsed.Object ?? []).map((entry) => ({ Key: String(entry.Key ?? '') })), Quiet: parsed.Quiet === 'true' };
}

function parseCompleteUpload(body: Buffer) {
  const parsed = parseXmlBody(body).CompleteMultipartUpload as { Part?: Array<{ PartNumber: string; ETag?: string }> } | undefined;
  if (!parsed) throw new MalformedXML();
  return { Parts: (parsed.Part ?? []).map((part) => ({ PartNumber: Number(part.PartNumber), ETag: part.ETag })) };
}

function parseTagging(body: Buffer) {
  const parsed = parseXmlBody(body).Tagging as { TagSet?: { Tag?: Array<{ Key: string; Value: string }> } } | undefined;
  if (!parsed) throw new MalformedXML();
  return { TagSet: (parsed.TagSet?.Tag ?? []).map((tag) => ({ Key: String(tag.Key), Value: String(tag.Value ?? '') })) };
}
