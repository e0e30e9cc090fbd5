import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { evaluateIntrinsic, IntrinsicError, parseIntrinsic } from '../../../../sandbox/services/stepfunctions/asl/intrinsics';
import type { JsonValue } from '../../../../sandbox/services/stepfunctions/asl/json';

const input: JsonValue = { name: 'Ada', items: [1, 2, 2, 3], json: '{"a":1}', nested: { a: 1 }, other: { b: 2 }, n: 7 };
const context: JsonValue = { Execution: { Name: 'run-1' } };
const run = (text: string) => evaluateIntrinsic(text, { data: input, context });

describe('Intrinsic functions (asl/intrinsics)', () => {
  const cases: Array<{ in: string; out: JsonValue }> = [
    { in: "States.Format('Hello, {}!', $.name)", out: 'Hello, Ada!' },
    { in: "States.Format('{} and {}', 1, true)", out: '1 and true' },
    { in: "States.Format('literal \\{\\} and {}', $$.Execution.Name)", out: 'literal {} and run-1' },
    { in: "States.Format('it\\'s {}', null)", out: "it's null" },
    { in: 'States.StringToJson($.json)', out: { a: 1 } },
    { in: 'States.JsonToString($.nested)', out: '{"a":1}' },
    { in: "States.Array(1, 'two', $.nested, States.Array())", out: [1, 'two', { a: 1 }, []] },
    { in: 'States.ArrayPartition($.items, 3)', out: [[1, 2, 2], [3]] },
    { in: 'States.ArrayContains($.items, 3)', out: true },
    { in: 'States.ArrayContains(States.Array($.nested), $.nested)', out: true },
    { in: 'States.ArrayContains($.items, 9)', out: false },
    { in: 'States.ArrayRange(1, 9, 2)', out: [1, 3, 5, 7, 9] },
    { in: 'States.ArrayRange(5, 1, -2)', out: [5, 3, 1] },
    { in: 'States.ArrayGetItem($.items, 3)', out: 3 },
    { in: 'States.ArrayLength($.items)', out: 4 },
    { in: 'States.ArrayUnique($.items)', out: [1, 2, 3] },
    { in: "States.Base64Encode('Data to encode')", out: 'RGF0YSB0byBlbmNvZGU=' },
    { in: "States.Base64Decode('RGF0YSB0byBlbmNvZGU=')", out: 'Data to encode' },
    { in: "States.Hash('input data', 'SHA-1')", out: createHash('sha1').update('input data').digest('hex') },
    { in: "States.Hash($.name, 'MD5')", out: createHash('md5').update('Ada').digest('hex') },
    { in: 'States.JsonMerge($.nested, $.other, false)', out: { a: 1, b: 2 } },
    { in: 'States.MathAdd($.n, -2)', out: 5 },
    // Numbers are rounded half up first, as recorded on AWS (test_math_add).
    { in: 'States.MathAdd(1.5, -1.5)', out: 1 },
    { in: "States.Format('{} {}', $.nested, $.items)", out: '{a=1} [1, 2, 2, 3]' },
    { in: "States.StringToJson(' ')", out: null },
    { in: "States.StringSplit('This.is+a,test=string', '.+,=')", out: ['This', 'is', 'a', 'test', 'string'] },
    { in: "States.StringSplit('1,,2', ',')", out: ['1', '2'] },
  ];
  for (const { in: text, out } of cases) {
    it(text, () => assert.deepEqual(run(text), out));
  }

  it('States.MathRandom stays in [start, end) and repeats itself for one seed', () => {
    for (let i = 0; i < 50; i += 1) {
      const value = run('States.MathRandom(3, 6)') as number;
      assert.ok(Number.isInteger(value) && value >= 3 && value < 6, String(value));
    }
    assert.equal(run('States.MathRandom(0, 1000, 42)'), run('States.MathRandom(0, 1000, 42)'));
  });

  it('States.UUID gives a v4 UUID', () => {
    assert.match(run('States.UUID()') as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  const failures = [
    "States.Format('{} {}', 1)",
    'States.ArrayGetItem($.items, 4)',
    'States.ArrayPartition($.items, 0)',
    'States.ArrayRange(1, 5000, 1)',
    'States.JsonMerge($.nested, $.other, true)',
    "States.Hash('x', 'SHA-999')",
    "States.StringToJson('not json')",
    "States.MathAdd('1', 1)",
    'States.NoSuchFunction(1)',
  ];
  for (const text of failures) {
    it(`rejects ${text}`, () => assert.throws(() => run(text), IntrinsicError));
  }

  it('parses nested calls, paths with brackets and escaped quotes', () => {
    assert.deepEqual(
      parseIntrinsic("States.Format('a\\'b', $['odd, key'], States.Array(1))").args.map((arg) => arg.kind),
      ['string', 'path', 'call'],
    );
    assert.throws(() => parseIntrinsic('States.Format(1'), IntrinsicError);
    assert.throws(() => parseIntrinsic("States.Format('x') extra"), IntrinsicError);
  });
});
