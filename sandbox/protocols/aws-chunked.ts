/**
 * `Content-Encoding: aws-chunked` bodies, as the SDKs send streaming uploads with checksums:
 * `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n … 0[;…]\r\n<trailer>: <value>\r\n\r\n`.
 * Signatures are not verified (the sandbox accepts any credentials); the trailing checksum is
 * returned so that S3 can verify it against the bytes, as S3 does.
 */
export interface DecodedChunkedBody {
  payload: Buffer;
  trailers: Record<string, string>;
}

export function isAwsChunked(headers: Record<string, string>): boolean {
  const encoding = headers['content-encoding'] ?? '';
  const sha = headers['x-amz-content-sha256'] ?? '';
  return encoding.split(',').some((value) => value.trim() === 'aws-chunked') || sha.startsWith('STREAMING-');
}

export function decodeAwsChunked(body: Buffer): DecodedChunkedBody {
  const chunks: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) throw new Error('aws-chunked body ended inside a chunk header');
    const header = body.toString('latin1', offset, lineEnd);
    const size = Number.parseInt(header.split(';')[0] ?? '', 16);
    if (!Number.isFinite(size)) throw new Error(`aws-chunked body has a malformed chunk header "${header.slice(0, 40)}"`);
    offset = lineEnd + 2;
    if (size === 0) break;
    chunks.push(body.subarray(offset, offset + size));
    offset += size + 2;
  }
  const trailers: Record<string, string> = {};
  for (const line of body.toString('latin1', offset).split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { payload: Buffer.concat(chunks), trailers };
}

/** Content-Encoding without the transport's `aws-chunked` token (what S3 stores). */
export function storedContentEncoding(encoding: string | undefined): string | undefined {
  if (!encoding) return undefined;
  const rest = encoding
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value && value !== 'aws-chunked');
  return rest.length ? rest.join(',') : undefined;
}
