import { RuntimeFailure, StatesFailure } from '../asl/failures';
import { isJsonObject, toJsonText, type JsonObject, type JsonValue } from '../asl/json';
import type { TaskIntegration, TaskInvocation } from '../asl/runtime';
import type { ServiceClient } from '../../../core/internal-client';
import { defineIntegration } from './integration';
import { decodePayload, describeLambdaApiError, encodePayload, functionErrorName, invokeFunction, withQualifier } from './lambda-common';
import { newRequestId, runServiceTask, sdkResponseMetadata, traceHeader } from './service-task';

const INVOKE_PARAMETERS = ['FunctionName', 'Payload', 'InvocationType', 'Qualifier', 'LogType', 'ClientContext'];

export const lambdaInvokeIntegration = defineIntegration({
  resources: ['arn:aws:states:::lambda:invoke', 'arn:aws:states:::lambda:invoke.waitForTaskToken'],
  resolve: (_resource, parsed) =>
    parsed?.service === 'lambda' && parsed.action === 'invoke' && (parsed.pattern === undefined || parsed.pattern === 'waitForTaskToken')
      ? { kind: 'lambda-invoke', callback: parsed.pattern === 'waitForTaskToken' }
      : undefined,
  create: ({ callback }, { services }) => new LambdaInvokeTask(services, callback),
});

/**
 * `arn:aws:states:::lambda:invoke`: the Lambda Invoke API as an optimized integration. The result
 * is the whole Invoke response (ExecutedVersion, Payload, SdkHttpMetadata, SdkResponseMetadata,
 * StatusCode); a function error fails the task with the function's `errorType` and the error
 * document (as compact JSON) as cause. With `.waitForTaskToken` that response is the TaskSubmitted
 * output and the result is what the function (or anyone) sends for the task token.
 *
 * Fidelity gaps: the SdkHttpMetadata headers are synthesised (same members as recorded, values
 * of this invocation); ClientContext is accepted but not handed to the function.
 */
export class LambdaInvokeTask implements TaskIntegration {
  readonly usesTaskToken: boolean;

  constructor(
    private readonly services: ServiceClient,
    private readonly callback: boolean,
  ) {
    this.usesTaskToken = callback;
  }

  async run(invocation: TaskInvocation): Promise<JsonValue> {
    const parameters = invokeParameters(invocation.parameters);
    return runServiceTask(
      invocation,
      { resourceType: 'lambda', resource: this.callback ? 'invoke.waitForTaskToken' : 'invoke' },
      async () => {
        const functionName = withQualifier(parameters.FunctionName, parameters.Qualifier);
        const result = await invokeFunction(this.services, functionName, encodePayload(parameters.Payload), {
          invocationType: parameters.InvocationType,
          logType: parameters.LogType,
        });
        if (result.FunctionError) {
          const document = decodePayload(result.Payload);
          throw new StatesFailure(functionErrorName(result.Payload), typeof document === 'string' ? document : toJsonText(document));
        }
        const requestId = result.requestId ?? newRequestId();
        const executedVersion = result.ExecutedVersion ?? '$LATEST';
        const headers: Record<string, string> = {
          Connection: 'keep-alive',
          'Content-Length': String(result.Payload.length),
          'Content-Type': 'application/json',
          Date: new Date().toUTCString(),
          'X-Amz-Executed-Version': executedVersion,
          ...(result.LogResult ? { 'X-Amz-Log-Result': result.LogResult } : {}),
          'x-amzn-Remapped-Content-Length': '0',
          'x-amzn-RequestId': requestId,
          'X-Amzn-Trace-Id': traceHeader(),
        };
        return {
          ExecutedVersion: executedVersion,
          ...(result.LogResult ? { LogResult: result.LogResult } : {}),
          Payload: result.Payload.length === 0 ? '' : decodePayload(result.Payload),
          ...sdkResponseMetadata(requestId, headers, result.StatusCode),
          StatusCode: result.StatusCode,
        };
      },
      describeLambdaApiError,
      this.callback ? 'waitForTaskToken' : undefined,
    );
  }
}

interface InvokeParameters {
  FunctionName: string;
  Payload?: JsonValue;
  Qualifier?: string;
  InvocationType?: 'RequestResponse' | 'Event' | 'DryRun';
  LogType?: 'None' | 'Tail';
}

/** Parameters Step Functions would refuse to start the task with are a runtime error. */
function invokeParameters(parameters: JsonValue): InvokeParameters {
  const refuse = (problem: string): never => {
    throw new RuntimeFailure(`The Parameters '${toJsonText(parameters)}' could not be used to start the Task: [${problem}]`);
  };
  if (!isJsonObject(parameters)) return refuse('The value of the task parameters must be a JSON object');
  const object: JsonObject = parameters;
  for (const key of Object.keys(object))
    if (!INVOKE_PARAMETERS.includes(key)) refuse(`The field '${key}' is not supported by Step Functions`);
  if (typeof object.FunctionName !== 'string') refuse("The field 'FunctionName' is required but was missing");
  for (const key of ['Qualifier', 'InvocationType', 'LogType'] as const) {
    if (object[key] !== undefined && typeof object[key] !== 'string') refuse(`The value of the field '${key}' has an invalid format`);
  }
  if (object.InvocationType !== undefined && !['RequestResponse', 'Event', 'DryRun'].includes(object.InvocationType as string)) {
    refuse("The value of the field 'InvocationType' has an invalid format");
  }
  return {
    FunctionName: object.FunctionName as string,
    Payload: object.Payload,
    Qualifier: object.Qualifier as string | undefined,
    InvocationType: object.InvocationType as InvokeParameters['InvocationType'],
    LogType: object.LogType as InvokeParameters['LogType'],
  };
}
