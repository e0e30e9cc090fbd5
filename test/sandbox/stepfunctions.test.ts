import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListStateMachineVersionsCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import { startSandbox } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';
import { createMachine, failure, historyOf, ROLE_ARN, runMachine, typesOf, waitForExecution } from '../fixtures/stepfunctions/sfn-client';

/** The Step Functions API of the sandbox through the unmodified SDK client. */
const passMachine = (result: unknown = { done: true }) => ({ StartAt: 'P', States: { P: { Type: 'Pass', Result: result, End: true } } });
const waitMachine = (seconds: number) => ({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: seconds, End: true } } });

describe('Step Functions API through the unmodified SDK client', () => {
  let sandbox: Sandbox;
  let sfn: SFNClient;

  before(async () => {
    const started = await startSandbox();
    sandbox = started.sandbox;
    sfn = new SFNClient(started.config);
  });
  after(async () => {
    sfn.destroy();
    await sandbox.stop();
  });

  describe('state machines', () => {
    it('creates a state machine with a sandbox ARN, idempotently for an identical request', async () => {
      const request = { name: 'ingest-positions', roleArn: ROLE_ARN, definition: JSON.stringify(passMachine()) };
      const first = await sfn.send(new CreateStateMachineCommand(request));
      assert.equal(first.stateMachineArn, 'arn:aws:states:us-east-1:000000000000:stateMachine:ingest-positions');
      assert.ok(first.creationDate instanceof Date);
      const again = await sfn.send(new CreateStateMachineCommand(request));
      assert.equal(again.creationDate?.getTime(), first.creationDate?.getTime());
      const error = await failure(sfn.send(new CreateStateMachineCommand({ ...request, definition: JSON.stringify(passMachine(2)) })));
      assert.equal(error.name, 'StateMachineAlreadyExists');
      assert.equal(error.message, `State Machine Already Exists: '${first.stateMachineArn}'`);
      assert.equal(error.$metadata.httpStatusCode, 400);
    });

    it('refuses an invalid definition with a message naming the problem', async () => {
      const error = await failure(
        sfn.send(new CreateStateMachineCommand({ name: 'invalid', roleArn: ROLE_ARN, definition: JSON.stringify({ StartAt: 'A' }) })),
      );
      assert.equal(error.name, 'InvalidDefinition');
      assert.equal(error.message, "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'");
    });

    it('refuses what the interpreter cannot honour, naming the feature and the state', async () => {
      const definition = {
        StartAt: 'Job',
        States: {
          Job: { Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun.sync', Parameters: { JobName: 'etl' }, End: true },
        },
      };
      const error = await failure(
        sfn.send(new CreateStateMachineCommand({ name: 'glue-job', roleArn: ROLE_ARN, definition: JSON.stringify(definition) })),
      );
      assert.equal(error.name, 'InvalidDefinition');
      assert.match(
        error.message,
        /UNSUPPORTED_BY_SANDBOX: The postflight sandbox cannot run the resource 'arn:aws:states:::glue:startJobRun\.sync' \(it does not run glue startJobRun\.sync tasks\); it deploys with a mock configuration file .* at \/States\/Job\/Resource/,
      );
    });

    it('refuses names Step Functions does not allow', async () => {
      for (const name of ['has space', 'a'.repeat(81), 'with/slash', '']) {
        const error = await failure(
          sfn.send(new CreateStateMachineCommand({ name, roleArn: ROLE_ARN, definition: JSON.stringify(passMachine()) })),
        );
        assert.equal(error.name, 'InvalidName', name);
        assert.equal(error.message, `Invalid Name: '${name}'`);
      }
    });

    it('updates a definition with a new revision, and refuses an update that changes nothing', async () => {
      const stateMachineArn = await createMachine(sfn, passMachine('before'));
      const updated = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: JSON.stringify(passMachine('after')) }));
      assert.match(updated.revisionId!, /^[0-9a-f-]{36}$/);
      assert.ok(updated.updateDate instanceof Date);
      const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
      assert.equal(described.revisionId, updated.revisionId);
      assert.equal(described.definition, JSON.stringify(passMachine('after')));
      const error = await failure(sfn.send(new UpdateStateMachineCommand({ stateMachineArn })));
      assert.equal(error.name, 'MissingRequiredParameter');
      assert.equal(
        error.message,
        'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified',
      );
    });

    it('lists state machines by name, page by page', async () => {
      const prefix = `list-${Date.now()}`;
      for (const suffix of ['c', 'a', 'b']) await createMachine(sfn, passMachine(), { name: `${prefix}-${suffix}` });
      const names: string[] = [];
      let nextToken: string | undefined;
      do {
        const listed = await sfn.send(new ListStateMachinesCommand({ maxResults: 2, nextToken }));
        assert.ok(listed.stateMachines!.length <= 2);
        names.push(...listed.stateMachines!.map((machine) => machine.name!));
        nextToken = listed.nextToken;
      } while (nextToken);
      assert.deepEqual(
        names.filter((name) => name.startsWith(prefix)),
        [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`],
      );
      assert.deepEqual([...names].sort(), names);
      const error = await failure(sfn.send(new ListStateMachinesCommand({ maxResults: 1001 })));
      assert.equal(error.name, 'ValidationException');
      assert.equal(
        error.message,
        "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
      );
    });

    it('deletes a state machine: it no longer exists, deleting again is not an error', async () => {
      const stateMachineArn = await createMachine(sfn, passMachine());
      await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
      await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
      const error = await failure(sfn.send(new DescribeStateMachineCommand({ stateMachineArn })));
      assert.equal(error.name, 'StateMachineDoesNotExist');
      assert.equal(error.message, `State Machine Does Not Exist: '${stateMachineArn}'`);
    });

    it('validates a definition without creating anything', async () => {
      const ok = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(passMachine()) }));
      assert.deepEqual({ result: ok.result, diagnostics: ok.diagnostics }, { result: 'OK', diagnostics: [] });
      const failed = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify({ States: {} }) }));
      assert.equal(failed.result, 'FAIL');
      assert.deepEqual(failed.diagnostics, [
        { severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: 'These fields are required: [StartAt]', location: '/' },
      ]);
    });

    it('refuses malformed ARNs as InvalidArn', async () => {
      const error = await failure(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: 'not_a_valid_arn' })));
      assert.equal(error.name, 'InvalidArn');
      assert.equal(error.message, "Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'");
    });
  });

  describe('executions', () => {
    it('refuses input that is not JSON, and names that are too long', async () => {
      const stateMachineArn = await createMachine(sfn, passMachine());
      const notJson = await failure(sfn.send(new StartExecutionCommand({ stateMachineArn, input: "{'a': 1}" })));
      assert.equal(notJson.name, 'InvalidExecutionInput');
      assert.match(notJson.message, /^Invalid State Machine Execution Input: '.+'$/);
      const empty = await failure(sfn.send(new StartExecutionCommand({ stateMachineArn, input: '' })));
      assert.equal(empty.message, "Invalid State Machine Execution Input: 'Invalid execution input.'");
      const long = await failure(sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'x'.repeat(81) })));
      assert.equal(long.name, 'InvalidName');
      for (const input of ['1', '"text"', 'null']) {
        const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input }));
        assert.equal((await waitForExecution(sfn, executionArn!)).output, JSON.stringify({ done: true }));
      }
    });

    it('starts a running execution again idempotently, and refuses a name in use otherwise', async () => {
      const stateMachineArn = await createMachine(sfn, waitMachine(3600));
      const first = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'daily-run', input: '{"day":1}' }));
      const again = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'daily-run', input: '{"day":1}' }));
      assert.equal(again.executionArn, first.executionArn);
      assert.equal(again.startDate?.getTime(), first.startDate?.getTime());
      const other = await failure(sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'daily-run', input: '{"day":2}' })));
      assert.equal(other.name, 'ExecutionAlreadyExists');
      assert.equal(other.message, `Execution Already Exists: '${first.executionArn}'`);
      await sfn.send(new StopExecutionCommand({ executionArn: first.executionArn }));
      const closed = await failure(sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'daily-run', input: '{"day":1}' })));
      assert.equal(closed.name, 'ExecutionAlreadyExists');
    });

    it('stops a running execution: ABORTED with the given error and cause', async () => {
      const stateMachineArn = await createMachine(sfn, waitMachine(3600));
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
      const stopped = await sfn.send(
        new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'Cancelled by the release manager' }),
      );
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      assert.equal(described.status, 'ABORTED');
      assert.equal(described.stopDate?.getTime(), stopped.stopDate?.getTime());
      assert.deepEqual(
        [described.error, described.cause, described.redriveStatus],
        ['Operator', 'Cancelled by the release manager', 'REDRIVABLE'],
      );
      const events = await historyOf(sfn, executionArn!);
      assert.deepEqual(events.at(-1)!.executionAbortedEventDetails, { error: 'Operator', cause: 'Cancelled by the release manager' });
    });

    it('describes a running execution as not redrivable, without stopDate or output', async () => {
      const stateMachineArn = await createMachine(sfn, waitMachine(3600));
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
      const { $metadata: _metadata, ...described } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      assert.deepEqual(Object.keys(described).sort(), [
        'executionArn',
        'input',
        'inputDetails',
        'name',
        'redriveCount',
        'redriveStatus',
        'redriveStatusReason',
        'startDate',
        'stateMachineArn',
        'status',
      ]);
      assert.equal(described.redriveStatusReason, 'Execution is RUNNING and cannot be redriven');
      await sfn.send(new StopExecutionCommand({ executionArn }));
    });

    it('lists executions newest first, filtered by status, page by page', async () => {
      const stateMachineArn = await createMachine(sfn, passMachine());
      const started: string[] = [];
      for (let index = 0; index < 5; index += 1) {
        const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: `run-${index}` }));
        started.push(executionArn!);
        await waitForExecution(sfn, executionArn!);
      }
      const listed: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 2, nextToken }));
        for (const item of page.executions!) {
          assert.deepEqual(Object.keys(item).sort(), [
            'executionArn',
            'name',
            'redriveCount',
            'startDate',
            'stateMachineArn',
            'status',
            'stopDate',
          ]);
          listed.push(item.executionArn!);
        }
        nextToken = page.nextToken;
      } while (nextToken);
      assert.deepEqual(listed, [...started].reverse());
      assert.equal((await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING' }))).executions!.length, 0);
      assert.equal((await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'SUCCEEDED' }))).executions!.length, 5);
      const error = await failure(sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'succeeded' as 'SUCCEEDED' })));
      assert.equal(error.name, 'ValidationException');
      assert.equal(
        error.message,
        "1 validation error detected: Value 'succeeded' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]",
      );
    });

    it('pages the history, in reverse order on request, and without execution data on request', async () => {
      const { executionArn, events } = await runMachine(
        sfn,
        { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'C' }, C: { Type: 'Pass', End: true } } },
        { secret: 1 },
      );
      assert.equal(events.length, 8);
      const first = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3 }));
      assert.deepEqual(
        first.events!.map((event) => event.id),
        [1, 2, 3],
      );
      const second = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3, nextToken: first.nextToken }));
      assert.deepEqual(
        second.events!.map((event) => event.id),
        [4, 5, 6],
      );
      const reversed = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }));
      assert.deepEqual(
        reversed.events!.map((event) => event.id),
        [8, 7, 6, 5, 4, 3, 2, 1],
      );
      assert.equal(reversed.nextToken, undefined);
      const withoutData = await sfn.send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }));
      assert.deepEqual(withoutData.events?.[0]?.executionStartedEventDetails, { roleArn: ROLE_ARN });
      assert.deepEqual(withoutData.events?.[1]?.stateEnteredEventDetails, { name: 'A' });
      const error = await failure(sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken: 'bogus' })));
      assert.equal(error.name, 'InvalidToken');
    });

    it('describes the state machine an execution ran, as it was when it started', async () => {
      const stateMachineArn = await createMachine(sfn, waitMachine(3600));
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
      await sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: JSON.stringify(passMachine()) }));
      const { $metadata: _metadata, ...described } = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
      assert.equal(described.definition, JSON.stringify(waitMachine(3600)));
      assert.deepEqual(Object.keys(described).sort(), [
        'definition',
        'loggingConfiguration',
        'name',
        'roleArn',
        'stateMachineArn',
        'tracingConfiguration',
        'updateDate',
      ]);
      await sfn.send(new StopExecutionCommand({ executionArn }));
    });

    it('times an execution out at the state machine TimeoutSeconds: TIMED_OUT', async () => {
      sandbox.stepFunctions.deps.timeScale = 0.001;
      try {
        const { description, events } = await runMachine(sfn, { TimeoutSeconds: 1, ...waitMachine(60) });
        assert.equal(description.status, 'TIMED_OUT');
        assert.equal(description.redriveStatus, 'REDRIVABLE');
        assert.deepEqual(typesOf(events), ['ExecutionStarted', 'WaitStateEntered', 'ExecutionTimedOut']);
      } finally {
        sandbox.stepFunctions.deps.timeScale = 1;
      }
    });

    it('runs an EXPRESS state machine synchronously (StartSyncExecution), and refuses a STANDARD one', async () => {
      // StartSyncExecution is modelled with the host prefix `sync-`, which cannot be prepended to
      // an IP-address endpoint: the client has to disable host prefixes for this one operation.
      const syncClient = new SFNClient({ ...sandbox.clientConfig(), disableHostPrefix: true });
      try {
        const express = await createMachine(
          sfn,
          { StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'doubled.$': 'States.MathAdd($.n, $.n)' }, End: true } } },
          { type: 'EXPRESS' },
        );
        const { $metadata: _metadata, ...result } = await syncClient.send(
          new StartSyncExecutionCommand({ stateMachineArn: express, input: '{"n":21}' }),
        );
        assert.equal(result.status, 'SUCCEEDED');
        assert.equal(result.output, '{"doubled":42}');
        assert.match(result.executionArn!, /^arn:aws:states:us-east-1:000000000000:express:/);
        assert.ok((result.billingDetails?.billedDurationInMilliseconds ?? 0) >= 100);
        const standard = await createMachine(sfn, passMachine());
        const error = await failure(syncClient.send(new StartSyncExecutionCommand({ stateMachineArn: standard })));
        assert.equal(error.name, 'StateMachineTypeNotSupported');
        assert.equal(error.message, 'This operation is not supported by this type of state machine');
      } finally {
        syncClient.destroy();
      }
    });

    it('answers an operation it does not implement uniformly', async () => {
      const error = await failure(
        sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: `arn:aws:states:us-east-1:000000000000:stateMachine:x` })),
      );
      assert.equal(error.name, 'InternalFailure');
      assert.equal(error.$metadata.httpStatusCode, 501);
    });
  });
});

describe('Step Functions when the sandbox stops', () => {
  it('stops running executions and their timers', async () => {
    const { sandbox, config } = await startSandbox();
    const sfn = new SFNClient(config);
    const stateMachineArn = await createMachine(sfn, waitMachine(3600));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
    sfn.destroy();
    const started = Date.now();
    await sandbox.stop();
    assert.ok(Date.now() - started < 2_000, 'stopping does not wait for the hour-long Wait');
    await sandbox.stepFunctions.executionFinished(executionArn!);
  });
});
