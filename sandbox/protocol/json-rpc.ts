import type { AwsRequest, HttpResponse, ServiceHandler } from './http-types';
import { AwsError, SerializationException } from './aws-error';
import { asAwsError, invokeOperation, type Provider } from './operations';
import { toJsonWire } from './wire-values';
import { contextOf } from './request-context';
import type { FaultInjector } from '../faults';

/**
 * The awsJson 1.0 / 1.1 protocols (Step Functions, Athena, Glue, CloudWatch Logs, SSM):
 * `POST /` with `X-Amz-Target: <Prefix>.<Operation>` and a JSON body; errors as
 * `{"__type": Code, "message": …}` (the message key's case differs per service).
 */
export interface JsonRpcBinding {
  provider: Provider;
  version: '1.0' | '1.1';
  /** `message` (Step Functions, Logs, SSM) or `Message` (Athena, Glue). */
  messageKey: 'message' | 'Message';
  faults?: FaultInjector;
}

export function jsonRpcHandler(binding: JsonRpcBinding): ServiceHandler {
  return async (request: AwsRequest): Promise<HttpResponse> => {
    const contentType = `application/x-amz-json-${binding.version}`;
    try {
      const target = request.headers['x-amz-target'];
      if (!target || !target.includes('.')) throw new SerializationException('Missing or malformed X-Amz-Target header.');
      const operation = target.slice(target.indexOf('.') + 1);
      const input = parseJsonBody(request.body);
      const output = await invokeOperation(binding.provider, operation, input, contextOf(request), binding.faults);
      return jsonResponse(200, toJsonWire(output ?? {}), contentType, request.requestId);
    } catch (error) {
      return jsonErrorResponse(asAwsError(error), binding.messageKey, contentType, request.requestId);
    }
  };
}

function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new SerializationException('The request body is not valid JSON.');
  }
}

export function jsonResponse(status: number, body: unknown, contentType: string, requestId: string): HttpResponse {
  return {
    status,
    headers: { 'content-type': contentType, 'x-amzn-requestid': requestId },
    body: JSON.stringify(body),
  };
}

export function jsonErrorResponse(
  error: AwsError,
  messageKey: 'message' | 'Message',
  contentType: string,
  requestId: string,
): HttpResponse {
  const response = jsonResponse(
    error.statusCode,
    { __type: error.code, [messageKey]: error.message, ...error.fields },
    contentType,
    requestId,
  );
  response.headers['x-amzn-errortype'] = error.code;
  return response;
}
