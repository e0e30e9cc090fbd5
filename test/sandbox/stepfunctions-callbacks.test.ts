import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateActivityCommand,
  DeleteActivityCommand,
  DescribeActivityCommand,
  GetActivityTaskCommand,
  ListActivitiesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { startSandbox } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';
import { LambdaStandIn } from '../fixtures/stepfunctions/lambda-stand-in';
import { createMachine, failure, historyOf, runMachine, typesOf, waitForExecution } from '../fixtures/stepfunctions/sfn-client';

/**
 * Callbacks through the SDK: `.waitForTaskToken` (the token in `$$.Task.Token`, SendTaskSuccess /
 * SendTaskFailure / SendTaskHeartbeat, HeartbeatSeconds and TimeoutSeconds enforced) and
 * activities (CreateActivity … GetActivityTask, a worker answering with its task token).
 */
const detailsOf = (events: HistoryEvent[], type: string) =>
  Object.entries(events.find((event) => event.type === type) ?? {}).find(([key]) => key.endsWith('EventDetails'))?.[1] as
    Record<string, unknown> | undefined;

describe('Step Functions callbacks and activities', () => {
  let sandbox: Sandbox;
  let sfn: SFNClient;
  const lambda = new LambdaStandIn();
  /** The task tokens the `notify` function was given, in order. */
  const tokens: string[] = [];

  before(async () => {
    const started = await startSandbox({ providers: { lambda }, timeScale: 0.01 });
    sandbox = started.sandbox;
    sfn = new SFNClient(started.config);
    lambda.register('notify', async (event) => {
      tokens.push((event as { token: string }).token);
      return { notified: true };
    });
  });
  after(async () => {
    sfn.destroy();
    await sandbox.stop();
  });

  /** Starts a machine whose one state invokes `notify` with its task token, and waits for the token. */
  async function startCallback(state: Record<string, unknown> = {}, more: Record<string, unknown> = {}) {
    const before = tokens.length;
    const stateMachineArn = await createMachine(sfn, {
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: 'notify', Payload: { 'token.$': '$$.Task.Token' } },
          End: true,
          ...state,
        },
        ...more,
      },
    });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
    for (let waited = 0; tokens.length === before && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    return { executionArn: executionArn!, token: tokens.at(-1)! };
  }

  describe('.waitForTaskToken', () => {
    it('gives the task a token in its context object and succeeds with what SendTaskSuccess sends', async () => {
      const { executionArn, token } = await startCallback();
      assert.match(token, /^AQ[A-Za-z0-9+/=]{300,}$/);
      await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: true }) }));
      const description = await waitForExecution(sfn, executionArn);
      assert.equal(description.status, 'SUCCEEDED');
      assert.equal(description.output, '{"approved":true}');
      const events = await historyOf(sfn, executionArn);
      assert.deepEqual(typesOf(events), [
        'ExecutionStarted',
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskSubmitted',
        'TaskSucceeded',
        'TaskStateExited',
        'ExecutionSucceeded',
      ]);
      assert.equal(detailsOf(events, 'TaskScheduled')?.resource, 'invoke.waitForTaskToken');
      // TaskSubmitted holds the Invoke response; the task's result is the callback's output.
      assert.deepEqual(JSON.parse(String(detailsOf(events, 'TaskSubmitted')?.output)).Payload, { notified: true });
      const second = await failure(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })));
      assert.equal(second.name, 'TaskTimedOut');
      assert.equal(second.message, "Task Timed Out: 'Provided task does not exist anymore'");
    });

    it('fails the task with what SendTaskFailure sends, a catcher seeing null for what it leaves out', async () => {
      const withCatch = {
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Caught' }],
        End: undefined,
        Next: 'Caught',
      };
      const { executionArn, token } = await startCallback(withCatch, { Caught: { Type: 'Pass', End: true } });
      await sfn.send(new SendTaskFailureCommand({ taskToken: token }));
      const description = await waitForExecution(sfn, executionArn);
      assert.equal(description.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(description.output!).failure, { Error: null, Cause: null });
      const events = await historyOf(sfn, executionArn);
      assert.deepEqual(detailsOf(events, 'TaskFailed'), { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' });

      const failing = await startCallback();
      await sfn.send(new SendTaskFailureCommand({ taskToken: failing.token, error: 'Rejected', cause: 'not approved' }));
      const failed = await waitForExecution(sfn, failing.executionArn);
      assert.equal(failed.status, 'FAILED');
      assert.equal(failed.error, 'Rejected');
      assert.equal(failed.cause, 'not approved');
    });

    it('times out without a heartbeat for HeartbeatSeconds (States.Timeout, catchable as States.HeartbeatTimeout); a heartbeat keeps it alive', async () => {
      const heartbeat = {
        HeartbeatSeconds: 1,
        Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], Next: 'Late' }],
        End: undefined,
        Next: 'Late',
      };
      const silent = await startCallback(heartbeat, { Late: { Type: 'Pass', End: true } });
      const timedOut = await waitForExecution(sfn, silent.executionArn);
      assert.equal(timedOut.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(timedOut.output!), { Error: 'States.Timeout', Cause: '' });
      const events = await historyOf(sfn, silent.executionArn);
      assert.deepEqual(detailsOf(events, 'TaskTimedOut'), {
        resourceType: 'lambda',
        resource: 'invoke.waitForTaskToken',
        error: 'States.Timeout',
      });
      assert.equal(detailsOf(events, 'TaskScheduled')?.heartbeatInSeconds, 1);

      const kept = await startCallback({ HeartbeatSeconds: 1 });
      for (let beat = 0; beat < 3; beat += 1) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await sfn.send(new SendTaskHeartbeatCommand({ taskToken: kept.token }));
      }
      await sfn.send(new SendTaskSuccessCommand({ taskToken: kept.token, output: '"done"' }));
      assert.equal((await waitForExecution(sfn, kept.executionArn)).output, '"done"');
    });

    it('times out after TimeoutSeconds however many heartbeats come', async () => {
      const { executionArn, token } = await startCallback({ TimeoutSeconds: 1 });
      const beating = setInterval(() => void sfn.send(new SendTaskHeartbeatCommand({ taskToken: token })).catch(() => undefined), 200);
      const description = await waitForExecution(sfn, executionArn);
      clearInterval(beating);
      assert.equal(description.status, 'FAILED');
      assert.equal(description.error, 'States.Timeout');
    });

    it('answers InvalidToken for a token it never issued', async () => {
      for (const send of [
        () => sfn.send(new SendTaskSuccessCommand({ taskToken: 'NoSuchTaskToken', output: '{}' })),
        () => sfn.send(new SendTaskFailureCommand({ taskToken: 'NoSuchTaskToken' })),
        () => sfn.send(new SendTaskHeartbeatCommand({ taskToken: 'NoSuchTaskToken' })),
      ]) {
        const error = await failure(send());
        assert.equal(error.name, 'InvalidToken');
        assert.equal(error.message, "Invalid Token: 'Invalid token'");
      }
    });

    it('refuses output that is not JSON, leaving the task waiting', async () => {
      const { executionArn, token } = await startCallback();
      const error = await failure(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: 'not json' })));
      assert.equal(error.name, 'InvalidOutput');
      await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '1' }));
      assert.equal((await waitForExecution(sfn, executionArn)).output, '1');
    });
  });

  describe('activities', () => {
    it('creates (idempotently), describes, lists and deletes activities', async () => {
      const created = await sfn.send(new CreateActivityCommand({ name: 'review' }));
      assert.equal(created.activityArn, 'arn:aws:states:us-east-1:000000000000:activity:review');
      const again = await sfn.send(new CreateActivityCommand({ name: 'review' }));
      assert.equal(again.creationDate?.getTime(), created.creationDate?.getTime());
      const described = await sfn.send(new DescribeActivityCommand({ activityArn: created.activityArn }));
      assert.equal(described.name, 'review');
      assert.deepEqual(described.encryptionConfiguration, { type: 'AWS_OWNED_KEY' });
      const listed = await sfn.send(new ListActivitiesCommand({}));
      assert.ok(listed.activities?.some((activity) => activity.activityArn === created.activityArn));
      await sfn.send(new DeleteActivityCommand({ activityArn: created.activityArn }));
      const gone = await failure(sfn.send(new DescribeActivityCommand({ activityArn: created.activityArn })));
      assert.equal(gone.name, 'ActivityDoesNotExist');
      assert.equal(gone.message, `Activity Does Not Exist: '${created.activityArn}'`);
      const invalid = await failure(sfn.send(new GetActivityTaskCommand({ activityArn: 'no_an_activity_arn' })));
      assert.equal(invalid.name, 'InvalidArn');
      assert.equal(invalid.message, "Invalid Arn: 'Invalid ARN prefix: no_an_activity_arn'");
      const invalidName = await failure(sfn.send(new CreateActivityCommand({ name: 'activity name' })));
      assert.equal(invalidName.name, 'InvalidName');
    });

    it('hands a scheduled task to a polling worker and completes the state with its answer', async () => {
      const { activityArn } = await sfn.send(new CreateActivityCommand({ name: 'approve' }));
      const poll = sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'reviewer-1' }));
      const { executionArn } = await runStart({
        StartAt: 'Approve',
        States: { Approve: { Type: 'Task', Resource: activityArn, TimeoutSeconds: 60, HeartbeatSeconds: 30, End: true } },
      });
      const task = await poll;
      assert.equal(task.input, '{"file":"positions.csv"}');
      await sfn.send(new SendTaskHeartbeatCommand({ taskToken: task.taskToken }));
      await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"approved":true}' }));
      assert.equal((await waitForExecution(sfn, executionArn)).output, '{"approved":true}');
      const events = await historyOf(sfn, executionArn);
      assert.deepEqual(typesOf(events).slice(2, 5), ['ActivityScheduled', 'ActivityStarted', 'ActivitySucceeded']);
      assert.deepEqual(detailsOf(events, 'ActivityScheduled'), {
        resource: activityArn,
        input: '{"file":"positions.csv"}',
        inputDetails: { truncated: false },
        timeoutInSeconds: 60,
        heartbeatInSeconds: 30,
      });
      assert.deepEqual(detailsOf(events, 'ActivityStarted'), { workerName: 'reviewer-1' });
    });

    it('records ActivityFailed, ActivityTimedOut, and a deleted activity as the runtime error AWS reports', async () => {
      const { activityArn } = await sfn.send(new CreateActivityCommand({ name: 'fragile' }));
      const failing = await runStart({ StartAt: 'A', States: { A: { Type: 'Task', Resource: activityArn, End: true } } });
      const task = await sfn.send(new GetActivityTaskCommand({ activityArn }));
      await sfn.send(new SendTaskFailureCommand({ taskToken: task.taskToken, error: 'Programmatic Error', cause: 'bad row' }));
      const failed = await waitForExecution(sfn, failing.executionArn);
      assert.equal(failed.error, 'Programmatic Error');
      assert.deepEqual(detailsOf(await historyOf(sfn, failing.executionArn), 'ActivityFailed'), {
        error: 'Programmatic Error',
        cause: 'bad row',
      });

      const slow = await runStart({ StartAt: 'A', States: { A: { Type: 'Task', Resource: activityArn, TimeoutSeconds: 1, End: true } } });
      await sfn.send(new GetActivityTaskCommand({ activityArn }));
      const timedOut = await waitForExecution(sfn, slow.executionArn);
      assert.equal(timedOut.error, 'States.Timeout');
      assert.deepEqual(typesOf(await historyOf(sfn, slow.executionArn)).slice(-2), ['ActivityTimedOut', 'ExecutionFailed']);

      await sfn.send(new DeleteActivityCommand({ activityArn }));
      const { description } = await runMachine(sfn, { StartAt: 'A', States: { A: { Type: 'Task', Resource: activityArn, End: true } } });
      assert.equal(description.error, 'States.Runtime');
      assert.equal(
        description.cause,
        `An error occurred while executing the state 'A' (entered at the event id #2). The activity ${activityArn} does not exist.`,
      );
    });

    it('answers a poll without a task when none comes', async () => {
      const { activityArn } = await sfn.send(new CreateActivityCommand({ name: 'idle' }));
      const poll = sfn.send(new GetActivityTaskCommand({ activityArn }));
      await sfn.send(new DeleteActivityCommand({ activityArn }));
      const answer = await poll;
      assert.equal(answer.taskToken, undefined);
    });
  });

  async function runStart(definition: unknown) {
    const stateMachineArn = await createMachine(sfn, definition);
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ file: 'positions.csv' }) }),
    );
    return { executionArn: executionArn! };
  }
});
