import type { DescribeExecutionOutput } from '@aws-sdk/client-sfn';
import { realDelay } from '../asl/clock';
import { STATES_ERRORS, StatesFailure } from '../asl/failures';
import { toJsonText, type JsonObject, type JsonValue } from '../asl/json';
import { defineOptimizedIntegration, jsonProtocolHeaders } from './optimized';

/** How often a `.sync` task asks for its child's state: soon at first, then less often. */
const FIRST_POLL_MS = 10;
const MAX_POLL_MS = 200;

/**
 * `arn:aws:states:::states:startExecution[.sync|.sync:2|.waitForTaskToken]`: a child execution,
 * started through the sandbox's own Step Functions API. An Input that is not a string is sent as
 * its JSON text (null: none). Request-response answers `{ExecutionArn, StartDate}` with the SDK
 * metadata; `.sync` waits for the child and answers its DescribeExecution in AWS's PascalCase
 * (Input and Output as JSON text), `.sync:2` the same with Input and Output as JSON. A child that
 * does not succeed fails the task with `States.TaskFailed` and that description (with the child's
 * Error and Cause) as cause (recorded: test_start_execution_sync_delegate_failure).
 */
export const statesIntegration = defineOptimizedIntegration({
  name: 'states',
  service: 'states',
  errors: { prefix: 'StepFunctions', sdkName: 'AWSStepFunctions', baseException: 'AWSStepFunctionsException', modeled: 'all' },
  actions: {
    startExecution: {
      operation: 'StartExecution',
      members: ['StateMachineArn', 'Input', 'Name', 'TraceHeader'],
      required: ['StateMachineArn'],
      jsonText: ['Input'],
      patterns: ['sync', 'sync:2', 'waitForTaskToken'],
    },
  },
  // The Step Functions API names its members in camelCase.
  prepare: (request) => ({
    stateMachineArn: request.StateMachineArn ?? null,
    ...(request.Input !== undefined && request.Input !== null ? { input: request.Input } : {}),
    ...(request.Name !== undefined ? { name: request.Name } : {}),
    ...(request.TraceHeader !== undefined ? { traceHeader: request.TraceHeader } : {}),
  }),
  wireBody: (response) => JSON.stringify({ executionArn: response.executionArn, startDate: Number(response.startDate) / 1000 }),
  headers: jsonProtocolHeaders,
  result: (response, { metadata }) => ({ ExecutionArn: response.executionArn ?? null, ...metadata, StartDate: response.startDate ?? null }),
  sync: async (response, { invocation, services, pattern }) => {
    const { region } = invocation.frame.scope;
    const executionArn = String(response.executionArn);
    for (let delay = FIRST_POLL_MS; ; delay = Math.min(delay * 2, MAX_POLL_MS)) {
      const described = await services.call<DescribeExecutionOutput>('states', 'DescribeExecution', { executionArn }, { region });
      if (described.status !== 'RUNNING') return childOutcome(described, pattern === 'sync:2');
      await realDelay(delay, invocation.frame.signal);
    }
  },
});

/** A finished child execution as the `.sync` task answers it, or its failure. */
function childOutcome(described: DescribeExecutionOutput, parsed: boolean): JsonValue {
  const data = (text: string | undefined): JsonValue => (text === undefined ? null : parsed ? (JSON.parse(text) as JsonValue) : text);
  const succeeded = described.status === 'SUCCEEDED';
  const description: JsonObject = {
    ...(!succeeded && described.cause !== undefined ? { Cause: described.cause } : {}),
    ...(!succeeded && described.error !== undefined ? { Error: described.error } : {}),
    ExecutionArn: described.executionArn ?? null,
    Input: data(described.input),
    InputDetails: { Included: true },
    Name: described.name ?? null,
    ...(succeeded ? { Output: data(described.output), OutputDetails: { Included: true } } : {}),
    StartDate: described.startDate?.getTime() ?? null,
    StateMachineArn: described.stateMachineArn ?? null,
    Status: described.status ?? null,
    StopDate: described.stopDate?.getTime() ?? null,
  };
  if (!succeeded) throw new StatesFailure(STATES_ERRORS.taskFailed, toJsonText(description));
  return description;
}
