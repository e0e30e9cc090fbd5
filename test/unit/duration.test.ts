import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CucumberExpression, ParameterType, ParameterTypeRegistry } from '@cucumber/cucumber-expressions';
import { DURATION_FORMS, DURATION_PATTERN, formatDuration, parseDuration } from '../../model/duration';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Every form STEPS.md lists, the forms people write, and what postflight itself prints. */
const READABLE: Array<{ in: string; out: number }> = [
  // STEPS.md, "Durations"
  { in: '500 milliseconds', out: 500 },
  { in: '30 seconds', out: 30 * SECOND },
  { in: '1 second', out: SECOND },
  { in: '2 minutes', out: 2 * MINUTE },
  { in: '1 minute', out: MINUTE },
  { in: '1 hour', out: HOUR },
  // short and compound forms (issue: `within 90s`, `within 2 min` were undefined steps)
  { in: '500ms', out: 500 },
  { in: '90s', out: 90 * SECOND },
  { in: '90 secs', out: 90 * SECOND },
  { in: '90 seconds', out: 90 * SECOND },
  { in: '2m', out: 2 * MINUTE },
  { in: '2 min', out: 2 * MINUTE },
  { in: '2 mins', out: 2 * MINUTE },
  { in: '1h30m', out: HOUR + 30 * MINUTE },
  { in: '1h 30m', out: HOUR + 30 * MINUTE },
  { in: '1 hour 30 minutes', out: HOUR + 30 * MINUTE },
  { in: '1 hour, 30 minutes', out: HOUR + 30 * MINUTE },
  { in: '1 hour and 30 minutes', out: HOUR + 30 * MINUTE },
  { in: '2m30s', out: 2 * MINUTE + 30 * SECOND },
  { in: '1.5 hours', out: 1.5 * HOUR },
  { in: '1.5h', out: 1.5 * HOUR },
  { in: '2 hrs', out: 2 * HOUR },
  { in: '24h', out: 24 * HOUR },
  { in: '7d', out: 7 * 24 * HOUR },
  { in: '1 day', out: 24 * HOUR },
  { in: '2 weeks', out: 14 * 24 * HOUR },
  { in: '  90s ', out: 90 * SECOND },
  // what formatDuration prints
  { in: '542 ms', out: 542 },
  { in: '3.9 s', out: 3900 },
  { in: '2.5 min', out: 2.5 * MINUTE },
  { in: '1.5 h', out: 1.5 * HOUR },
];

const UNREADABLE: Array<{ in: string; why: RegExp }> = [
  { in: 'soon', why: /cannot read "soon"/ },
  { in: '', why: /it is empty/ },
  { in: '90', why: /"90" has no unit/ },
  { in: '2 fortnights', why: /"fortnights" is not a unit/ },
  { in: '30m1h', why: /largest unit first/ },
  { in: '1m 1m', why: /largest unit first/ },
  { in: '-5s', why: /cannot read "-5s"/ },
  { in: '1 hour and', why: /cannot read "and"/ },
];

describe('durations: one grammar for steps, the command line and environment files', () => {
  for (const testCase of READABLE) {
    it(`reads "${testCase.in}" as ${testCase.out} ms`, () => assert.equal(parseDuration(testCase.in), testCase.out));
  }

  for (const testCase of UNREADABLE) {
    it(`answers "${testCase.in}" with why, and the accepted forms`, () => {
      assert.throws(
        () => parseDuration(testCase.in),
        (error: Error) => {
          assert.match(error.message, testCase.why);
          assert.ok(error.message.includes(DURATION_FORMS), error.message);
          return true;
        },
      );
    });
  }

  it('prints durations in a form it reads back', () => {
    for (const ms of [0, 7, 999, 1000, 3900, 59_999, 60_000, 90_000, 150_000, 3_599_999, HOUR, 1.5 * HOUR, 30 * HOUR, 8 * 24 * HOUR]) {
      const printed = formatDuration(ms);
      const read = parseDuration(printed);
      assert.ok(Math.abs(read - ms) <= Math.max(50, ms * 0.05), `${ms} ms printed as "${printed}" reads back as ${read} ms`);
    }
  });
});

describe('the {duration} step parameter', () => {
  const registry = new ParameterTypeRegistry();
  registry.defineParameterType(new ParameterType('duration', DURATION_PATTERN, null, (text: string) => text, false, false));
  registry.defineParameterType(new ParameterType('quoted', /"[^"]*"/, null, (text: string) => text, false, false));
  const matchOf = (expression: string, text: string) =>
    new CucumberExpression(expression, registry).match(text)?.map((argument) => argument.getValue(null));

  for (const text of ['90s', '2 min', '1h30m', '1 hour and 30 minutes', '2 minutes', '2 fortnights', '90']) {
    it(`"within ${text}" matches, whole, so the step is defined (and the parser answers)`, () => {
      assert.deepEqual(matchOf('the execution succeeds within {duration}', `the execution succeeds within ${text}`), [text]);
    });
  }

  it('stops before the words that follow it in a step', () => {
    assert.deepEqual(
      matchOf('the execution fails within {duration} with error {quoted}', 'the execution fails within 2 min with error "X"'),
      ['2 min', '"X"'],
    );
    assert.equal(matchOf('the execution fails within {duration}', 'the execution fails within 2 min with error "X"'), undefined);
    assert.deepEqual(matchOf('the newest {quoted} of {quoted} is at most {duration} old', 'the newest "t" of "a.b" is at most 1h30m old'), [
      '"t"',
      '"a.b"',
      '1h30m',
    ]);
  });
});
