import { dataDetails } from '../history';
import { Abandoned, STATES_ERRORS, StatesFailure } from '../asl/failures';
import { jsonByteLength, type JsonValue } from '../asl/json';
import { MAX_PAYLOAD_BYTES } from '../asl/limits';
import type { TaskIntegration, TaskInvocation } from '../asl/runtime';
import { awaitWithin, TaskTimedOut } from '../asl/task-timeout';
import type { ServiceClient } from '../../../core/internal-client';
import { defineIntegration, scheduledDetails } from './integration';
import { decodePayload, describeLambdaApiError, encodePayload, functionErrorName, invokeFunction } from './lambda-common';

/** `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]` */
const LAMBDA_FUNCTION_ARN = /^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;

export const lambdaFunctionIntegration = defineIntegration({
  resources: ['arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]'],
  resolve: (resource) => (LAMBDA_FUNCTION_ARN.test(resource) ? { kind: 'lambda-function' } : undefined),
  create: (_resolved, { services }) => new LambdaFunctionTask(services),
});

/**
 * A Task whose Resource is a function ARN: the Lambda events (LambdaFunctionScheduled, …Started,
 * …Succeeded | …Failed | …TimedOut); the result is the function's response payload itself.
 * A function error's cause is the error document exactly as the function's runtime wrote it.
 *
 * Fidelity gap (unrecorded): a Lambda API error (function not found, throttled) is reported as
 * LambdaFunctionFailed named `Lambda.<Code>`, as the lambda:invoke integration names it.
 */
export class LambdaFunctionTask implements TaskIntegration {
  constructor(private readonly services: ServiceClient) {}

  async run(invocation: TaskInvocation): Promise<JsonValue> {
    const { frame, resource, parameters, timeoutSeconds } = invocation;
    const { history } = frame.scope;
    const cursor = frame.cursor;
    history.record(cursor, 'LambdaFunctionScheduled', { lambdaFunctionScheduledEventDetails: scheduledDetails(invocation, false) });
    history.record(cursor, 'LambdaFunctionStarted');
    const fail = (error: string, cause: string | undefined): never => {
      history.record(cursor, 'LambdaFunctionFailed', {
        lambdaFunctionFailedEventDetails: { error, ...(cause !== undefined ? { cause } : {}) },
      });
      throw new StatesFailure(error, cause);
    };
    let result;
    try {
      result = await awaitWithin(invokeFunction(this.services, resource, encodePayload(parameters)), timeoutSeconds, frame);
    } catch (error) {
      if (error instanceof Abandoned) throw error;
      if (error instanceof TaskTimedOut) {
        history.record(cursor, 'LambdaFunctionTimedOut', { lambdaFunctionTimedOutEventDetails: { error: STATES_ERRORS.timeout } });
        throw new StatesFailure(STATES_ERRORS.timeout, undefined);
      }
      const described = describeLambdaApiError(error);
      return fail(described.error, described.cause);
    }
    if (result.FunctionError) return fail(functionErrorName(result.Payload), Buffer.from(result.Payload).toString('utf8'));
    const output = decodePayload(result.Payload);
    if (jsonByteLength(output) > MAX_PAYLOAD_BYTES) {
      return fail(
        STATES_ERRORS.dataLimitExceeded,
        `The state/task '${resource}' returned a result with a size exceeding the maximum number of bytes service limit.`,
      );
    }
    history.record(cursor, 'LambdaFunctionSucceeded', { lambdaFunctionSucceededEventDetails: dataDetails('output', output) });
    return output;
  }
}
