import type { Readable } from 'node:stream';

/** An incoming call, read off the wire once, before any service sees it. */
export interface AwsRequest {
  method: string;
  /** Path without the query string, still percent-encoded (S3 keys are decoded by the S3 binding). */
  rawPath: string;
  query: URLSearchParams;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: Buffer;
  /** Service signing name (`s3`, `states`, `athena`, …) from the SigV4 scope or the request's shape. */
  service: string;
  region: string;
  accessKeyId?: string;
  requestId: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string | Readable;
}

/** One protocol binding per service: turns an AwsRequest into a call on the service's provider. */
export type ServiceHandler = (request: AwsRequest) => Promise<HttpResponse>;
