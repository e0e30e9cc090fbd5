import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluatePayloadTemplate } from '../../../../sandbox/services/stepfunctions/asl/payload-template';
import { RuntimeFailure } from '../../../../sandbox/services/stepfunctions/asl/failures';
import type { JsonValue } from '../../../../sandbox/services/stepfunctions/asl/json';

const input: JsonValue = { name: 'positions', rows: [1, 2, 3], nested: { flag: true } };
const context: JsonValue = { Execution: { Name: 'run-1' }, State: { Name: 'Load', RetryCount: 2 } };

describe('Payload templates (asl/payload-template)', () => {
  const cases: Array<{ name: string; in: JsonValue; out: JsonValue }> = [
    { name: 'static values are copied', in: { a: 1, b: [true, null], c: { d: 'x' } }, out: { a: 1, b: [true, null], c: { d: 'x' } } },
    { name: 'a path into the input', in: { 'table.$': '$.name' }, out: { table: 'positions' } },
    { name: 'the whole input', in: { 'all.$': '$' }, out: { all: input } },
    { name: 'an indefinite path yields a list', in: { 'first.$': '$.rows[0:2]' }, out: { first: [1, 2] } },
    {
      name: 'the context object',
      in: { 'execution.$': '$$.Execution.Name', 'retry.$': '$$.State.RetryCount' },
      out: { execution: 'run-1', retry: 2 },
    },
    {
      name: 'an intrinsic function',
      in: { 'label.$': "States.Format('{} has {} rows', $.name, States.ArrayLength($.rows))" },
      out: { label: 'positions has 3 rows' },
    },
    {
      name: 'nested objects and arrays',
      in: { outer: { 'inner.$': '$.nested.flag' }, list: [{ 'n.$': '$.name' }] },
      out: { outer: { inner: true }, list: [{ n: 'positions' }] },
    },
    { name: 'a .$ key with a non-string value is copied as written', in: { 'odd.$': 5 }, out: { 'odd.$': 5 } },
  ];
  for (const { name, in: template, out } of cases) {
    it(name, () => assert.deepEqual(evaluatePayloadTemplate(template, { data: input, context }), out));
  }

  it('fails with the message AWS gives when a path leads nowhere', () => {
    assert.throws(
      () => evaluatePayloadTemplate({ 'value.$': '$.no_such_jsonpath' }, { data: { a: 1 }, context }),
      (error: unknown) =>
        error instanceof RuntimeFailure &&
        error.message === `The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{"a":1}'`,
    );
  });

  it('reports an intrinsic function that fails, naming the field', () => {
    assert.throws(
      () => evaluatePayloadTemplate({ 'x.$': 'States.ArrayGetItem($.rows, 9)' }, { data: input, context }),
      /field 'x\.\$'.*out of bounds/,
    );
  });
});
