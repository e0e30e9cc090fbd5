import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { duckdbType, hiveTypeName, parseHiveType, parseTrinoType, TypeSyntaxError } from '../../../sandbox/services/athena/sql-types';

describe('column types in Hive, Trino and DuckDB spellings', () => {
  const hive: Array<{ in: string; duckdb: string; hive: string }> = [
    { in: 'string', duckdb: 'VARCHAR', hive: 'string' },
    { in: 'INT', duckdb: 'INTEGER', hive: 'int' },
    { in: 'integer', duckdb: 'INTEGER', hive: 'int' },
    { in: 'decimal', duckdb: 'DECIMAL(10,0)', hive: 'decimal' },
    { in: 'decimal(38, 6)', duckdb: 'DECIMAL(38,6)', hive: 'decimal(38,6)' },
    { in: 'varchar(10)', duckdb: 'VARCHAR', hive: 'varchar(10)' },
    { in: 'float', duckdb: 'FLOAT', hive: 'float' },
    { in: 'binary', duckdb: 'BLOB', hive: 'binary' },
    { in: 'array<map<string,array<int>>>', duckdb: 'MAP(VARCHAR, INTEGER[])[]', hive: 'array<map<string,array<int>>>' },
    {
      in: 'struct<`Order Id`:bigint, at:timestamp>',
      duckdb: 'STRUCT("Order Id" BIGINT, "at" TIMESTAMP)',
      hive: 'struct<Order Id:bigint,at:timestamp>',
    },
  ];
  for (const testCase of hive) {
    it(`reads the Hive type ${testCase.in}`, () => {
      const type = parseHiveType(testCase.in);
      assert.equal(duckdbType(type), testCase.duckdb);
      assert.equal(hiveTypeName(type), testCase.hive);
    });
  }

  const trino: Array<{ in: string; duckdb: string }> = [
    { in: 'varchar', duckdb: 'VARCHAR' },
    { in: 'real', duckdb: 'FLOAT' },
    { in: 'double precision', duckdb: 'DOUBLE' },
    { in: 'timestamp(3)', duckdb: 'TIMESTAMP' },
    { in: 'timestamp(6) with time zone', duckdb: 'TIMESTAMPTZ' },
    { in: 'array(row(a integer, b varchar))', duckdb: 'STRUCT("a" INTEGER, "b" VARCHAR)[]' },
    { in: 'row(integer, varchar)', duckdb: 'STRUCT("field1" INTEGER, "field2" VARCHAR)' },
    { in: 'map(varchar, array(bigint))', duckdb: 'MAP(VARCHAR, BIGINT[])' },
    { in: 'varbinary', duckdb: 'BLOB' },
    { in: 'json', duckdb: 'JSON' },
  ];
  for (const testCase of trino)
    it(`reads the Trino type ${testCase.in}`, () => assert.equal(duckdbType(parseTrinoType(testCase.in)), testCase.duckdb));

  for (const bad of ['strin', 'array<int', 'map<string>', 'decimal(10,']) {
    it(`refuses ${bad}`, () => assert.throws(() => parseHiveType(bad), TypeSyntaxError));
  }
});
