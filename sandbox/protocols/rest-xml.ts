import type { HttpResponse } from '../core/http';

/** Answers of the REST-XML protocol: an XML document (with its declaration) or headers only. */
export function xmlDocument(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/xml', ...headers }, body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}` };
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers };
}
