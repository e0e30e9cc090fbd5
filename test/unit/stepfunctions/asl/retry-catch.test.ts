import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { localProvider, typesOf } from '../../../fixtures/stepfunctions/local-provider';
import { LambdaStandIn, sleepsFor } from '../../../fixtures/stepfunctions/lambda-stand-in';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:flaky';

/** A function that fails `failures` times, then echoes its event. */
function flaky(failures: number, errorType = 'Flaky'): LambdaStandIn {
  let calls = 0;
  return new LambdaStandIn().register('flaky', async (event) => {
    calls += 1;
    if (calls <= failures) {
      const error = new Error(`failure ${calls}`);
      error.name = errorType;
      throw error;
    }
    return event;
  });
}

describe('Retry timing with timeScale (asl/retry-catch)', () => {
  const cases: Array<{
    in: { retrier: Record<string, unknown>; failures: number; timeScale: number };
    out: { gapsMs: number[]; status: string };
  }> = [
    {
      in: { retrier: { ErrorEquals: ['Flaky'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 3 }, failures: 2, timeScale: 0.02 },
      out: { gapsMs: [40, 120], status: 'SUCCEEDED' },
    },
    {
      in: {
        retrier: { ErrorEquals: ['States.ALL'], IntervalSeconds: 10, BackoffRate: 2, MaxDelaySeconds: 15 },
        failures: 3,
        timeScale: 0.01,
      },
      out: { gapsMs: [100, 150, 150], status: 'SUCCEEDED' },
    },
    {
      in: { retrier: { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 5, MaxAttempts: 1 }, failures: 2, timeScale: 0.01 },
      out: { gapsMs: [50], status: 'FAILED' },
    },
  ];
  for (const { in: given, out } of cases) {
    it(`${JSON.stringify(given.retrier)} after ${given.failures} failures waits ${out.gapsMs.join(', ')} ms (scaled)`, async () => {
      const { run } = localProvider({ lambda: flaky(given.failures), timeScale: given.timeScale });
      const outcome = await run(
        { StartAt: 'T', States: { T: { Type: 'Task', Resource: FUNCTION_ARN, Retry: [given.retrier], End: true } } },
        { x: 1 },
      );
      assert.equal(outcome.status, out.status);
      const failed = outcome.events.filter((event) => event.type === 'LambdaFunctionFailed');
      const scheduled = outcome.events.filter((event) => event.type === 'LambdaFunctionScheduled');
      assert.equal(scheduled.length, out.gapsMs.length + 1, 'one attempt per retry, plus the first');
      out.gapsMs.forEach((expected, index) => {
        const gap = scheduled[index + 1]!.timestamp!.getTime() - failed[index]!.timestamp!.getTime();
        assert.ok(gap >= expected - 2 && gap < expected + 80, `retry ${index + 1}: waited ${gap} ms, expected about ${expected}`);
      });
    });
  }

  it('counts $$.State.RetryCount across attempts', async () => {
    const lambda = flaky(2);
    const { run } = localProvider({ lambda });
    const outcome = await run({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: FUNCTION_ARN,
          Parameters: { 'attempt.$': '$$.State.RetryCount' },
          ResultSelector: { 'retries.$': '$$.State.RetryCount' },
          Retry: [{ ErrorEquals: ['States.ALL'] }],
          End: true,
        },
      },
    });
    assert.deepEqual(
      lambda.calls.map((call) => call.event),
      [{ attempt: 0 }, { attempt: 1 }, { attempt: 2 }],
    );
    assert.deepEqual(outcome.output, { retries: 2 });
  });

  it('lets only the first matching retrier decide, then catches', async () => {
    const { run } = localProvider({ lambda: flaky(5) });
    const outcome = await run(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: FUNCTION_ARN,
            Retry: [
              { ErrorEquals: ['Flaky'], MaxAttempts: 1 },
              { ErrorEquals: ['States.ALL'], MaxAttempts: 5 },
            ],
            Catch: [{ ErrorEquals: ['Flaky'], ResultPath: '$.error', Next: 'Handled' }],
            End: true,
          },
          Handled: { Type: 'Pass', End: true },
        },
      },
      { id: 7 },
    );
    assert.equal(typesOf(outcome.events).filter((type) => type === 'LambdaFunctionScheduled').length, 2);
    assert.equal(outcome.status, 'SUCCEEDED');
    const output = outcome.output as { id: number; error: { Error: string; Cause: string } };
    assert.equal(output.id, 7);
    assert.equal(output.error.Error, 'Flaky');
    assert.deepEqual(JSON.parse(output.error.Cause), { errorType: 'Flaky', errorMessage: 'failure 2', trace: [] });
  });

  it('does not retry with MaxAttempts 0', async () => {
    const { run } = localProvider({ lambda: flaky(1) });
    const outcome = await run({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: FUNCTION_ARN, Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 0 }], End: true } },
    });
    assert.equal(outcome.status, 'FAILED');
    assert.equal(outcome.error, 'Flaky');
  });

  // As recorded (test_parallel_state_retry): an attempt that is retried records no ParallelStateFailed.
  it('retries a failed Parallel as a whole', async () => {
    const { run } = localProvider({ lambda: flaky(1) });
    const outcome = await run(
      {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            Branches: [{ StartAt: 'T', States: { T: { Type: 'Task', Resource: FUNCTION_ARN, End: true } } }],
            Retry: [{ ErrorEquals: ['Flaky'] }],
            End: true,
          },
        },
      },
      { v: 1 },
    );
    assert.equal(outcome.status, 'SUCCEEDED');
    assert.deepEqual(outcome.output, [{ v: 1 }]);
    assert.deepEqual(
      typesOf(outcome.events).filter((type) => type.startsWith('Parallel')),
      ['ParallelStateEntered', 'ParallelStateStarted', 'ParallelStateStarted', 'ParallelStateSucceeded', 'ParallelStateExited'],
    );
  });
});

