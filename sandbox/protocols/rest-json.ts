import type { HttpResponse } from '../core/http';
import { toJsonWire } from './wire-values';

/** The usual answer of the REST-JSON protocol: the output as a JSON body. */
export function jsonBody(status: number, output: unknown, requestId: string): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId },
    body: JSON.stringify(toJsonWire(output ?? {})),
  };
}
