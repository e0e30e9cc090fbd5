import type { Readable } from 'node:stream';
import { SANDBOX_ACCOUNT_ID, type RequestContext } from './request-context';

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

/** A service's protocol binding, bound to its operations: turns an AwsRequest into an operation call and back. */
export type ServiceHandler = (request: AwsRequest) => Promise<HttpResponse>;

/** Calls one operation of the service a binding serves: the dispatcher, bound to that service. */
export type OperationCall = (operation: string, input: unknown, context: RequestContext) => Promise<unknown>;

/**
 * How a service's requests travel: a generic protocol (awsJson, awsQuery) or the service's own
 * REST binding (a route table). The server hands each request to its service's bound handler.
 */
export interface WireProtocol {
  /** The handler for one service: reads operation and input off the request, calls it, writes the answer. */
  bind(call: OperationCall): ServiceHandler;
  /**
   * For a request without a SigV4 scope (the SDKs and the CLI always sign): whether it is for this
   * protocol's service, judged by its shape. `operations` are the service's.
   */
  recognizes?(request: Pick<AwsRequest, 'headers' | 'rawPath' | 'body'>, operations: readonly string[]): boolean;
  /** The service an unsigned request is for when no other protocol recognizes it (S3: any path). */
  readonly fallback?: boolean;
}

/** The context a provider gets for a request that came over the wire. */
export function contextOf(request: AwsRequest): RequestContext {
  return {
    requestId: request.requestId,
    region: request.region,
    accountId: SANDBOX_ACCOUNT_ID,
    accessKeyId: request.accessKeyId,
  };
}
