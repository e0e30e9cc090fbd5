import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PendingOutcomes, UncheckedOutcomeError } from '../../support/pending-outcomes';

describe('pending outcomes: one entry per captured outcome', () => {
  it('checking one subject leaves the others pending', async () => {
    const outcomes = new PendingOutcomes();
    const invocation = {};
    const query = {};
    outcomes.captured(invocation, () => 'Lambda function "validate-positions" failed');
    outcomes.captured(query, () => undefined);
    outcomes.checked(query);
    assert.deepEqual(await outcomes.uncheckedFailures(), ['Lambda function "validate-positions" failed']);
  });

  it('an unchecked outcome that succeeded is no failure; a checked failure is none either', async () => {
    const outcomes = new PendingOutcomes();
    const succeeded = {};
    const failedButChecked = {};
    outcomes.captured(succeeded, async () => undefined);
    outcomes.captured(failedButChecked, () => 'execution failed');
    outcomes.checked(failedButChecked);
    assert.deepEqual(await outcomes.uncheckedFailures(), []);
  });

  it('a newer outcome of the same subject does not hide an older one nobody checked', async () => {
    const outcomes = new PendingOutcomes();
    const older = {};
    const newer = {};
    outcomes.captured(older, async () => 'execution pf-1 ended FAILED');
    outcomes.captured(newer, () => 'execution pf-2 ended FAILED');
    outcomes.checked(newer);
    assert.deepEqual(await outcomes.uncheckedFailures(), ['execution pf-1 ended FAILED']);
  });

  it('says how many failures went unchecked, each on its own lines', () => {
    assert.match(new UncheckedOutcomeError(['one']).message, /^This scenario passed without checking a failure it observed:\n {2}- one$/);
    assert.match(new UncheckedOutcomeError(['a\nb', 'c']).message, /without checking 2 failures it observed:\n {2}- a\n {4}b\n {2}- c$/);
  });
});
