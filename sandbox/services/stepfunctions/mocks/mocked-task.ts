import { dataDetails, errorDetails } from '../history';
import { RuntimeFailure, StatesFailure } from '../asl/failures';
import { isJsonObject, toJsonText, type JsonValue } from '../asl/json';
import type { TaskIntegration, TaskInvocation } from '../asl/runtime';
import { isActivityArn, parseServiceResource, scheduledDetails, serviceTaskIdentity } from '../integrations/integration';
import { runServiceTask } from '../integrations/service-task';
import type { MockedResponse, StateMock } from './mock-config';

/**
 * The test case an execution runs (`<stateMachineArn>#<TestCase>`, or the state machine's default
 * test case): which states are mocked, and how many times each has been invoked so far.
 */
export class MockedExecution {
  private readonly invocations = new Map<string, number>();

  constructor(
    readonly testCase: string,
    private readonly states: ReadonlyMap<string, StateMock>,
  ) {}

  mocks(stateName: string): boolean {
    return this.states.has(stateName);
  }

  /** The response of the state's next invocation (its first run is invocation 0). */
  next(stateName: string): MockedResponse {
    const mock = this.states.get(stateName)!;
    const invocation = this.invocations.get(stateName) ?? 0;
    this.invocations.set(stateName, invocation + 1);
    const response = mock.responses[invocation];
    if (!response) {
      throw new RuntimeFailure(
        `The mocked response "${mock.responseName}" of state '${stateName}' in test case "${this.testCase}" defines ` +
          `invocations 0 to ${mock.responses.length - 1}; this is invocation ${invocation}.`,
      );
    }
    return response;
  }
}

/**
 * What a mocked job-run task shows as submitted: the members of the mocked result that the API
 * starting the job answers (StartExecution's ExecutionArn and StartDate, StartJobRun's JobRunId, …),
 * else the mocked result itself; `{}` for a mocked failure (the start's answer is not declared).
 */
const SUBMIT_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  'states:startExecution': ['ExecutionArn', 'StartDate'],
  'glue:startJobRun': ['JobRunId'],
  'batch:submitJob': ['JobArn', 'JobId', 'JobName'],
  'athena:startQueryExecution': ['QueryExecutionId'],
  'emr-serverless:startJobRun': ['ApplicationId', 'Arn', 'JobRunId'],
  'ecs:runTask': ['Failures', 'Tasks'],
  'codebuild:startBuild': ['Build'],
};

function submittedOutput(service: string, action: string, response: MockedResponse): JsonValue {
  if (response.kind === 'throw') return {};
  const members = SUBMIT_MEMBERS[`${service}:${action}`];
  const output = response.output;
  if (!members || !isJsonObject(output)) return output;
  const picked = Object.fromEntries(members.filter((member) => member in output).map((member) => [member, output[member] ?? null]));
  return Object.keys(picked).length ? picked : output;
}

/**
 * A mocked state: it calls no service, and answers what the test case declares, writing the events
 * its resource writes when it runs — TaskScheduled, TaskStarted, [TaskSubmitted,] TaskSucceeded
 * or TaskFailed for a service integration (a `.sync` or `.waitForTaskToken` task submits the
 * mocked output and succeeds with it at once, with a task token in its context object, as Step
 * Functions Local does), the Lambda events for a function ARN, the activity events for an
 * activity (started by a worker named `mock`).
 */
export class MockedTask implements TaskIntegration {
  readonly usesTaskToken: boolean;

  constructor(
    private readonly execution: MockedExecution,
    real: TaskIntegration,
  ) {
    this.usesTaskToken = real.usesTaskToken ?? false;
  }

  async run(invocation: TaskInvocation): Promise<JsonValue> {
    const response = this.execution.next(invocation.state.name);
    const parsed = parseServiceResource(invocation.resource);
    if (parsed) {
      const identity = serviceTaskIdentity(parsed);
      return runServiceTask(
        invocation,
        identity,
        async (submitted) => {
          // A job-run or callback task was submitted before its outcome came, whatever the outcome.
          if (parsed.pattern !== undefined) submitted(submittedOutput(parsed.service, parsed.action, response));
          if (response.kind === 'throw') throw new StatesFailure(response.error, response.cause);
          return response.output;
        },
        () => ({ error: '' }),
      );
    }
    return isActivityArn(invocation.resource) ? this.activity(invocation, response) : this.lambdaFunction(invocation, response);
  }

  private lambdaFunction(invocation: TaskInvocation, response: MockedResponse): JsonValue {
    const { history } = invocation.frame.scope;
    const cursor = invocation.frame.cursor;
    history.record(cursor, 'LambdaFunctionScheduled', { lambdaFunctionScheduledEventDetails: scheduledDetails(invocation, false) });
    history.record(cursor, 'LambdaFunctionStarted');
    const fail = (error: string, cause: string): never => {
      history.record(cursor, 'LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: errorDetails(error, cause) });
      throw new StatesFailure(error, cause);
    };
    if (response.kind === 'throw') return fail(response.error, response.cause);
    // The mocked Return is an Invoke response (StatusCode, Payload, FunctionError): the task's result is its Payload.
    const invoked = response.output;
    if (!isJsonObject(invoked) || !('Payload' in invoked || 'StatusCode' in invoked)) return this.lambdaSucceeded(invocation, invoked);
    const payload = invoked.Payload ?? null;
    if (typeof invoked.FunctionError === 'string') {
      const errorType = isJsonObject(payload) && typeof payload.errorType === 'string' ? payload.errorType : invoked.FunctionError;
      return fail(errorType, typeof payload === 'string' ? payload : toJsonText(payload));
    }
    return this.lambdaSucceeded(invocation, payload);
  }

  private lambdaSucceeded(invocation: TaskInvocation, output: JsonValue): JsonValue {
    const { history } = invocation.frame.scope;
    history.record(invocation.frame.cursor, 'LambdaFunctionSucceeded', {
      lambdaFunctionSucceededEventDetails: dataDetails('output', output),
    });
    return output;
  }

  private activity(invocation: TaskInvocation, response: MockedResponse): JsonValue {
    const { history } = invocation.frame.scope;
    const cursor = invocation.frame.cursor;
    history.record(cursor, 'ActivityScheduled', { activityScheduledEventDetails: scheduledDetails(invocation, true) });
    history.record(cursor, 'ActivityStarted', { activityStartedEventDetails: { workerName: 'mock' } });
    if (response.kind === 'throw') {
      history.record(cursor, 'ActivityFailed', { activityFailedEventDetails: errorDetails(response.error, response.cause) });
      throw new StatesFailure(response.error, response.cause);
    }
    history.record(cursor, 'ActivitySucceeded', { activitySucceededEventDetails: dataDetails('output', response.output) });
    return response.output;
  }
}
