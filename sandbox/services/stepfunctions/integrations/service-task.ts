import { randomBytes, randomUUID } from 'node:crypto';
import { dataDetails, errorDetails } from '../history';
import { Abandoned, HeartbeatTimedOut, STATES_ERRORS, StatesFailure } from '../asl/failures';
import { MAX_PAYLOAD_BYTES } from '../asl/limits';
import { jsonByteLength, toJsonText, type JsonObject, type JsonValue } from '../asl/json';
import type { TaskInvocation } from '../asl/runtime';
import { awaitWithin, TaskTimedOut } from '../asl/task-timeout';

/** How an integration appears in `taskScheduledEventDetails` & co: `lambda` / `invoke`, `aws-sdk:s3` / `getObject`. */
export interface ServiceTaskIdentity {
  resourceType: string;
  /** The action with its pattern, as the events show it: `publish.waitForTaskToken`, `startExecution.sync:2`. */
  resource: string;
}

export interface ErrorDescription {
  error: string;
  cause?: string;
}

/** The integration patterns of a service integration (none: request-response). */
export type IntegrationPattern = 'sync' | 'sync:2' | 'waitForTaskToken';

/**
 * The event sequence of a service integration (`arn:aws:states:::…`): TaskScheduled,
 * TaskStarted, [TaskSubmitted,] then TaskSucceeded with the result, or TaskFailed / TaskTimedOut.
 *
 * - request-response: `work` answers the API response, which is the result.
 * - `.sync`: `work` calls `submitted` with the API response (TaskSubmitted), waits for the job and
 *   answers its outcome. A SendTaskSuccess/Failure for the attempt's token ends it earlier.
 * - `.waitForTaskToken`: `work` answers the API response (TaskSubmitted); the result is what
 *   SendTaskSuccess sends for the token, a SendTaskFailure fails the task, and without a
 *   heartbeat for HeartbeatSeconds it times out.
 *
 * TimeoutSeconds bounds the whole task. `describeError` names an engine error as the
 * integration does (`Lambda.ResourceNotFoundException`, …).
 */
export async function runServiceTask(
  invocation: TaskInvocation,
  identity: ServiceTaskIdentity,
  work: (submitted: (output: JsonValue) => void) => Promise<JsonValue>,
  describeError: (error: unknown) => ErrorDescription,
  pattern?: IntegrationPattern,
): Promise<JsonValue> {
  const { frame } = invocation;
  const { history, region } = frame.scope;
  const cursor = frame.cursor;
  history.record(cursor, 'TaskScheduled', {
    taskScheduledEventDetails: {
      ...identity,
      region,
      parameters: toJsonText(invocation.parameters),
      ...(invocation.timeoutSeconds !== undefined ? { timeoutInSeconds: invocation.timeoutSeconds } : {}),
      ...(invocation.heartbeatSeconds !== undefined ? { heartbeatInSeconds: invocation.heartbeatSeconds } : {}),
    },
  });
  history.record(cursor, 'TaskStarted', { taskStartedEventDetails: identity });
  let ended = false;
  const submitted = (output: JsonValue) => {
    if (!ended) history.record(cursor, 'TaskSubmitted', { taskSubmittedEventDetails: { ...identity, ...dataDetails('output', output) } });
  };
  const callback = (heartbeatSeconds?: number) =>
    frame.scope.tokens.outcome(invocation.taskToken!, { heartbeatSeconds, clock: frame.scope.clock, signal: frame.signal });
  const patterned = async (): Promise<JsonValue> => {
    if (pattern === 'waitForTaskToken') {
      submitted(await work(submitted));
      return callback(invocation.heartbeatSeconds);
    }
    if (pattern !== undefined && invocation.taskToken !== undefined) {
      // A job-run task whose token is sent an outcome ends with it (recorded: test_sync_with_task_token).
      const job = work(submitted);
      job.catch(() => undefined);
      return Promise.race([job, callback()]);
    }
    return work(submitted);
  };
  let output: JsonValue;
  try {
    output = await awaitWithin(patterned(), invocation.timeoutSeconds, frame);
  } catch (error) {
    ended = true;
    if (error instanceof Abandoned) throw error;
    if (error instanceof TaskTimedOut || error instanceof HeartbeatTimedOut) {
      history.record(cursor, 'TaskTimedOut', { taskTimedOutEventDetails: { ...identity, error: STATES_ERRORS.timeout } });
      throw error instanceof HeartbeatTimedOut ? error : new StatesFailure(STATES_ERRORS.timeout, undefined);
    }
    const failure = error instanceof StatesFailure ? error : undefined;
    const described = failure ? { error: failure.error, cause: failure.cause } : describeError(error);
    history.record(cursor, 'TaskFailed', { taskFailedEventDetails: { ...identity, ...errorDetails(described.error, described.cause) } });
    throw failure ?? new StatesFailure(described.error, described.cause);
  }
  ended = true;
  if (jsonByteLength(output) > MAX_PAYLOAD_BYTES) {
    const cause = `The state/task '${identity.resourceType}' returned a result with a size exceeding the maximum number of bytes service limit.`;
    history.record(cursor, 'TaskFailed', { taskFailedEventDetails: { ...identity, error: STATES_ERRORS.dataLimitExceeded, cause } });
    throw new StatesFailure(STATES_ERRORS.dataLimitExceeded, cause);
  }
  history.record(cursor, 'TaskSucceeded', { taskSucceededEventDetails: { ...identity, ...dataDetails('output', output) } });
  return output;
}

/**
 * The `SdkHttpMetadata` / `SdkResponseMetadata` members the optimized integrations add to a
 * response (they come from the AWS SDK for Java that Step Functions calls services with).
 */
export function sdkResponseMetadata(requestId: string, headers: Record<string, string>, statusCode = 200): JsonObject {
  const allHeaders: JsonObject = {};
  for (const [name, value] of Object.entries(headers)) allHeaders[name] = [value];
  return {
    SdkHttpMetadata: { AllHttpHeaders: allHeaders, HttpHeaders: { ...headers }, HttpStatusCode: statusCode },
    SdkResponseMetadata: { RequestId: requestId },
  };
}

/** An X-Ray trace header of the shape AWS puts on responses. */
export function traceHeader(): string {
  const epoch = Math.floor(Date.now() / 1000).toString(16);
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0;Lineage=1:${randomBytes(4).toString('hex')}:0`;
}

export function newRequestId(): string {
  return randomUUID();
}
