import fs from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import type { AwsError } from '../../core/aws-error';
import type { AwsRequest, HttpResponse } from '../../core/http';
import { escapeXml, toXmlMembers } from '../../protocols/wire-values';
import { xmlDocument } from '../../protocols/rest-xml';
import type { StoredChecksum, StoredObject } from '../../stores/objects/object-store';
import { checksumHeader, checksumMember } from '../../stores/objects/checksums';
import type { GetObjectResult } from './provider';
import { MalformedXML } from './errors';

/** S3's XML documents: the answers the REST binding renders and the request bodies it reads. */
export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

const xmlParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => ['Object', 'Part', 'Tag'].includes(name),
});

// --- Answers ----------------------------------------------------------------------------------------

/** `<Root xmlns=S3>members</Root>`, with headers derived from the output if given. */
export function xmlResult<T>(root: string, members: (out: T) => string, headers?: (out: T) => Record<string, string>) {
  return (out: T) => xmlDocument(200, `<${root} xmlns="${S3_NAMESPACE}">${members(out)}</${root}>`, headers?.(out));
}

/** S3's error envelope: a bare `<Error>` with the code's extra members; HEAD answers carry no body. */
export function s3ErrorResponse(error: AwsError, request: AwsRequest): HttpResponse {
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

export function listBucketsXml(out: { Buckets: Array<Record<string, unknown>>; Owner: Record<string, unknown> }): string {
  return `<Buckets>${toXmlMembers(out.Buckets, { listMember: 'Bucket' })}</Buckets><Owner>${toXmlMembers(out.Owner)}</Owner>`;
}

interface ListOutput {
  Contents: Array<Record<string, unknown>>;
  CommonPrefixes: Array<{ Prefix: string }>;
  EncodingType?: string;
  [member: string]: unknown;
}

const LIST_SCALARS = [
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
];

export function listObjectsXml(out: ListOutput): string {
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
  return LIST_SCALARS.map(scalar).join('') + contents + prefixes;
}

export function listPartsXml(out: Record<string, unknown> & { Parts: unknown[] }): string {
  const { Parts, ...rest } = out;
  return toXmlMembers(rest) + (Parts as Array<Record<string, unknown>>).map((part) => `<Part>${toXmlMembers(part)}</Part>`).join('');
}

export function listUploadsXml(out: Record<string, unknown> & { Uploads: unknown[] }): string {
  const { Uploads, ...rest } = out;
  return (
    toXmlMembers(rest) + (Uploads as Array<Record<string, unknown>>).map((upload) => `<Upload>${toXmlMembers(upload)}</Upload>`).join('')
  );
}

export function deleteResultXml(out: { Deleted: Array<{ Key?: string }>; Errors: Array<Record<string, unknown>> }): string {
  return (
    out.Deleted.map((entry) => `<Deleted>${toXmlMembers(entry)}</Deleted>`).join('') +
    out.Errors.map((entry) => `<Error>${toXmlMembers(entry)}</Error>`).join('')
  );
}

/** `<ChecksumCRC32>…</ChecksumCRC32><ChecksumType>…</ChecksumType>`, as CopyObject and CompleteMultipartUpload answer it. */
export function checksumXml(checksum: StoredChecksum | undefined): string {
  if (!checksum) return '';
  const member = checksumMember(checksum.algorithm);
  return `<${member}>${checksum.value}</${member}><ChecksumType>${checksum.type}</ChecksumType>`;
}

export function checksumHeaders(checksum: StoredChecksum | undefined, withType: boolean): Record<string, string> {
  if (!checksum) return {};
  return { [checksumHeader(checksum.algorithm)]: checksum.value, ...(withType ? { 'x-amz-checksum-type': checksum.type } : {}) };
}

/** GetObject / HeadObject: the object's headers, conditional requests, ranges, the bytes streamed from disk. */
export function objectResponse(result: GetObjectResult, request: AwsRequest, withBody: boolean): HttpResponse {
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

// --- Request bodies ---------------------------------------------------------------------------------

function parseXmlBody(body: Buffer): Record<string, unknown> {
  try {
    return xmlParser.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new MalformedXML();
  }
}

/** DeleteObjects' `<Delete>`. */
export function parseDelete(body: Buffer) {
  const parsed = parseXmlBody(body).Delete as { Object?: Array<{ Key: string; VersionId?: string }>; Quiet?: string } | undefined;
  if (!parsed) throw new MalformedXML();
  return { Objects: (parsed.Object ?? []).map((entry) => ({ Key: String(entry.Key ?? '') })), Quiet: parsed.Quiet === 'true' };
}

/** CompleteMultipartUpload's `<CompleteMultipartUpload>`. */
export function parseCompleteUpload(body: Buffer) {
  const parsed = parseXmlBody(body).CompleteMultipartUpload as { Part?: Array<{ PartNumber: string; ETag?: string }> } | undefined;
  if (!parsed) throw new MalformedXML();
  return { Parts: (parsed.Part ?? []).map((part) => ({ PartNumber: Number(part.PartNumber), ETag: part.ETag })) };
}

/** PutObjectTagging's `<Tagging>`. */
export function parseTaggingXml(body: Buffer) {
  const parsed = parseXmlBody(body).Tagging as { TagSet?: { Tag?: Array<{ Key: string; Value: string }> } } | undefined;
  if (!parsed) throw new MalformedXML();
  return { TagSet: (parsed.TagSet?.Tag ?? []).map((tag) => ({ Key: String(tag.Key), Value: String(tag.Value ?? '') })) };
}
