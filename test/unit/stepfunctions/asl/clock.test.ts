import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExecutionClock } from '../../../../sandbox/services/stepfunctions/asl/clock';
import { Abandoned } from '../../../../sandbox/services/stepfunctions/asl/failures';

describe('Execution time (asl/clock)', () => {
  it('scales workflow waits by timeScale', async () => {
    const clock = new ExecutionClock(0.01);
    const started = Date.now();
    await clock.sleep(10_000, new AbortController().signal);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 95 && elapsed < 1000, `a 10 s wait took ${elapsed} ms at scale 0.01`);
    assert.ok(clock.now() - Date.now() > 9_000, 'the virtual clock has moved on by the nominal wait');
  });

  it('fires a deadline that a scaled wait jumps over, before the wait returns', async () => {
    const clock = new ExecutionClock(0.001);
    const order: string[] = [];
    clock.onDeadline(clock.now() + 30_000, () => order.push('deadline'));
    await clock.sleep(60_000, new AbortController().signal);
    order.push('wait returned');
    assert.deepEqual(order, ['deadline', 'wait returned']);
  });

  it('lets real time reach a deadline as usual, and can cancel one', async () => {
    const clock = new ExecutionClock(0.001);
    let fired = 0;
    clock.onDeadline(clock.now() + 30, () => (fired += 1));
    const cancel = clock.onDeadline(clock.now() + 30, () => (fired += 10));
    cancel();
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(fired, 1);
  });

  it('stops waiting when the execution is abandoned', async () => {
    const controller = new AbortController();
    const waiting = new ExecutionClock(1).sleep(60_000, controller.signal);
    controller.abort(new Abandoned('stopped'));
    await assert.rejects(waiting, (error: unknown) => error instanceof Abandoned && error.why === 'stopped');
  });

  it('refuses a time scale that is not positive', () => {
    assert.throws(() => new ExecutionClock(0), /timeScale/);
  });
});
