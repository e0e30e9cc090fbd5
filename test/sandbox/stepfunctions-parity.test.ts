import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { loadParity, startSandbox } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';
import { assertEventMatches, assertHistoryMatches, assertValueMatches, type RecordedEvent } from '../fixtures/stepfunctions/history-parity';
import { identity, LambdaStandIn, raisesException, sleepsFor } from '../fixtures/stepfunctions/lambda-stand-in';
import { createMachine, historyOf, runMachine, waitForExecution } from '../fixtures/stepfunctions/sfn-client';
import { withoutLaterFields } from './stepfunctions-recorded/replay';

/**
 * Every Step Functions recording in test/parity/sfn whose definition is known, replayed
 * against the sandbox through the SDK: the same definition and input (with a Lambda stand-in
 * where it calls one), then the history compared event by event with what AWS recorded.
 */
type Recording = Record<string, { events: RecordedEvent[] } & Record<string, unknown>>;

const FUNCTION = 'parity-function';
const FUNCTION_ARN = `arn:aws:lambda:us-east-1:000000000000:function:${FUNCTION}`;

async function definitionOf(name: string, functionArn = FUNCTION_ARN): Promise<string> {
  const definition = await loadParity(`sfn/definitions/${name}.asl.json`);
  return JSON.stringify(definition).replaceAll('<lambda-function-arn>', functionArn);
}

/** The history with its JSON texts as AWS wrote them on `recordedDate` (the context object then had no RedriveCount). */
function historyAsRecordedOn(events: HistoryEvent[], recordedDate: string): HistoryEvent[] {
  return events.map((event) => {
    const details = event.taskScheduledEventDetails;
    if (!details?.parameters) return event;
    const parameters = JSON.stringify(withoutLaterFields(JSON.parse(details.parameters), recordedDate));
    return { ...event, taskScheduledEventDetails: { ...details, parameters } };
  });
}

