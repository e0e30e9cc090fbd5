import { SerializationException, type AwsError } from '../../core/aws-error';
import type { AwsRequest, HttpResponse, WireProtocol } from '../../core/http';
import { restProtocol, RouteTable, type RestRoute } from '../../protocols/rest';
import { jsonBody, jsonRequestBody } from '../../protocols/rest-json';
import type { InvokeResult } from './invoker';

/**
 * Lambda's routes as the SDK sends them. The operations the provider does not serve are listed
 * too, so that calling one answers the uniform "not implemented" error naming it.
 */
const ROUTES: RestRoute[] = [
  { method: 'POST', path: '/2015-03-31/functions/{FunctionName}/invocations', operation: 'Invoke' },
  { method: 'GET', path: '/2015-03-31/functions/{FunctionName}/configuration', operation: 'GetFunctionConfiguration' },
  { method: 'GET', path: '/2015-03-31/functions/{FunctionName}/versions', operation: 'ListVersionsByFunction' },
  { method: 'GET', path: '/2015-03-31/functions/{FunctionName}', operation: 'GetFunction' },
  { method: 'GET', path: '/2015-03-31/functions', operation: 'ListFunctions' },
  { method: 'GET', path: '/2016-08-19/account-settings', operation: 'GetAccountSettings' },
  { method: 'POST', path: '/2015-03-31/functions', operation: 'CreateFunction' },
  { method: 'DELETE', path: '/2015-03-31/functions/{FunctionName}', operation: 'DeleteFunction' },
  { method: 'PUT', path: '/2015-03-31/functions/{FunctionName}/code', operation: 'UpdateFunctionCode' },
  { method: 'PUT', path: '/2015-03-31/functions/{FunctionName}/configuration', operation: 'UpdateFunctionConfiguration' },
  { method: 'POST', path: '/2015-03-31/functions/{FunctionName}/versions', operation: 'PublishVersion' },
  { method: 'GET', path: '/2015-03-31/functions/{FunctionName}/aliases', operation: 'ListAliases' },
  { method: 'POST', path: '/2015-03-31/functions/{FunctionName}/aliases', operation: 'CreateAlias' },
  { method: 'GET', path: '/2015-03-31/functions/{FunctionName}/aliases/{Name}', operation: 'GetAlias' },
  { method: 'GET', path: '/2015-03-31/functions/{FunctionName}/policy', operation: 'GetPolicy' },
  { method: 'POST', path: '/2015-03-31/functions/{FunctionName}/policy', operation: 'AddPermission' },
  { method: 'GET', path: '/2015-03-31/event-source-mappings', operation: 'ListEventSourceMappings' },
  { method: 'POST', path: '/2015-03-31/event-source-mappings', operation: 'CreateEventSourceMapping' },
  { method: 'GET', path: '/2015-03-31/event-source-mappings/{UUID}', operation: 'GetEventSourceMapping' },
  { method: 'PUT', path: '/2015-03-31/event-source-mappings/{UUID}', operation: 'UpdateEventSourceMapping' },
  { method: 'DELETE', path: '/2015-03-31/event-source-mappings/{UUID}', operation: 'DeleteEventSourceMapping' },
  { method: 'POST', path: '/2014-11-13/functions/{FunctionName}/invoke-async', operation: 'InvokeAsync' },
  { method: 'POST', path: '/2021-11-15/functions/{FunctionName}/response-streaming-invocations', operation: 'InvokeWithResponseStream' },
  { method: 'GET', path: '/2019-09-30/functions/{FunctionName}/concurrency', operation: 'GetFunctionConcurrency' },
  { method: 'PUT', path: '/2017-10-31/functions/{FunctionName}/concurrency', operation: 'PutFunctionConcurrency' },
  { method: 'GET', path: '/2021-10-31/functions/{FunctionName}/url', operation: 'GetFunctionUrlConfig' },
  { method: 'GET', path: '/2017-03-31/tags/{Resource}', operation: 'ListTags' },
  { method: 'POST', path: '/2017-03-31/tags/{Resource}', operation: 'TagResource' },
  { method: 'GET', path: '/2018-10-31/layers', operation: 'ListLayers' },
];

