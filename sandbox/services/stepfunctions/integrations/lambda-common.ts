import { AwsError } from '../../../core/aws-error';
import type { ServiceClient } from '../../../core/internal-client';
import type { JsonValue } from '../asl/json';
import { newRequestId, type ErrorDescription } from './service-task';

/** The Invoke output as the sandbox's Lambda answers it (the API's members, and the request id it served). */
export interface LambdaInvocationResult {
  StatusCode: number;
  FunctionError?: string;
  Payload: Uint8Array;
  ExecutedVersion?: string;
  LogResult?: string;
  requestId?: string;
}

/** The bytes a Task hands to a function: JSON text as is, any other value as JSON. */
export function encodePayload(payload: JsonValue | undefined): Buffer {
  if (payload === undefined || payload === null) return Buffer.from('{}');
  if (typeof payload === 'string') {
    try {
      JSON.parse(payload);
      return Buffer.from(payload);
    } catch {
      return Buffer.from(JSON.stringify(payload));
    }
  }
  return Buffer.from(JSON.stringify(payload));
}

/** A function's response bytes: parsed JSON, or the text when it is not JSON. */
export function decodePayload(payload: Uint8Array): JsonValue {
  const text = Buffer.from(payload).toString('utf8');
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

/**
 * The error a failed function reports: its `errorType`. Fidelity gap (unrecorded): an error
 * document without `errorType` (e.g. Lambda's 2024 timeout format) is named `Lambda.Unknown`.
 */
export function functionErrorName(payload: Uint8Array): string {
  const document = decodePayload(payload);
  if (document && typeof document === 'object' && !Array.isArray(document) && typeof document.errorType === 'string')
    return document.errorType;
  return 'Lambda.Unknown';
}

/**
 * A Lambda API error (function not found, throttled, …) as Step Functions names it: `Lambda.<Code>`
 * with the AWS SDK for Java's message format as cause.
 */
export function describeLambdaApiError(error: unknown): ErrorDescription {
  if (error instanceof AwsError) {
    return {
      error: `Lambda.${error.code}`,
      cause: `${error.message} (Service: AWSLambda; Status Code: ${error.statusCode}; Error Code: ${error.code}; Request ID: ${newRequestId()}; Proxy: null)`,
    };
  }
  // Not an API answer (the engine itself broke): what the Java SDK reports for a failed call.
  return { error: 'Lambda.SdkClientException', cause: error instanceof Error ? error.message : String(error) };
}

/** Lambda Invoke through the internal client (fault rules for Lambda Invoke apply, as to any caller). */
export async function invokeFunction(
  services: ServiceClient,
  functionName: string,
  payload: Buffer,
  options: { invocationType?: 'RequestResponse' | 'Event' | 'DryRun'; logType?: 'None' | 'Tail' } = {},
): Promise<LambdaInvocationResult> {
  return services.call<LambdaInvocationResult>('lambda', 'Invoke', {
    FunctionName: functionName,
    Payload: payload,
    InvocationType: options.invocationType,
    LogType: options.logType,
  });
}

/** `FunctionName` with the Invoke `Qualifier` appended, unless the name is already qualified. */
export function withQualifier(functionName: string, qualifier: string | undefined): string {
  if (!qualifier) return functionName;
  const name = functionName.includes('function:')
    ? functionName.slice(functionName.indexOf('function:') + 'function:'.length)
    : functionName;
  return name.includes(':') ? functionName : `${functionName}:${qualifier}`;
}
