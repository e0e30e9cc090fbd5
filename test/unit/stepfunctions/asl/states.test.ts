import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { localProvider, typesOf } from '../../../fixtures/stepfunctions/local-provider';

/** What each state type makes of its input, run through the interpreter (data-driven). */
const single = (state: Record<string, unknown>) => ({ StartAt: 'S', States: { S: { End: true, ...state } } });
const pass = { Type: 'Pass', End: true };
const runtime = (state: string, enteredAt: number, detail: string) =>
  `An error occurred while executing the state '${state}' (entered at the event id #${enteredAt}). ${detail}`;

interface Case {
  name: string;
  in: { definition: unknown; input?: unknown };
  out: { status: string; output?: unknown; error?: string; cause?: string | RegExp };
}

const cases: Case[] = [
  {
    name: 'Pass: Result placed by ResultPath, then OutputPath',
    in: { definition: single({ Type: 'Pass', Result: { b: 2 }, ResultPath: '$.r', OutputPath: '$.r.b' }), input: { a: 1 } },
    out: { status: 'SUCCEEDED', output: 2 },
  },
  {
    name: 'Pass: Parameters with the context object',
    in: { definition: single({ Type: 'Pass', Parameters: { 'state.$': '$$.State.Name', 'a.$': '$.a', fixed: [1] } }), input: { a: 'x' } },
    out: { status: 'SUCCEEDED', output: { state: 'S', a: 'x', fixed: [1] } },
  },
  {
    name: 'Pass: InputPath null gives an empty object',
    in: { definition: single({ Type: 'Pass', InputPath: null }), input: { a: 1 } },
    out: { status: 'SUCCEEDED', output: {} },
  },
  {
    name: 'Pass: ResultPath null keeps the input',
    in: { definition: single({ Type: 'Pass', Result: 'ignored', ResultPath: null }), input: { a: 1 } },
    out: { status: 'SUCCEEDED', output: { a: 1 } },
  },
  {
    name: 'Pass: OutputPath null gives an empty object',
    in: { definition: single({ Type: 'Pass', OutputPath: null }), input: { a: 1 } },
    out: { status: 'SUCCEEDED', output: {} },
  },
  {
    name: 'a missing InputPath is a runtime error',
    in: { definition: { StartAt: 'pass', States: { pass: { Type: 'Pass', InputPath: '$.NoSuchInputPath', End: true } } } },
    out: {
      status: 'FAILED',
      error: 'States.Runtime',
      cause: runtime('pass', 2, "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']"),
    },
  },
  {
    name: 'a missing OutputPath is a runtime error',
    in: { definition: { StartAt: 'pass', States: { pass: { Type: 'Pass', OutputPath: '$.NoSuchOutputPath', End: true } } } },
    out: {
      status: 'FAILED',
      error: 'States.Runtime',
      cause: runtime('pass', 2, "Invalid path '$.NoSuchOutputPath' : No results for path: $['NoSuchOutputPath']"),
    },
  },
  {
    name: 'a Parameters path that leads nowhere is a runtime error',
    in: {
      definition: { StartAt: 'pass', States: { pass: { Type: 'Pass', Parameters: { 'value.$': '$.no_such_jsonpath' }, End: true } } },
      input: { a: 1 },
    },
    out: {
      status: 'FAILED',
      error: 'States.Runtime',
      cause: runtime(
        'pass',
        2,
        `The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{"a":1}'`,
      ),
    },
  },
  {
    name: 'Choice: the first rule that holds',
    in: {
      definition: {
        StartAt: 'C',
        States: {
          C: {
            Type: 'Choice',
            Choices: [
              { Variable: '$.n', NumericLessThan: 0, Next: 'Neg' },
              { Variable: '$.n', NumericGreaterThan: 0, Next: 'Pos' },
            ],
            Default: 'Zero',
          },
          Neg: { Type: 'Pass', Result: 'neg', End: true },
          Pos: { Type: 'Pass', Result: 'pos', End: true },
          Zero: { Type: 'Pass', Result: 'zero', End: true },
        },
      },
      input: { n: 5 },
    },
    out: { status: 'SUCCEEDED', output: 'pos' },
  },
  {
    name: 'Choice: no rule and no Default',
    in: {
      definition: { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'P' }] }, P: pass } },
      input: { n: 2 },
    },
    out: { status: 'FAILED', error: 'States.NoChoiceMatched', cause: 'No Matches!' },
  },
  {
    name: 'Choice: a Variable that leads nowhere',
    in: {
      definition: {
        StartAt: 'C',
        States: { C: { Type: 'Choice', Choices: [{ Variable: '$.x', StringEquals: 'a', Next: 'P' }], Default: 'P' }, P: pass },
      },
    },
    out: {
      status: 'FAILED',
      error: 'States.Runtime',
      cause: runtime('C', 2, "Invalid path '$.x': The choice state's condition path references an invalid value."),
    },
  },
  {
    name: 'Wait: SecondsPath',
    in: { definition: single({ Type: 'Wait', SecondsPath: '$.s' }), input: { s: 3 } },
    out: { status: 'SUCCEEDED', output: { s: 3 } },
  },
  {
    name: 'Wait: a negative SecondsPath',
    in: {
      definition: { StartAt: 'WaitState', States: { WaitState: { Type: 'Wait', SecondsPath: '$.input.waitSeconds', End: true } } },
      input: { input: { waitSeconds: -1 } },
    },
    out: {
      status: 'FAILED',
      error: 'States.Runtime',
      cause: runtime('WaitState', 2, 'The SecondsPath parameter references a negative value: $.input.waitSeconds == -1'),
    },
  },
  {
    name: 'Wait: a fractional SecondsPath',
    in: {
      definition: { StartAt: 'WaitState', States: { WaitState: { Type: 'Wait', SecondsPath: '$.input.waitSeconds', End: true } } },
      input: { input: { waitSeconds: 1.5 } },
    },
    out: {
      status: 'FAILED',
      error: 'States.Runtime',
      cause: runtime('WaitState', 2, 'The SecondsPath parameter cannot be parsed as a long value: $.input.waitSeconds == 1.5'),
    },
  },
  {
    name: 'Wait: a TimestampPath that is not a timestamp',
    in: {
      definition: { StartAt: 'WaitUntil', States: { WaitUntil: { Type: 'Wait', TimestampPath: '$.TimestampValue', End: true } } },
      input: { TimestampValue: '2016-12-05T21:29:29' },
    },
    out: {
      status: 'FAILED',
      error: 'States.Runtime',
      cause: runtime(
        'WaitUntil',
        2,
        'The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.TimestampValue == 2016-12-05T21:29:29',
      ),
    },
  },
  {
    name: 'Wait: a Timestamp in the past does not wait',
    in: { definition: single({ Type: 'Wait', Timestamp: '2016-03-14T01:59:00Z' }), input: 'x' },
    out: { status: 'SUCCEEDED', output: 'x' },
  },
  {
    name: 'Succeed: InputPath and OutputPath',
    in: { definition: { StartAt: 'S', States: { S: { Type: 'Succeed', InputPath: '$.a', OutputPath: '$.b' } } }, input: { a: { b: 7 } } },
    out: { status: 'SUCCEEDED', output: 7 },
  },
  {
    name: 'Fail: Error and Cause',
    in: { definition: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E', Cause: 'C' } } } },
    out: { status: 'FAILED', error: 'E', cause: 'C' },
  },
  {
    name: 'Fail: neither Error nor Cause',
    in: { definition: { StartAt: 'F', States: { F: { Type: 'Fail' } } } },
    out: { status: 'FAILED' },
  },
  {
    name: 'Fail: ErrorPath and an intrinsic CausePath',
    in: {
      definition: {
        StartAt: 'F',
        States: { F: { Type: 'Fail', ErrorPath: '$.code', CausePath: "States.Format('{} rows rejected', $.count)" } },
      },
      input: { code: 'DataError', count: 3 },
    },
    out: { status: 'FAILED', error: 'DataError', cause: '3 rows rejected' },
  },
  {
    name: 'Fail: an ErrorPath that leads nowhere',
    in: {
      definition: { StartAt: 'P', States: { P: { Type: 'Pass', Next: 'fail' }, fail: { Type: 'Fail', ErrorPath: '$.ErrorX' } } },
      input: { a: 1 },
    },
    out: {
      status: 'FAILED',
      error: 'States.Runtime',
      cause: runtime('fail', 4, `The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{"a":1}'`),
    },
  },
  {
    name: 'Map: ItemSelector with $$.Map.Item, in item order',
    in: {
      definition: single({
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 2,
        ItemSelector: { 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value', 'tag.$': '$.tag' },
        ItemProcessor: { StartAt: 'I', States: { I: pass } },
      }),
      input: { items: ['a', 'b', 'c'], tag: 't' },
    },
    out: {
      status: 'SUCCEEDED',
      output: [
        { index: 0, value: 'a', tag: 't' },
        { index: 1, value: 'b', tag: 't' },
        { index: 2, value: 'c', tag: 't' },
      ],
    },
  },
  {
    name: 'Map: the legacy Iterator and Parameters, ResultSelector and ResultPath',
    in: {
      definition: single({
        Type: 'Map',
        ItemsPath: '$.list',
        Parameters: { 'v.$': '$$.Map.Item.Value' },
        Iterator: { StartAt: 'I', States: { I: { Type: 'Pass', OutputPath: '$.v', End: true } } },
        ResultSelector: { 'all.$': '$' },
        ResultPath: '$.out',
      }),
      input: { list: [1, 2] },
    },
    out: { status: 'SUCCEEDED', output: { list: [1, 2], out: { all: [1, 2] } } },
  },
  {
    name: 'a ResultPath into an input that is not an object',
    in: { definition: single({ Type: 'Pass', Result: 1, ResultPath: '$.out' }), input: [1, 2] },
    out: { status: 'FAILED', error: 'States.Runtime', cause: /Unable to apply ResultPath '\$\.out'/ },
  },
  {
    name: 'Map: no items',
    in: { definition: single({ Type: 'Map', ItemProcessor: { StartAt: 'I', States: { I: pass } } }), input: [] },
    out: { status: 'SUCCEEDED', output: [] },
  },
  {
    name: 'Map: items that are not an array',
    in: {
      definition: single({ Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'I', States: { I: pass } } }),
      input: { items: 'string' },
    },
    out: { status: 'FAILED', error: 'States.Runtime', cause: runtime('S', 2, 'Map state input must be an array but was: "string"') },
  },
  {
    name: 'Map: a runtime error in an iteration is not caught, even by States.ALL',
    in: {
      definition: {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', InputPath: '$.missing', End: true } } },
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
            End: true,
          },
          Caught: pass,
        },
      },
      input: [{}],
    },
    out: { status: 'FAILED', error: 'States.Runtime', cause: /state 'I' \(entered at the event id #5\)\. Invalid path '\$\.missing'/ },
  },
  {
    name: 'Parallel: outputs in branch order, shaped by ResultSelector',
    in: {
      definition: single({
        Type: 'Parallel',
        Branches: [
          { StartAt: 'A', States: { A: { Type: 'Pass', Result: 1, End: true } } },
          { StartAt: 'B', States: { B: { Type: 'Wait', Seconds: 1, Next: 'B2' }, B2: { Type: 'Pass', Result: 2, End: true } } },
        ],
        ResultSelector: { 'first.$': '$[0]', 'second.$': '$[1]' },
      }),
    },
    out: { status: 'SUCCEEDED', output: { first: 1, second: 2 } },
  },
  {
    name: 'a state output over 256 KiB',
    in: { definition: { StartAt: 'State_1', States: { State_1: { Type: 'Pass', Result: 'x'.repeat(262_144), End: true } } } },
    out: {
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause: "The state/task 'State_1' returned a result with a size exceeding the maximum number of bytes service limit.",
    },
  },
];

describe('State types (asl/states, asl/interpreter)', () => {
  const { run } = localProvider();
  for (const { name, in: given, out } of cases) {
    it(name, async () => {
      const outcome = await run(given.definition, given.input ?? {});
      assert.equal(outcome.status, out.status, `${name}: ${outcome.error}: ${outcome.cause}`);
      if ('output' in out) assert.deepEqual(outcome.output, out.output);
      assert.equal(outcome.error, out.error);
      if (out.cause instanceof RegExp) assert.match(outcome.cause ?? '', out.cause);
      else assert.equal(outcome.cause, out.cause);
    });
  }

  it('a failed state records no exited event; ExecutionFailed follows the last event', async () => {
    const outcome = await run(
      { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.x', StringEquals: 'a', Next: 'P' }] }, P: pass } },
      { x: 'b' },
    );
    assert.deepEqual(typesOf(outcome.events), ['ExecutionStarted', 'ChoiceStateEntered', 'ExecutionFailed']);
    assert.equal(outcome.events[2]?.previousEventId, 2);
  });
});
