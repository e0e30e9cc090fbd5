import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  blobValue,
  dateValue,
  decimalValue,
  intervalValue,
  listValue,
  mapValue,
  structValue,
  timestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import { athenaType, formatValue, javaDouble, javaFloat, toCsv } from '../../../sandbox/services/athena/result-format';
import { parseType } from '../../../sandbox/services/athena/trino/types';

describe('Athena value formatting', () => {
  const values: Array<{ type: string; in: DuckDBValue; out: string | null }> = [
    { type: 'decimal(12,2)', in: decimalValue(1893400n, 12, 2), out: '18934.00' },
    { type: 'decimal(10,3)', in: decimalValue(-5n, 10, 3), out: '-0.005' },
    { type: 'date', in: dateValue(20454), out: '2026-01-01' },
    { type: 'timestamp(3)', in: timestampValue(1767261600123456n), out: '2026-01-01 10:00:00.123' },
    { type: 'timestamp(6)', in: timestampValue(1767261600123456n), out: '2026-01-01 10:00:00.123456' },
    { type: 'timestamp(0)', in: timestampValue(1767261600000000n), out: '2026-01-01 10:00:00' },
    { type: 'timestamp(3)', in: timestampValue(-1000n), out: '1969-12-31 23:59:59.999' },
    {
      type: 'timestamp(3) with time zone',
      in: '2026-01-01 10:00:00.000 America/New_York',
      out: '2026-01-01 10:00:00.000 America/New_York',
    },
    { type: 'interval day to second', in: intervalValue(0, 2, 3n * 3_600_000_000n), out: '2 03:00:00.000' },
    { type: 'interval day to second', in: intervalValue(0, 0, -(45n * 3_600_000_000n)), out: '-1 21:00:00.000' },
    { type: 'interval year to month', in: intervalValue(41, 0, 0n), out: '3-5' },
    { type: 'boolean', in: false, out: 'false' },
    { type: 'integer', in: 42, out: '42' },
    { type: 'bigint', in: 9007199254740993n, out: '9007199254740993' },
    { type: 'double', in: 100, out: '100.0' },
    { type: 'double', in: 0.1 + 0.2, out: '0.30000000000000004' },
    { type: 'real', in: Math.fround(0.1), out: '0.1' },
    { type: 'varchar', in: 'it"s', out: 'it"s' },
    { type: 'varchar', in: null, out: null },
    { type: 'varbinary', in: blobValue(new Uint8Array([1, 2, 255])), out: '01 02 ff' },
    { type: 'array(varchar)', in: listValue(['a', null, 'b, c']), out: '[a, null, b, c]' },
    { type: 'array(array(integer))', in: listValue([listValue([1]), listValue([2, 3])]), out: '[[1], [2, 3]]' },
    { type: 'map(varchar, double)', in: mapValue([{ key: 'k', value: 1.5 }]), out: '{k=1.5}' },
    { type: 'row(id integer, at date)', in: structValue({ id: 1, at: dateValue(0) }), out: '{id=1, at=1970-01-01}' },
    { type: 'row(integer, varchar)', in: structValue({ field0: 1, field1: 'a' }), out: '{field0=1, field1=a}' },
  ];
  for (const testCase of values) {
    it(`formats ${testCase.type} ${testCase.out ?? 'NULL'}`, () => {
      assert.equal(formatValue(testCase.in, parseType(testCase.type)), testCase.out);
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

  const types: Array<{ in: string; out: [string, number, number, boolean] }> = [
    { in: 'varchar', out: ['varchar', 2147483647, 0, true] },
    { in: 'varchar(3)', out: ['varchar', 3, 0, true] },
    { in: 'integer', out: ['integer', 10, 0, false] },
    { in: 'bigint', out: ['bigint', 19, 0, false] },
    { in: 'double', out: ['double', 17, 0, false] },
    { in: 'real', out: ['float', 17, 0, false] },
    { in: 'decimal(38,6)', out: ['decimal', 38, 6, false] },
    { in: 'date', out: ['date', 0, 0, false] },
    { in: 'timestamp(3)', out: ['timestamp', 3, 0, false] },
    { in: 'timestamp(3) with time zone', out: ['timestamp with time zone', 3, 0, false] },
    { in: 'boolean', out: ['boolean', 0, 0, false] },
    { in: 'array(integer)', out: ['array', 0, 0, false] },
    { in: 'map(varchar, integer)', out: ['map', 0, 0, false] },
    { in: 'row(a integer)', out: ['row', 0, 0, false] },
    { in: 'interval day to second', out: ['interval day to second', 0, 0, false] },
  ];
  for (const testCase of types) {
    it(`names ${testCase.in} ${testCase.out[0]} in ColumnInfo`, () => {
      const type = athenaType(parseType(testCase.in));
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