/**
 * The Lambda REST-JSON binding: routes by method and path, labels and query strings and
 * `X-Amz-*` headers into the provider's input, and back: Invoke's raw payload with
 * `X-Amz-Function-Error`, `X-Amz-Log-Result` and `X-Amz-Executed-Version`, JSON bodies for the
 * rest, and errors as Lambda sends them (`{"Type": "User", "Message": …}` + `x-amzn-ErrorType`).
 */
export const lambdaRestJson: WireProtocol = restProtocol(
  {
    routes: new RouteTable(ROUTES),
    unmatched: (request) => `${request.method} ${request.rawPath}`,
    input: ({ route, labels }, request) => inputOf(route.operation, labels, request),
    render: ({ route }, output, request) =>
      route.operation === 'Invoke'
        ? invokeResponse(output as InvokeResult, request.requestId)
        : jsonBody(ACCEPTED.includes(route.operation) ? 202 : 200, output, request.requestId),
    errorResponse: (error, request) => lambdaErrorResponse(error, request.requestId),
  },
  {
    recognizes: (request) =>
      request.rawPath.startsWith('/2015-03-31/functions') || request.rawPath.startsWith('/2015-03-31/event-source-mappings'),
  },
);

/** Operations Lambda answers with 202 Accepted (the change completes after the answer). */
const ACCEPTED = ['CreateEventSourceMapping', 'UpdateEventSourceMapping', 'DeleteEventSourceMapping'];

function inputOf(operation: string, labels: Record<string, string>, request: AwsRequest): Record<string, unknown> {
  const query = request.query;
  const headers = request.headers;
  switch (operation) {
    case 'Invoke':
      return {
        FunctionName: labels['FunctionName'],
        Qualifier: query.get('Qualifier') ?? undefined,
        InvocationType: headers['x-amz-invocation-type'] || undefined,
        LogType: headers['x-amz-log-type'] || undefined,
        ClientContext: headers['x-amz-client-context'] || undefined,
        Payload: request.body,
      };
    case 'ListFunctions':
      return {
        MasterRegion: query.get('MasterRegion') ?? undefined,
        FunctionVersion: query.get('FunctionVersion') ?? undefined,
        Marker: query.get('Marker') ?? undefined,
        MaxItems: integerParameter(query.get('MaxItems')),
      };
    case 'ListVersionsByFunction':
      return {
        FunctionName: labels['FunctionName'],
        Marker: query.get('Marker') ?? undefined,
        MaxItems: integerParameter(query.get('MaxItems')),
      };
    case 'CreateEventSourceMapping':
      return jsonRequestBody(request);
    case 'UpdateEventSourceMapping':
      return { ...jsonRequestBody(request), UUID: labels['UUID'] };
    case 'ListEventSourceMappings':
      return {
        EventSourceArn: query.get('EventSourceArn') ?? undefined,
        FunctionName: query.get('FunctionName') ?? undefined,
        Marker: query.get('Marker') ?? undefined,
        MaxItems: integerParameter(query.get('MaxItems')),
      };
    default:
      return { ...labels, Qualifier: query.get('Qualifier') ?? undefined };
  }
}

function integerParameter(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const number = Number(value);
  if (!Number.isInteger(number)) throw new SerializationException(`Expected an integer, found "${value}".`);
  return number;
}

function invokeResponse(result: InvokeResult, requestId: string): HttpResponse {
  const headers: Record<string, string> = { 'x-amzn-requestid': requestId };
  // Lambda names the executed version, the error kind and the log tail only for synchronous calls.
  if (result.StatusCode === 200) {
    headers['content-type'] = 'application/json';
    headers['x-amz-executed-version'] = result.ExecutedVersion;
    if (result.FunctionError) headers['x-amz-function-error'] = result.FunctionError;
    if (result.LogResult !== undefined) headers['x-amz-log-result'] = result.LogResult;
  }
  return { status: result.StatusCode, headers, body: result.Payload };
}

/**
 * Lambda's error envelope. Modelled errors carry `Type` and `Message`; the unmodelled ones
 * (validation, injected throttling) only a lower-case `message`.
 */
function lambdaErrorResponse(error: AwsError, requestId: string): HttpResponse {
  const { Type, ...otherFields } = error.fields;
  const body = Type !== undefined ? { Type, Message: error.message, ...otherFields } : { message: error.message, ...otherFields };
  return {
    status: error.statusCode,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, 'x-amzn-errortype': error.code },
    body: JSON.stringify(body),
  };
}
