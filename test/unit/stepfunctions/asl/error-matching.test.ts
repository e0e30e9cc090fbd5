import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  errorMatches,
  matchingCatcher,
  matchingRetrier,
  retryDelayMs,
} from '../../../../sandbox/services/stepfunctions/asl/error-matching';
import type { Retrier } from '../../../../sandbox/services/stepfunctions/asl/definition';

describe('Which retrier or catcher handles an error (asl/error-matching)', () => {
  const cases: Array<{ in: { errorEquals: string[]; error: string | undefined }; out: boolean }> = [
    { in: { errorEquals: ['Lambda.Unknown'], error: 'Exception' }, out: false },
    { in: { errorEquals: ['Exception'], error: 'Exception' }, out: true },
    { in: { errorEquals: ['States.ALL'], error: 'Exception' }, out: true },
    { in: { errorEquals: ['States.ALL'], error: 'States.Timeout' }, out: true },
    { in: { errorEquals: ['States.ALL'], error: undefined }, out: true },
    { in: { errorEquals: ['States.ALL'], error: 'States.Runtime' }, out: false },
    { in: { errorEquals: ['States.Runtime'], error: 'States.Runtime' }, out: false },
    // As recorded on AWS (test_task_lambda_catch_state_all_data_limit_exceeded_on_large_utf8_response).
    { in: { errorEquals: ['States.ALL'], error: 'States.DataLimitExceeded' }, out: true },
    { in: { errorEquals: ['States.TaskFailed'], error: 'States.DataLimitExceeded' }, out: false },
    { in: { errorEquals: ['States.DataLimitExceeded'], error: 'States.DataLimitExceeded' }, out: true },
    { in: { errorEquals: ['States.TaskFailed'], error: 'Lambda.ServiceException' }, out: true },
    { in: { errorEquals: ['States.TaskFailed'], error: 'States.Timeout' }, out: false },
    { in: { errorEquals: ['States.Timeout'], error: 'States.Timeout' }, out: true },
  ];
  for (const { in: given, out } of cases) {
    it(`${JSON.stringify(given.errorEquals)} ${out ? 'handles' : 'does not handle'} ${given.error}`, () =>
      assert.equal(errorMatches(given.errorEquals, given.error), out));
  }

  it('takes the first matching retrier and the first matching catcher', () => {
    const retriers: Retrier[] = [{ ErrorEquals: ['A'] }, { ErrorEquals: ['B', 'C'] }, { ErrorEquals: ['States.ALL'] }];
    assert.equal(matchingRetrier(retriers, 'C'), 1);
    assert.equal(matchingRetrier(retriers, 'Z'), 2);
    assert.equal(matchingRetrier([], 'Z'), -1);
    assert.equal(
      matchingCatcher(
        [
          { ErrorEquals: ['X'], Next: 'a' },
          { ErrorEquals: ['States.ALL'], Next: 'b' },
        ],
        'Y',
      )?.Next,
      'b',
    );
  });
});

describe('Retry intervals (asl/error-matching)', () => {
  const cases: Array<{ in: { retrier: Retrier; retriesSoFar: number }; out: number }> = [
    { in: { retrier: { ErrorEquals: ['States.ALL'] }, retriesSoFar: 0 }, out: 1000 },
    { in: { retrier: { ErrorEquals: ['States.ALL'] }, retriesSoFar: 2 }, out: 4000 },
    { in: { retrier: { ErrorEquals: ['States.ALL'], IntervalSeconds: 3, BackoffRate: 1.5 }, retriesSoFar: 2 }, out: 6750 },
    {
      in: { retrier: { ErrorEquals: ['States.ALL'], IntervalSeconds: 10, BackoffRate: 3, MaxDelaySeconds: 40 }, retriesSoFar: 3 },
      out: 40_000,
    },
    { in: { retrier: { ErrorEquals: ['States.ALL'], IntervalSeconds: 2, JitterStrategy: 'NONE' }, retriesSoFar: 1 }, out: 4000 },
  ];
  for (const { in: given, out } of cases) {
    it(`${JSON.stringify(given.retrier)} after ${given.retriesSoFar} retries waits ${out} ms`, () =>
      assert.equal(retryDelayMs(given.retrier, given.retriesSoFar), out));
  }

  it('JitterStrategy FULL picks a point between zero and the backoff interval', () => {
    const retrier: Retrier = { ErrorEquals: ['States.ALL'], IntervalSeconds: 4, JitterStrategy: 'FULL' };
    assert.equal(
      retryDelayMs(retrier, 1, () => 0.25),
      2000,
    );
    assert.equal(
      retryDelayMs(retrier, 1, () => 0),
      0,
    );
  });
});
