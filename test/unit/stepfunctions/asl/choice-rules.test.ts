import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateChoiceRule, stringMatches } from '../../../../sandbox/services/stepfunctions/asl/choice-rules';
import type { ChoiceRule } from '../../../../sandbox/services/stepfunctions/asl/definition';
import { RuntimeFailure } from '../../../../sandbox/services/stepfunctions/asl/failures';
import type { JsonValue } from '../../../../sandbox/services/stepfunctions/asl/json';

const input: JsonValue = {
  type: 'Private',
  value: 25,
  limit: 30,
  flag: true,
  when: '2024-01-02T03:04:05Z',
  later: '2024-01-02T04:04:05+01:00',
  nothing: null,
  name: 'report-2024.csv',
  other: 'Private',
};

describe('Choice rules (asl/choice-rules)', () => {
  const cases: Array<{ in: ChoiceRule; out: boolean }> = [
    { in: { Variable: '$.type', StringEquals: 'Private' }, out: true },
    { in: { Variable: '$.type', StringEqualsPath: '$.other' }, out: true },
    { in: { Variable: '$.type', StringLessThan: 'Public' }, out: true },
    { in: { Variable: '$.type', StringGreaterThanEquals: 'Private' }, out: true },
    { in: { Variable: '$.value', StringEquals: '25' }, out: false },
    { in: { Variable: '$.name', StringMatches: 'report-*.csv' }, out: true },
    { in: { Variable: '$.name', StringMatches: 'report-*.json' }, out: false },
    { in: { Variable: '$.value', NumericEquals: 25 }, out: true },
    { in: { Variable: '$.value', NumericLessThanPath: '$.limit' }, out: true },
    { in: { Variable: '$.value', NumericGreaterThan: 25 }, out: false },
    { in: { Variable: '$.value', NumericGreaterThanEquals: 25 }, out: true },
    { in: { Variable: '$.value', NumericLessThanEquals: 24 }, out: false },
    { in: { Variable: '$.type', NumericEquals: 0 }, out: false },
    { in: { Variable: '$.flag', BooleanEquals: true }, out: true },
    { in: { Variable: '$.flag', BooleanEqualsPath: '$.flag' }, out: true },
    { in: { Variable: '$.when', TimestampEquals: '2024-01-02T03:04:05.000Z' }, out: true },
    { in: { Variable: '$.when', TimestampEqualsPath: '$.later' }, out: true },
    { in: { Variable: '$.when', TimestampLessThan: '2024-01-02T03:04:06Z' }, out: true },
    { in: { Variable: '$.name', TimestampLessThan: '2024-01-02T03:04:06Z' }, out: false },
    { in: { Variable: '$.nothing', IsNull: true }, out: true },
    { in: { Variable: '$.value', IsNull: true }, out: false },
    { in: { Variable: '$.missing', IsPresent: false }, out: true },
    { in: { Variable: '$.nothing', IsPresent: true }, out: true },
    { in: { Variable: '$.value', IsNumeric: true }, out: true },
    { in: { Variable: '$.type', IsString: true }, out: true },
    { in: { Variable: '$.flag', IsBoolean: true }, out: true },
    { in: { Variable: '$.when', IsTimestamp: true }, out: true },
    { in: { Variable: '$.name', IsTimestamp: false }, out: true },
    { in: { Not: { Variable: '$.type', StringEquals: 'Private' } }, out: false },
    {
      in: {
        And: [
          { Variable: '$.value', NumericGreaterThanEquals: 20 },
          { Variable: '$.value', NumericLessThan: 30 },
        ],
      },
      out: true,
    },
    {
      in: {
        And: [
          { Variable: '$.value', NumericGreaterThanEquals: 20 },
          { Variable: '$.value', NumericLessThan: 25 },
        ],
      },
      out: false,
    },
    {
      in: {
        Or: [
          { Variable: '$.flag', BooleanEquals: false },
          { Variable: '$.type', StringEquals: 'Private' },
        ],
      },
      out: true,
    },
    { in: { Variable: '$$.Execution.Name', StringEquals: 'run-1' }, out: true },
  ];
  for (const { in: rule, out } of cases) {
    it(`${JSON.stringify(rule)} is ${out}`, () =>
      assert.equal(evaluateChoiceRule(rule, { data: input, context: { Execution: { Name: 'run-1' } } }), out));
  }

  it('fails at run time when the Variable leads nowhere', () => {
    assert.throws(
      () => evaluateChoiceRule({ Variable: '$.missing', StringEquals: 'x' }, { data: input, context: {} }),
      (error: unknown) =>
        error instanceof RuntimeFailure &&
        error.message === "Invalid path '$.missing': The choice state's condition path references an invalid value.",
    );
  });

  const patterns: Array<{ in: [string, string]; out: boolean }> = [
    { in: ['log-2024.txt', 'log-*.txt'], out: true },
    { in: ['a*b', 'a\\*b'], out: true },
    { in: ['axb', 'a\\*b'], out: false },
    { in: ['a\\b', 'a\\\\b'], out: true },
    { in: ['anything', '*'], out: true },
    { in: ['a.b', 'a.b'], out: true },
    { in: ['aXb', 'a.b'], out: false },
  ];
  for (const {
    in: [value, pattern],
    out,
  } of patterns) {
    it(`StringMatches ${JSON.stringify(pattern)} on ${JSON.stringify(value)} is ${out}`, () =>
      assert.equal(stringMatches(value, pattern), out));
  }
});