describe('Step Functions histories replayed against the AWS recordings (parity: sfn/history-*.json)', () => {
  let sandbox: Sandbox;
  let sfn: SFNClient;
  const lambda = new LambdaStandIn();

  before(async () => {
    const started = await startSandbox({ providers: { lambda } });
    sandbox = started.sandbox;
    sfn = new SFNClient(started.config);
    // Retry intervals (1 s, 2 s, 4 s in the recordings) pass a hundred times faster.
    sandbox.stepFunctions.deps.timeScale = 0.01;
  });
  after(async () => {
    sfn.destroy();
    await sandbox.stop();
  });

  const replays: Array<{
    recording: string;
    definition: string;
    input: unknown;
    handler?: Parameters<LambdaStandIn['register']>[1];
    functionName?: string;
    /** Recorded before AWS added `$$.Execution.RedriveCount` (LocalStack's `dd-mm-yyyy`). */
    recordedBefore?: string;
  }> = [
    { recording: 'history-fail-state', definition: 'fail-state', input: {} },
    { recording: 'history-map', definition: 'map', input: {} },
    { recording: 'history-map-catch', definition: 'map-catch', input: {} },
    { recording: 'history-parallel-catch', definition: 'parallel-catch', input: {} },
    // The recording's function ARN ends in the literal placeholder `lambda_function_name`.
    {
      recording: 'history-lambda-arn-task',
      definition: 'lambda-arn-task',
      input: {},
      handler: identity,
      functionName: 'lambda_function_name',
    },
    {
      recording: 'history-retry-catch-lambda-arn',
      definition: 'retry-catch-lambda-arn',
      input: { Value1: 'HelloWorld!', Value2: null },
      handler: raisesException,
    },
    {
      recording: 'history-lambda-invoke-integration',
      definition: 'lambda-invoke-integration',
      input: { FunctionName: FUNCTION, Payload: null },
      handler: identity,
    },
    {
      recording: 'history-retry-catch-lambda-invoke',
      definition: 'retry-catch-lambda-invoke',
      input: { FunctionName: FUNCTION, Value1: 'HelloWorld!', Value2: null },
      handler: raisesException,
      recordedBefore: '24-10-2023',
    },
    {
      recording: 'history-task-failed-uncaught',
      definition: 'task-failed-uncaught',
      input: { FunctionName: FUNCTION, Payload: null },
      handler: raisesException,
    },
    // The function sleeps 60 s; the Task's TimeoutSeconds (5) abandons it.
    {
      recording: 'history-lambda-invoke-timeout-caught',
      definition: 'lambda-invoke-timeout-caught',
      input: { FunctionName: FUNCTION, Payload: null },
      handler: sleepsFor(60_000),
    },
  ];

  for (const replay of replays) {
    it(`replays ${replay.recording}`, async () => {
      const functionName = replay.functionName ?? FUNCTION;
      if (replay.handler) lambda.register(functionName, replay.handler);
      const recording = await loadParity<Recording>(`sfn/${replay.recording}.json`);
      const definition = await definitionOf(replay.definition, `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`);
      const { events } = await runMachine(sfn, definition, replay.input);
      const actual = replay.recordedBefore ? historyAsRecordedOn(events, replay.recordedBefore) : events;
      assertHistoryMatches(actual, recording.get_execution_history!.events, replay.recording);
    });
  }

  it('replays history-choice-pass: a matched rule and the Default branch, and DescribeStateMachine', async () => {
    const recording = await loadParity<Recording>('sfn/history-choice-pass.json');
    const described = recording.describe_statemachine as Record<string, unknown>;
    const stateMachineArn = await createMachine(sfn, described.definition);
    const actual = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    const { $metadata: _metadata, ...members } = actual;
    const { ResponseMetadata: _responseMetadata, ...expected } = described;
    assertValueMatches({ ...members, roleArn: 'arn:aws:iam::000000000000:role/role-name' }, expected, 'DescribeStateMachine');
    for (const [key, input] of [
      ['first_path__execution_history', { type: 'Public', value: 3 }],
      ['default_path__execution_history', { type: 'Private', value: 3 }],
    ] as const) {
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
      await waitForExecution(sfn, executionArn!);
      const events = (await historyOf(sfn, executionArn!)).map((event) =>
        // The 2023 recording shows a role ARN, not the `snf_role_arn` placeholder.
        event.executionStartedEventDetails
          ? {
              ...event,
              executionStartedEventDetails: { ...event.executionStartedEventDetails, roleArn: 'arn:aws:iam::000000000000:role/role-name' },
            }
          : event,
      );
      assertHistoryMatches(events, recording[key]!.events, key);
    }
  });

  it('replays history-parallel (with the README caveat: branch events sorted, ParallelStateSucceeded dropped)', async () => {
    const recording = await loadParity<Recording>('sfn/history-parallel.json');
    const recorded = recording.get_execution_history!.events;
    const { events } = await runMachine(sfn, await definitionOf('parallel'), {});
    assert.equal(events.length, recorded.length + 1, 'AWS records ParallelStateSucceeded, which the recording lost');
    recorded.slice(0, 3).forEach((expected, index) => assertEventMatches(events[index], expected, `event #${index + 1}`));
    const branchEvents = events.slice(3, 7);
    assert.deepEqual(
      branchEvents.map((event) => event.id),
      [4, 5, 6, 7],
    );
    for (const event of branchEvents) {
      const entered = branchEvents.find(
        (candidate) =>
          candidate.type === 'PassStateEntered' && candidate.stateEnteredEventDetails?.name === event.stateExitedEventDetails?.name,
      );
      assert.equal(
        event.previousEventId,
        event.type === 'PassStateEntered' ? 3 : entered?.id,
        `${event.type} #${event.id} follows its branch`,
      );
    }
    const unordered = (list: readonly (HistoryEvent | RecordedEvent)[]) =>
      list.map((event) => {
        const { id: _id, previousEventId: _previous, timestamp: _timestamp, ...rest } = event as Record<string, unknown>;
        return rest;
      });
    const expectedBranch = unordered(recorded.slice(3, 7));
    for (const actual of unordered(branchEvents)) {
      const index = expectedBranch.findIndex((candidate) => {
        try {
          assertValueMatches(actual, candidate, 'branch event');
          return true;
        } catch {
          return false;
        }
      });
      assert.ok(index >= 0, `branch event ${JSON.stringify(actual)} is among the recorded ones`);
      expectedBranch.splice(index, 1);
    }
    assert.equal(events[7]?.type, 'ParallelStateSucceeded');
    assert.equal(events[7]?.id, 8);
    assert.equal(events[7]?.previousEventId, 7);
    assertEventMatches(events[8], recorded[7]!, 'ParallelStateExited');
    assertEventMatches(events[9], { ...recorded[8]!, id: 10 }, 'ExecutionSucceeded');
  });

  it('replays history-execution-aborted: StopExecution during a Wait', async () => {
    const recording = await loadParity<Recording>('sfn/history-execution-aborted.json');
    sandbox.stepFunctions.deps.timeScale = 1;
    try {
      const stateMachineArn = await createMachine(sfn, await definitionOf('wait-1-min'));
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
      for (let tries = 0; (await historyOf(sfn, executionArn!)).length < 2 && tries < 100; tries += 1)
        await new Promise((resolve) => setTimeout(resolve, 10));
      const stopped = await sfn.send(new StopExecutionCommand({ executionArn }));
      const { $metadata: _metadata, ...members } = stopped;
      const { ResponseMetadata: _responseMetadata, ...expected } = recording.stop_res as Record<string, unknown>;
      assertValueMatches(members, expected, 'StopExecution');
      assert.ok(stopped.stopDate instanceof Date);
      assert.equal((await waitForExecution(sfn, executionArn!)).status, 'ABORTED');
      assertHistoryMatches(
        await historyOf(sfn, executionArn!),
        (recording.exec_hist_resp as { events: RecordedEvent[] }).events,
        'exec_hist_resp',
      );
    } finally {
      sandbox.stepFunctions.deps.timeScale = 0.01;
    }
  });

  it('answers DescribeExecution of a succeeded execution as AWS does (parity: describe-execution-succeeded)', async () => {
    const recording = await loadParity<Recording>('sfn/describe-execution-succeeded.json');
    const { executionArn } = await runMachine(sfn, await definitionOf('pass-result'));
    const { $metadata: _metadata, ...members } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    const { ResponseMetadata: _responseMetadata, ...expected } = recording.describe_execution as Record<string, unknown>;
    assertValueMatches(members, expected, 'DescribeExecution');
  });

  it('answers DescribeExecution of a failed execution as AWS does (parity: describe-execution-failed)', async () => {
    const recording = await loadParity<Recording>('sfn/describe-execution-failed.json');
    const { executionArn } = await runMachine(sfn, await definitionOf('fail-state'));
    const { $metadata: _metadata, ...members } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    const { ResponseMetadata: _responseMetadata, ...expected } = recording.describe_execution as Record<string, unknown>;
    assertValueMatches(members, expected, 'DescribeExecution');
  });

  it('refuses StartExecution of a deleted state machine (parity: error-start-execution-state-machine-does-not-exist)', async () => {
    const recording = await loadParity<{
      start_exec_of_deleted: { Error: { Code: string; Message: string }; message: string; ResponseMetadata: { HTTPStatusCode: number } };
    }>('sfn/error-start-execution-state-machine-does-not-exist.json');
    const stateMachineArn = await createMachine(sfn, await definitionOf('pass-result'), { name: `statemachine_invalid_${Date.now()}` });
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
    const error = (await sfn.send(new StartExecutionCommand({ stateMachineArn })).catch((e: unknown) => e)) as Error & {
      $metadata: { httpStatusCode: number };
    };
    const expected = recording.start_exec_of_deleted;
    assert.equal(error.name, expected.Error.Code);
    assertValueMatches(error.message, expected.Error.Message, 'message');
    assert.equal(error.message, `State Machine Does Not Exist: '${stateMachineArn}'`);
    assert.equal(error.$metadata.httpStatusCode, expected.ResponseMetadata.HTTPStatusCode);
  });

  it('answers ExecutionDoesNotExist for an unknown execution of an existing machine (parity: error-describe-execution-does-not-exist)', async () => {
    const recording = await loadParity<{ exception: { exception_typename: string; exception_value: string } }>(
      'sfn/error-describe-execution-does-not-exist.json',
    );
    const { executionArn } = await runMachine(sfn, await definitionOf('pass-result'));
    const invalid = `${executionArn.slice(0, -4)}0000`;
    for (const command of [
      new DescribeExecutionCommand({ executionArn: invalid }),
      new GetExecutionHistoryCommand({ executionArn: invalid }),
    ]) {
      const error = (await sfn.send(command as DescribeExecutionCommand).catch((e: unknown) => e)) as Error;
      assert.equal(error.name, recording.exception.exception_typename);
      assert.equal(error.message, `Execution Does Not Exist: '${invalid}'`);
      assert.ok(recording.exception.exception_value.endsWith("Execution Does Not Exist: 'invalid_execution_arn'"));
    }
  });
});