describe('Timeouts keep their order with waits whatever the time scale (asl/clock, asl/task-timeout)', () => {
  it('a Task times out at its TimeoutSeconds while a parallel 60 s Wait passes in 60 ms', async () => {
    const lambda = new LambdaStandIn().register('slow', sleepsFor(5_000));
    const { run } = localProvider({ lambda, timeScale: 0.001 });
    const started = Date.now();
    const outcome = await run({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'T',
              States: {
                T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:slow', TimeoutSeconds: 10, End: true },
              },
            },
            { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } },
          ],
          Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'TimedOut' }],
          End: true,
        },
        TimedOut: { Type: 'Pass', End: true },
      },
    });
    assert.ok(Date.now() - started < 2_000, 'the nominal minute passed in well under real seconds');
    assert.deepEqual(outcome.output, { Error: 'States.Timeout', Cause: '' });
    const types = typesOf(outcome.events);
    assert.ok(types.indexOf('LambdaFunctionTimedOut') >= 0);
    assert.equal(types.indexOf('WaitStateExited'), -1, 'the Wait (60 s) is abandoned by the Task timeout (10 s), as on AWS');
    assert.ok(types.includes('WaitStateAborted'));
    const timedOut = outcome.events.find((event) => event.type === 'LambdaFunctionTimedOut')!;
    assert.deepEqual(timedOut.lambdaFunctionTimedOutEventDetails, { error: 'States.Timeout' });
    const aborted = outcome.events.find((event) => event.type === 'WaitStateAborted')!;
    assert.equal(aborted.previousEventId, timedOut.id, 'the aborted state points at the failure');
  });

  it('the state machine TimeoutSeconds ends a longer Wait: TIMED_OUT', async () => {
    const { run } = localProvider({ timeScale: 0.001 });
    const outcome = await run({
      TimeoutSeconds: 30,
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 60, Next: 'P' }, P: { Type: 'Pass', End: true } },
    });
    assert.equal(outcome.status, 'TIMED_OUT');
    assert.deepEqual(typesOf(outcome.events), ['ExecutionStarted', 'WaitStateEntered', 'ExecutionTimedOut']);
    assert.equal(outcome.error, undefined);
  });

  it('a shorter Wait finishes before the state machine TimeoutSeconds', async () => {
    const { run } = localProvider({ timeScale: 0.001 });
    const outcome = await run({ TimeoutSeconds: 30, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 20, End: true } } });
    assert.equal(outcome.status, 'SUCCEEDED');
  });
});

describe('Map concurrency and failures (asl/concurrent-runs)', () => {
  it('runs at most MaxConcurrency iterations at a time', async () => {
    let running = 0;
    let peak = 0;
    const lambda = new LambdaStandIn().register('work', async (event) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 15));
      running -= 1;
      return event;
    });
    const { run } = localProvider({ lambda });
    const outcome = await run(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            MaxConcurrency: 2,
            ItemProcessor: {
              StartAt: 'T',
              States: { T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:work', End: true } },
            },
            End: true,
          },
        },
      },
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(outcome.output, [1, 2, 3, 4, 5]);
    assert.equal(peak, 2);
  });

  it('abandons the other iterations when one fails: TaskStateAborted, MapIterationAborted, MapStateFailed', async () => {
    const lambda = new LambdaStandIn().register('work', async (event) => {
      if (event === 'bad') throw new Error('bad item');
      await new Promise((resolve) => setTimeout(resolve, 200));
      return event;
    });
    const { run } = localProvider({ lambda });
    const outcome = await run(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemProcessor: {
              StartAt: 'T',
              States: { T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:work', End: true } },
            },
            End: true,
          },
        },
      },
      ['slow', 'bad'],
    );
    assert.equal(outcome.status, 'FAILED');
    assert.equal(outcome.error, 'Error');
    const types = typesOf(outcome.events);
    assert.deepEqual(types.slice(-6), [
      'LambdaFunctionFailed',
      'MapIterationFailed',
      'TaskStateAborted',
      'MapIterationAborted',
      'MapStateFailed',
      'ExecutionFailed',
    ]);
    const failed = outcome.events.find((event) => event.type === 'LambdaFunctionFailed')!;
    for (const event of outcome.events.filter((candidate) => /Aborted|MapIterationFailed|MapStateFailed/.test(candidate.type!))) {
      assert.equal(event.previousEventId, failed.id, `${event.type} points at the failure`);
    }
    assert.deepEqual(outcome.events.find((event) => event.type === 'MapIterationAborted')!.mapIterationAbortedEventDetails, {
      name: 'M',
      index: 0,
    });
  });
});
