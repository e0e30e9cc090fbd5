import { SerializationException } from '../core/aws-error';
import type { AwsRequest, HttpResponse } from '../core/http';
import { toJsonWire } from './wire-values';

/** The usual answer of the REST-JSON protocol: the output as a JSON body. */
export function jsonBody(status: number, output: unknown, requestId: string): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId },
    body: JSON.stringify(toJsonWire(output ?? {})),
  };
}

/** A REST-JSON request's body as an object (`{}` when empty); not JSON is a SerializationException. */
export function jsonRequestBody(request: Pick<AwsRequest, 'body'>): Record<string, unknown> {
  if (request.body.length === 0) return {};
  try {
    return JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new SerializationException('The request body is not valid JSON.');
  }
}
