import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileEventPattern, InvalidEventPattern, parseEventPattern } from '../../../sandbox/core/event-pattern';
import { loadParity } from '../../helpers/sandbox';

interface PatternCase {
  case: string;
  Event: unknown;
  EventPattern: unknown;
  expected: { result: boolean } | { error: { Code: string; Message: string } };
}

/** What the matcher answers for a case, in the recording's terms. */
function outcome(recorded: PatternCase): { result: boolean } | { error: string } {
  try {
    return { result: compileEventPattern(recorded.EventPattern).matches(recorded.Event) };
  } catch (error) {
    if (error instanceof InvalidEventPattern) return { error: error.message };
    throw error;
  }
}

describe('the event-pattern language, against the cases recorded on EventBridge (parity: events/event-patterns.json)', async () => {
  const cases = await loadParity<PatternCase[]>('events/event-patterns.json');

  it('has the recorded cases to replay', () => assert.ok(cases.length > 150));

  for (const recorded of cases) {
    it(recorded.case, () => {
      const expected = 'error' in recorded.expected ? { error: recorded.expected.error.Message } : recorded.expected;
      assert.deepEqual(outcome(recorded), expected);
    });
  }
});

describe('the event-pattern language beyond the recordings', () => {
  const event = {
    source: 'aws.s3',
    'detail-type': 'Object Created',
    detail: { bucket: { name: 'raw' }, object: { key: 'a/b.csv', size: 10 } },
  };

  it('matches nested fields with $or alternatives', () => {
    const pattern = parseEventPattern(
      JSON.stringify({
        source: ['aws.s3'],
        detail: { $or: [{ object: { key: [{ suffix: '.json' }] } }, { object: { size: [{ numeric: ['<', 20] }] } }] },
      }),
    );
    assert.equal(pattern.matches(event), true);
    assert.equal(pattern.matches({ ...event, detail: { object: { key: 'x.csv', size: 99 } } }), false);
  });

  it('answers a pattern that is not JSON with the reason', () => {
    assert.throws(
      () => parseEventPattern('{source: ['),
      (error: unknown) => error instanceof InvalidEventPattern && /not valid JSON/.test(error.message),
    );
  });

  it('treats escaped wildcards literally', () => {
    const pattern = compileEventPattern({ detail: { name: [{ wildcard: 'a\\*b*' }] } });
    assert.equal(pattern.matches({ detail: { name: 'a*bc' } }), true);
    assert.equal(pattern.matches({ detail: { name: 'axbc' } }), false);
  });
});
