import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyResultPath,
  isReferencePath,
  isValidPath,
  PathNotFound,
  pathExists,
  readPath,
} from '../../../../sandbox/services/stepfunctions/asl/paths';
import type { JsonValue } from '../../../../sandbox/services/stepfunctions/asl/json';

const document: JsonValue = {
  a: { b: [10, 20, { c: 'x' }] },
  'odd key': 1,
  list: [{ v: 1 }, { v: 2 }, { v: 3 }],
  nothing: null,
  'Test\\""Name"': 'backslash',
  "it's": 'quote',
};

describe('JSONPath reading (asl/paths)', () => {
  const reads: Array<{ in: string; out: JsonValue }> = [
    { in: '$', out: document },
    { in: '$.a.b[1]', out: 20 },
    { in: "$['a']['b'][2].c", out: 'x' },
    { in: "$['odd key']", out: 1 },
    { in: '$.nothing', out: null },
    { in: '$.list[*].v', out: [1, 2, 3] },
    { in: '$.list[?(@.v > 1)].v', out: [2, 3] },
    { in: '$..c', out: ['x'] },
    { in: '$.list[0:2]', out: [{ v: 1 }, { v: 2 }] },
    { in: '$.missing[*]', out: [] },
    // Only the quote character is escaped in a quoted name (as recorded: test_escape_sequence_parsing).
    { in: `$['Test\\""Name"']`, out: 'backslash' },
    { in: "$['it\\'s']", out: 'quote' },
  ];
  for (const { in: path, out } of reads) {
    it(`reads ${path}`, () => assert.deepEqual(readPath(document, path), out));
  }

  const failures: Array<{ in: string; out: string }> = [
    { in: '$.NoSuchOutputPath', out: "No results for path: $['NoSuchOutputPath']" },
    { in: '$.no.such.result.path', out: "Missing property in path $['no']" },
    { in: '$.a.b[7]', out: "Index out of bounds when evaluating path $['a']['b'][7]" },
    { in: '$.a.b.c', out: "Expected to find an object with property ['c'] in path $['a']['b'] but found 'array'" },
  ];
  for (const { in: path, out } of failures) {
    it(`fails on ${path} as Jayway JsonPath does`, () => {
      assert.throws(
        () => readPath(document, path),
        (error: unknown) => error instanceof PathNotFound && error.message === out,
      );
    });
  }

  it('tells whether a node is present', () => {
    assert.equal(pathExists(document, '$.nothing'), true);
    assert.equal(pathExists(document, '$.a.x'), false);
    assert.equal(pathExists(document, '$.list[*].v'), true);
    assert.equal(pathExists(document, '$.list[*].w'), false);
  });

  it('tells paths from reference paths', () => {
    assert.deepEqual(
      ['$', '$.a', "$['b'][0]", '$.a[*]', '$..x', 'a.b', '', 5].map((path) => [isValidPath(path), isReferencePath(path)]),
      [
        [true, true],
        [true, true],
        [true, true],
        [true, false],
        [true, false],
        [false, false],
        [false, false],
        [false, false],
      ],
    );
  });
});

describe('ResultPath (asl/paths)', () => {
  const cases: Array<{ name: string; in: { raw: JsonValue; path: string | null | undefined; result: JsonValue }; out: JsonValue }> = [
    { name: 'default $ replaces the input', in: { raw: { a: 1 }, path: undefined, result: 'r' }, out: 'r' },
    { name: 'null discards the result', in: { raw: { a: 1 }, path: null, result: 'r' }, out: { a: 1 } },
    { name: 'a new member', in: { raw: { a: 1 }, path: '$.b', result: 'r' }, out: { a: 1, b: 'r' } },
    { name: 'creates intermediate objects', in: { raw: { a: 1 }, path: '$.x.y.z', result: [1] }, out: { a: 1, x: { y: { z: [1] } } } },
    { name: 'replaces an existing member', in: { raw: { a: { b: 1, c: 2 } }, path: '$.a.b', result: 9 }, out: { a: { b: 9, c: 2 } } },
    { name: 'an array element', in: { raw: { a: [1, 2] }, path: '$.a[1]', result: 'r' }, out: { a: [1, 'r'] } },
  ];
  for (const { name, in: given, out } of cases) {
    it(name, () => {
      const before = structuredClone(given.raw);
      assert.deepEqual(applyResultPath(given.raw, given.path, given.result), out);
      assert.deepEqual(given.raw, before, 'the raw input is not modified');
    });
  }

  it('cannot place a result into a value that is not an object', () => {
    assert.throws(() => applyResultPath({ a: 5 }, '$.a.b', 1), PathNotFound);
    assert.throws(() => applyResultPath('text', '$.a', 1), PathNotFound);
  });
});
