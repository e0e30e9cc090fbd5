import { asAwsError, type AwsError } from '../core/aws-error';
import { contextOf, type AwsRequest, type HttpResponse, type WireProtocol } from '../core/http';
import { escapeXml, toXmlMembers } from './wire-values';

/**
 * The awsQuery protocol (STS, CloudFormation): form-encoded `Action=…&Version=…` requests,
 * `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>` XML answers.
 */
export interface AwsQuerySettings {
  xmlNamespace: string;
  /**
   * Members that are maps (SNS `Attributes`, `MessageAttributes`): in requests
   * `Attributes.entry.1.key=…&Attributes.entry.1.value=…` (or `.Name` / `.Value`) become an object;
   * in answers an object becomes `<entry><key/><value/></entry>` elements.
   */
  maps?: readonly string[];
}

export function awsQuery(settings: AwsQuerySettings): WireProtocol {
  return {
    bind:
      (call) =>
      async (request: AwsRequest): Promise<HttpResponse> => {
        const params = formParameters(request);
        const action = params.get('Action') ?? '';
        try {
          const input = decodeQueryParams(params);
          const output = await call(action, settings.maps ? mapsIn(input, settings.maps) : input, contextOf(request));
          const body =
            `<${action}Response xmlns="${settings.xmlNamespace}">` +
            `<${action}Result>${toXmlMembers(output ?? {}, { maps: settings.maps })}</${action}Result>` +
            `<ResponseMetadata><RequestId>${request.requestId}</RequestId></ResponseMetadata>` +
            `</${action}Response>`;
          return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': request.requestId }, body };
        } catch (error) {
          return queryErrorResponse(asAwsError(error), settings.xmlNamespace, request.requestId);
        }
      },
    recognizes: (request, operations) => {
      const action = formAction(request);
      return action !== undefined && operations.includes(action);
    },
  };
}

/** The Action of a form-encoded request (an awsQuery call), if it is one. */
export function formAction(request: Pick<AwsRequest, 'headers' | 'body'>): string | undefined {
  if (!(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return undefined;
  return new URLSearchParams(request.body.toString('utf8')).get('Action') ?? undefined;
}

function formParameters(request: AwsRequest): URLSearchParams {
  const params = new URLSearchParams(request.body.toString('utf8'));
  for (const [key, value] of request.query) if (!params.has(key)) params.set(key, value);
  return params;
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
    let node: Record<string | number, unknown> = root;
    segments.forEach((segment, index) => {
      const last = index === segments.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(segments[index + 1] ?? '');
      const key: string | number = /^\d+$/.test(segment) ? Number(segment) - 1 : segment;
      if (last) node[key] = value;
      else {
        node[key] ??= nextIsIndex ? [] : {};
        node = node[key] as Record<string | number, unknown>;
      }
    });
  }
  return root;
}

/** Map members of a decoded request (lists of `{key, value}` or `{Name, Value}`) as objects, at any depth. */
function mapsIn(value: unknown, maps: readonly string[]): Record<string, unknown> {
  const convert = (node: unknown, isMap: boolean): unknown => {
    if (isMap && Array.isArray(node)) {
      return Object.fromEntries(
        node
          .filter((entry): entry is Record<string, unknown> => Boolean(entry) && typeof entry === 'object')
          .map((entry) => [String(entry.key ?? entry.Name), convert(entry.value ?? entry.Value, false)]),
      );
    }
    if (Array.isArray(node)) return node.map((item) => convert(item, false));
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, member]) => [key, convert(member, maps.includes(key))]));
    }
    return node;
  };
  return convert(value, false) as Record<string, unknown>;
}
