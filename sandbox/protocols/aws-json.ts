import { asAwsError, SerializationException, type AwsError } from '../core/aws-error';
import { contextOf, type AwsRequest, type HttpResponse, type WireProtocol } from '../core/http';
import { toJsonWire } from './wire-values';

/**
 * The awsJson 1.0 / 1.1 protocols (Step Functions, Athena, Glue, CloudWatch Logs, SSM):
 * `POST /` with `X-Amz-Target: <Prefix>.<Operation>` and a JSON body; errors as
 * `{"__type": Code, "message": …}` (the message key's case differs per service).
 */
export interface AwsJsonSettings {
  version: '1.0' | '1.1';
  /** The X-Amz-Target prefix naming the service: `AWSStepFunctions`, `AmazonAthena`, … */
  targetPrefix: string;
  /** `message` (Step Functions, Logs, SSM) or `Message` (Athena, Glue). */
  messageKey: 'message' | 'Message';
}

export function awsJson(settings: AwsJsonSettings): WireProtocol {
  const contentType = `application/x-amz-json-${settings.version}`;
  return {
    bind:
      (call) =>
      async (request: AwsRequest): Promise<HttpResponse> => {
        try {
          const target = request.headers['x-amz-target'];
          if (!target || !target.includes('.')) throw new SerializationException('Missing or malformed X-Amz-Target header.');
          const operation = target.slice(target.indexOf('.') + 1);
          const output = await call(operation, parseJsonBody(request.body), contextOf(request));
          return jsonResponse(200, toJsonWire(output ?? {}), contentType, request.requestId);
        } catch (error) {
          return jsonErrorResponse(asAwsError(error), settings.messageKey, contentType, request.requestId);
        }
      },
    recognizes: (request) => request.headers['x-amz-target']?.split('.')[0] === settings.targetPrefix,
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
