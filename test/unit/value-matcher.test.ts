import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseValueMatcher } from '../../support/matching/value-matcher';
import { matchPaths } from '../../support/matching/match-table';
import { queryPath, JsonPathError } from '../../support/matching/jsonpath';
import { partialMismatches } from '../../support/matching/partial-match';

describe('value matchers', () => {
  const cases: Array<{ matcher: string; value: unknown; found?: boolean; out: boolean }> = [
    { matcher: '3', value: 3, out: true },
    { matcher: '3', value: '3', out: false },
    { matcher: '3', value: 3.0, out: true },
    { matcher: '"OK"', value: 'OK', out: true },
    { matcher: 'OK', value: 'OK', out: true },
    { matcher: 'OK', value: 'ok', out: false },
    { matcher: 'true', value: true, out: true },
    { matcher: 'true', value: 'true', out: false },
    { matcher: 'null', value: null, out: true },
    { matcher: 'null', value: undefined, found: false, out: false },
    { matcher: '[1,2]', value: [1, 2], out: true },
    { matcher: '[1,2]', value: [2, 1], out: false },
    { matcher: '{"a":1}', value: { a: 1 }, out: true },
    { matcher: '{"a":1}', value: { a: 1, b: 2 }, out: false },
    { matcher: '/^pos-\\d+$/', value: 'pos-12', out: true },
    { matcher: '/^pos-\\d+$/', value: 'pos-x', out: false },
    { matcher: '/^\\d+$/', value: 12, out: false },
    { matcher: '/abc/i', value: 'xABCx', out: true },
    { matcher: '<any>', value: null, out: true },
    { matcher: '<any>', value: undefined, found: false, out: false },
    { matcher: '<absent>', value: undefined, found: false, out: true },
    { matcher: '<absent>', value: null, out: false },
    { matcher: '<empty>', value: '', out: true },
    { matcher: '<empty>', value: [], out: true },
    { matcher: '<empty>', value: {}, out: true },
    { matcher: '<empty>', value: [0], out: false },
    { matcher: '<empty>', value: 0, out: false },
    { matcher: '<not empty>', value: ['a'], out: true },
    { matcher: '<not empty>', value: '', out: false },
    { matcher: '<not empty>', value: undefined, found: false, out: false },
    { matcher: '> 3', value: 4, out: true },
    { matcher: '> 3', value: 3, out: false },
    { matcher: '>= 3', value: 3, out: true },
    { matcher: '< 3', value: 2.5, out: true },
    { matcher: '<= 3', value: 3.1, out: false },
    { matcher: '> 3', value: '10', out: true },
    { matcher: '> 3', value: 'ten', out: false },
    { matcher: '>= -1.5', value: -1.5, out: true },
  ];
  for (const testCase of cases) {
    it(`${testCase.matcher} against ${JSON.stringify(testCase.value)} → ${testCase.out}`, () => {
      assert.equal(parseValueMatcher(testCase.matcher).test(testCase.found ?? true, testCase.value), testCase.out);
    });
  }

  it('refuses an invalid regular expression with the matcher in the message', () => {
    assert.throws(() => parseValueMatcher('/(unclosed/'), /The matcher \/\(unclosed\/ is not a valid regular expression/);
  });
});

describe('JSONPath', () => {
  const document = { status: 'VALID', recordCount: 3, errors: [{ field: 'quantity' }, { field: 'currency' }], nested: { a: null } };
  const cases: Array<{ path: string; found: boolean; value?: unknown }> = [
    { path: '$.status', found: true, value: 'VALID' },
    { path: '$.errors[0].field', found: true, value: 'quantity' },
    { path: '$.errors[*].field', found: true, value: ['quantity', 'currency'] },
    { path: '$..field', found: true, value: ['quantity', 'currency'] },
    { path: '$.nested.a', found: true, value: null },
    { path: '$.missing', found: false },
    { path: '$.errors[5]', found: false },
    { path: '$.missing[*]', found: false, value: [] },
  ];
  for (const testCase of cases) {
    it(`${testCase.path}`, () => {
      const result = queryPath(document, testCase.path);
      assert.equal(result.found, testCase.found);
      if ('value' in testCase) assert.deepEqual(result.value, testCase.value);
    });
  }

  it('explains that .length is not JSONPath', () => {
    assert.throws(
      () => queryPath(document, '$.errors.length'),
      (error: Error) => error instanceof JsonPathError && /<not empty>/.test(error.message),
    );
  });

  it('refuses paths that do not start with $', () => {
    assert.throws(() => queryPath(document, 'status'), /paths start with "\$"/);
  });

  it('reports every mismatching row with expected and actual', () => {
    const mismatches = matchPaths(document, [
      { path: '$.status', value: 'VALID' },
      { path: '$.recordCount', value: '4' },
      { path: '$.gone', value: '<any>' },
    ]);
    assert.deepEqual(mismatches, [
      { path: '$.recordCount', expected: '4', actual: '3' },
      { path: '$.gone', expected: 'present (any value)', actual: '(nothing at this path)' },
    ]);
  });
});

describe('"contains" (deep partial match)', () => {
  const cases: Array<{ actual: unknown; expected: unknown; out: number }> = [
    { actual: { status: 'OK', extra: 1 }, expected: { status: 'OK' }, out: 0 },
    { actual: { status: 'KO' }, expected: { status: 'OK' }, out: 1 },
    { actual: { a: { b: 1, c: 2 } }, expected: { a: { b: 1 } }, out: 0 },
    { actual: { a: [1, 2, 3] }, expected: { a: [1, 2] }, out: 0 },
    { actual: { a: [1] }, expected: { a: [1, 2] }, out: 1 },
    { actual: { a: [{ x: 1, y: 2 }] }, expected: { a: [{ x: 1 }] }, out: 0 },
    { actual: {}, expected: { a: null }, out: 1 },
    { actual: { a: null }, expected: { a: null }, out: 0 },
    { actual: 'text', expected: { a: 1 }, out: 1 },
  ];
  for (const testCase of cases) {
    it(`${JSON.stringify(testCase.actual)} contains ${JSON.stringify(testCase.expected)}: ${testCase.out} mismatch(es)`, () => {
      assert.equal(partialMismatches(testCase.actual, testCase.expected).length, testCase.out);
    });
  }
});
