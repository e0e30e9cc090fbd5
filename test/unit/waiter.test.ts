import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor, WaitFailedError, WaitTimeoutError, type CheckResult } from '../../support/waiter';

const fast = { firstMs: 5, maxMs: 20, backoff: 2 };

describe('waiter', () => {
  const cases: Array<{ name: string; sequence: Array<CheckResult<string>>; timeoutMs: number; out: string | RegExp; calls: number }> = [
    { name: 'returns at once on SUCCESS', sequence: [{ state: 'SUCCESS', value: 'done' }], timeoutMs: 1000, out: 'done', calls: 1 },
    {
      name: 'retries until SUCCESS',
      sequence: [
        { state: 'RETRY', observed: 'RUNNING' },
        { state: 'RETRY', observed: 'RUNNING' },
        { state: 'SUCCESS', value: 'ok' },
      ],
      timeoutMs: 1000,
      out: 'ok',
      calls: 3,
    },
    {
      name: 'throws the reason on FAILURE',
      sequence: [
        { state: 'RETRY', observed: 'RUNNING' },
        { state: 'FAILURE', reason: 'status FAILED, error ValidationFailed' },
      ],
      timeoutMs: 1000,
      out: /did not happen: status FAILED, error ValidationFailed/,
      calls: 2,
    },
    {
      name: 'throws the last observed state on timeout, never a bare timeout',
      sequence: [
        { state: 'RETRY', observed: 'RUNNING, last state entered: ValidateFile' },
        { state: 'RETRY', observed: 'RUNNING, last state entered: Transform' },
      ],
      timeoutMs: 30,
      out: /still RUNNING, last state entered: Transform after 30 ms/,
      calls: -1,
    },
  ];
  for (const testCase of cases) {
    it(testCase.name, async () => {
      let calls = 0;
      const check = async () => {
        const result = testCase.sequence[Math.min(calls, testCase.sequence.length - 1)]!;
        calls += 1;
        return result;
      };
      const promise = waitFor(check, { description: 'the thing', timeoutMs: testCase.timeoutMs, delays: fast });
      if (typeof testCase.out === 'string') assert.equal(await promise, testCase.out);
      else await assert.rejects(promise, (error: Error) => testCase.out instanceof RegExp && testCase.out.test(error.message));
      if (testCase.calls > 0) assert.equal(calls, testCase.calls);
    });
  }

  it('backs off between looks up to the cap', async () => {
    const times: number[] = [];
    await assert.rejects(
      waitFor(
        async () => {
          times.push(Date.now());
          return { state: 'RETRY', observed: 'pending' } as CheckResult<never>;
        },
        { description: 'x', timeoutMs: 200, delays: { firstMs: 10, maxMs: 40, backoff: 2 } },
      ),
      WaitTimeoutError,
    );
    const gaps = times.slice(1).map((time, index) => time - (times[index] ?? time));
    const [first = 0, , third = 0] = gaps;
    assert.ok(first >= 9 && first < 35, `first gap ${first}`);
    assert.ok(third >= 35, `third gap ${third} should have grown to the cap`);
    assert.ok(Math.max(...gaps.slice(0, -1)) < 80, 'gaps never exceed the cap by much');
  });

  it('carries the value of a FAILURE for the caller', async () => {
    const error = await waitFor(async () => ({ state: 'FAILURE', reason: 'x', value: 42 }), {
      description: 'y',
      timeoutMs: 100,
      delays: fast,
    }).catch((e: unknown) => e);
    assert.ok(error instanceof WaitFailedError);
    assert.equal(error.value, 42);
  });
});
