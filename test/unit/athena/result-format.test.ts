import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BIGINT,
  BLOB,
  BOOLEAN,
  DATE,
  DECIMAL,
  DOUBLE,
  FLOAT,
  HUGEINT,
  INTEGER,
  LIST,
  MAP,
  STRUCT,
  TIMESTAMP,
  TIMESTAMPTZ,
  VARCHAR,
  blobValue,
  dateValue,
  decimalValue,
  listValue,
  mapValue,
  structValue,
  timestampTZValue,
  timestampValue,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { athenaType, formatValue, javaDouble, javaFloat, toCsv } from '../../../sandbox/services/athena/result-format';

describe('Athena value formatting', () => {
  const values: Array<{ type: DuckDBType; in: DuckDBValue; out: string | null }> = [
    { type: DECIMAL(12, 2), in: decimalValue(1893400n, 12, 2), out: '18934.00' },
    { type: DECIMAL(10, 3), in: decimalValue(-5n, 10, 3), out: '-0.005' },
    { type: DATE, in: dateValue(20454), out: '2026-01-01' },
    { type: TIMESTAMP, in: timestampValue(1767261600123456n), out: '2026-01-01 10:00:00.123' },
    { type: TIMESTAMP, in: timestampValue(-1n), out: '1969-12-31 23:59:59.999' },
    { type: TIMESTAMPTZ, in: timestampTZValue(1767261600000000n), out: '2026-01-01 10:00:00.000 UTC' },
    { type: BOOLEAN, in: false, out: 'false' },
    { type: INTEGER, in: 42, out: '42' },
    { type: BIGINT, in: 9007199254740993n, out: '9007199254740993' },
    { type: HUGEINT, in: 12n, out: '12' },
    { type: DOUBLE, in: 100, out: '100.0' },
    { type: DOUBLE, in: 0.1 + 0.2, out: '0.30000000000000004' },
    { type: FLOAT, in: Math.fround(0.1), out: '0.1' },
    { type: VARCHAR, in: 'it"s', out: 'it"s' },
    { type: VARCHAR, in: null, out: null },
    { type: BLOB, in: blobValue(new Uint8Array([1, 2, 255])), out: '01 02 ff' },
    { type: LIST(VARCHAR), in: listValue(['a', null, 'b, c']), out: '[a, null, b, c]' },
    { type: LIST(LIST(INTEGER)), in: listValue([listValue([1]), listValue([2, 3])]), out: '[[1], [2, 3]]' },
    { type: MAP(VARCHAR, DOUBLE), in: mapValue([{ key: 'k', value: 1.5 }]), out: '{k=1.5}' },
    { type: STRUCT({ id: INTEGER, at: DATE }), in: structValue({ id: 1, at: dateValue(0) }), out: '{id=1, at=1970-01-01}' },
  ];
  for (const testCase of values) {
    it(`formats ${testCase.type.toString()} ${testCase.out ?? 'NULL'}`, () => {
      assert.equal(formatValue(testCase.in, testCase.type), testCase.out);
    });
  }

  const doubles: Array<{ in: number; out: string }> = [
    { in: 1.5, out: '1.5' },
    { in: 1e20, out: '1.0E20' },
    { in: 1.25e-7, out: '1.25E-7' },
    { in: 1234567.0, out: '1234567.0' },
    { in: 12345678.9, out: '1.23456789E7' },
    { in: 0.001, out: '0.001' },
    { in: -0, out: '-0.0' },
    { in: Number.NaN, out: 'NaN' },
    { in: -Infinity, out: '-Infinity' },
  ];
  for (const testCase of doubles)
    it(`writes the double ${testCase.in} as Java does: ${testCase.out}`, () => assert.equal(javaDouble(testCase.in), testCase.out));

  it('writes floats with the digits a 32-bit float needs', () => {
    assert.equal(javaFloat(Math.fround(3.4)), '3.4');
    assert.equal(javaFloat(Math.fround(1e10)), '1.0E10');
  });

  const types: Array<{ in: DuckDBType; out: [string, number, number, boolean] }> = [
    { in: VARCHAR, out: ['varchar', 2147483647, 0, true] },
    { in: INTEGER, out: ['integer', 10, 0, false] },
    { in: BIGINT, out: ['bigint', 19, 0, false] },
    { in: HUGEINT, out: ['bigint', 19, 0, false] },
    { in: DOUBLE, out: ['double', 17, 0, false] },
    { in: FLOAT, out: ['float', 17, 0, false] },
    { in: DECIMAL(38, 6), out: ['decimal', 38, 6, false] },
    { in: DATE, out: ['date', 0, 0, false] },
    { in: TIMESTAMP, out: ['timestamp', 3, 0, false] },
    { in: BOOLEAN, out: ['boolean', 0, 0, false] },
    { in: LIST(INTEGER), out: ['array', 0, 0, false] },
    { in: MAP(VARCHAR, INTEGER), out: ['map', 0, 0, false] },
    { in: STRUCT({ a: INTEGER }), out: ['row', 0, 0, false] },
  ];
  for (const testCase of types) {
    it(`names ${testCase.in.toString()} ${testCase.out[0]} in ColumnInfo`, () => {
      const type = athenaType(testCase.in);
      assert.deepEqual([type.name, type.precision, type.scale, type.caseSensitive], testCase.out);
    });
  }

  it('writes the results CSV with every value quoted and NULL empty', () => {
    assert.equal(
      toCsv(
        ['a', 'b'],
        [
          ['x', null],
          ['say "hi"', ''],
          ['multi\nline', '1'],
        ],
      ),
      '"a","b"\n"x",\n"say ""hi""",""\n"multi\nline","1"\n',
    );
    assert.equal(toCsv(['only'], []), '"only"\n');
  });
});
