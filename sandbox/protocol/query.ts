import type { AwsRequest, HttpResponse, ServiceHandler } from './http-types';
import { AwsError } from './aws-error';
import { asAwsError, invokeOperation, type Provider } from './operations';
import { escapeXml, toXmlMembers } from './wire-values';
import { contextOf } from './request-context';
import type { FaultInjector } from '../faults';

/**
 * The awsQuery protocol (STS, CloudFormation): form-encoded `Action=…&Version=…` requests,
 * `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>` XML answers.
 */
export interface QueryBinding {
  provider: Provider;
  xmlNamespace: string;
  faults?: FaultInjector;
}

export function queryHandler(binding: QueryBinding): ServiceHandler {
  return async (request: AwsRequest): Promise<HttpResponse> => {
    const params = new URLSearchParams(request.body.toString('utf8'));
    for (const [key, value] of request.query) if (!params.has(key)) params.set(key, value);
    const action = params.get('Action') ?? '';
    try {
      const input = decodeQueryParams(params);
      const output = await invokeOperation(binding.provider, action, input, contextOf(request), binding.faults);
      const body =
        `<${action}Response xmlns="${binding.xmlNamespace}">` +
        `<${action}Result>${toXmlMembers(output ?? {})}</${action}Result>` +
        `<ResponseMetadata><RequestId>${request.requestId}</RequestId></ResponseMetadata>` +
        `</${action}Response>`;
      return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': request.requestId }, body };
    } catch (error) {
      return queryErrorResponse(asAwsError(error), binding.xmlNamespace, request.requestId);
    }
  };
}

export function queryErrorResponse(error: AwsError, xmlNamespace: string, requestId: string): HttpResponse {
  const body =
    `<ErrorResponse xmlns="${xmlNamespace}"><Error>` +
    `<Type>${error.senderFault ? 'Sender' : 'Receiver'}</Type>` +
    `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>` +
    `</Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { status: error.statusCode, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
}

/**
 * `Parameters.member.1.ParameterKey=a` → `{ Parameters: [{ ParameterKey: 'a' }] }`. Lists are
 * recognised by their numeric segments (`member.N` or bare `N`).
 */
export function decodeQueryParams(params: URLSearchParams): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of params) {
    if (name === 'Action' || name === 'Version') continue;
    const segments = name.split('.').filter((segment) => segment !== 'member' && segment !== 'entry');
    let node: Record<string, unknown> | unknown[] = root;
    segments.forEach((segment, index) => {
      const last = index === segments.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(segments[index + 1]);
      const key: string | number = /^\d+$/.test(segment) ? Number(segment) - 1 : segment;
      const container = node as Record<string | number, unknown>;
      if (last) container[key] = value;
      else {
        container[key] ??= nextIsIndex ? [] : {};
        node = container[key] as Record<string, unknown>;
      }
    });
  }
  return root;
}
