import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuckDBError, toQueryFailure, type ErrorContext } from '../../../sandbox/services/athena/engine-errors';
import { rewriteTrino } from '../../../sandbox/services/athena/trino-dialect';

/** DuckDB's errors (errors_as_json) → Athena's StateChangeReason and ErrorType. */
describe('engine error mapping', () => {
  const context = (sql: string): ErrorContext => ({
    originalSql: sql,
    rewrite: rewriteTrino(sql),
    database: 'lake',
    databaseExists: (name) => name.toLowerCase() === 'lake',
    locations: new Map([['/tmp/sandbox/s3/objects/1f2e.parquet', 's3://lake/t/part-0.parquet']]),
  });

  const json = (fields: Record<string, string>) => new Error(JSON.stringify(fields));

  const cases: Array<{ sql: string; error: Error; reason: string; type: number }> = [
    {
      sql: 'SELECT x FROM t',
      error: json({
        exception_type: 'Binder',
        exception_message: 'Referenced column "x" not found in FROM clause!',
        position: '7',
        error_subtype: 'COLUMN_NOT_FOUND',
        name: 'x',
      }),
      reason: "COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved",
      type: 1006,
    },
    {
      sql: "SELECT concat(a, 'b'),\n       t.missing FROM t",
      error: json({
        exception_type: 'Binder',
        exception_message: 'Referenced column "missing" not found',
        position: String("SELECT (a || 'b'),\n       ".length),
        error_subtype: 'COLUMN_NOT_FOUND',
        name: 'missing',
      }),
      reason: "COLUMN_NOT_FOUND: line 2:8: Column 't.missing' cannot be resolved",
      type: 1006,
    },
    {
      sql: 'SELECT * FROM nope',
      error: json({
        exception_type: 'Catalog',
        exception_message: 'Table with name nope does not exist!',
        position: '14',
        error_subtype: 'MISSING_ENTRY',
        type: 'Table',
        name: 'nope',
      }),
      reason: "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.lake.nope' does not exist",
      type: 1301,
    },
    {
      sql: 'SELECT * FROM "Lake"."Nope"',
      error: json({ exception_type: 'Catalog', exception_message: 'Table with name Nope does not exist!', position: '14', type: 'Table' }),
      reason: "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.lake.nope' does not exist",
      type: 1301,
    },
    {
      sql: 'SELECT * FROM ghost.t',
      error: json({
        exception_type: 'Catalog',
        exception_message: 'Table with name "ghost.t" does not exist because schema "ghost" does not exist.',
        position: '14',
      }),
      reason: "SCHEMA_NOT_FOUND: line 1:15: Schema 'ghost' does not exist",
      type: 1301,
    },
    {
      sql: 'SELECT * FROM other.lake.t',
      error: json({ exception_type: 'Catalog', exception_message: 'Table with name t does not exist!', position: '14', type: 'Table' }),
      reason: "CATALOG_NOT_FOUND: line 1:15: Catalog 'other' does not exist",
      type: 1006,
    },
    {
      sql: 'SELECT frobnicate(1)',
      error: json({
        exception_type: 'Catalog',
        exception_message: 'Scalar Function with name frobnicate does not exist!',
        position: '7',
        type: 'Scalar Function',
        name: 'frobnicate',
      }),
      reason: "FUNCTION_NOT_FOUND: line 1:8: Function 'frobnicate' not registered",
      type: 1303,
    },
    {
      sql: "SELECT abs('x')",
      error: json({
        exception_type: 'Binder',
        exception_message:
          "No function matches the given name and argument types 'abs(STRING_LITERAL)'. You might need to add explicit type casts.",
        position: '7',
      }),
      reason: 'TYPE_MISMATCH: line 1:8: Unexpected parameters (varchar) for function abs',
      type: 1002,
    },
    {
      sql: "SELECT abs('x')",
      error: json({
        exception_type: 'Binder',
        exception_message:
          'Could not choose a best candidate function for the function call "abs(STRING_LITERAL)". In order to select one, please add explicit type casts.',
        position: '7',
      }),
      reason: 'TYPE_MISMATCH: line 1:8: Unexpected parameters (varchar) for function abs',
      type: 1002,
    },
    {
      sql: 'SELECT * FROM t WHERE name = 1',
      error: json({
        exception_type: 'Conversion',
        exception_message: "Could not convert string 'abc' to INT32 when casting from source column name",
        position: '22',
      }),
      reason: 'TYPE_MISMATCH: line 1:23: Cannot apply operator: varchar = integer',
      type: 1002,
    },
    {
      sql: "SELECT CAST('abc' AS bigint)",
      error: json({ exception_type: 'Conversion', exception_message: "Could not convert string 'abc' to INT64", position: '7' }),
      reason: "INVALID_CAST_ARGUMENT: Cannot cast 'abc' to BIGINT",
      type: 1100,
    },
    {
      sql: 'SELECT CAST(t_v1 AS DECIMAL(38,10)) FROM t',
      error: json({
        exception_type: 'Conversion',
        exception_message: 'Could not convert string "y" to DECIMAL(38,10) when casting from source column t_v1',
        position: '7',
      }),
      reason: "INVALID_CAST_ARGUMENT: Cannot cast VARCHAR 'y' to DECIMAL(38, 10). Value is not a number.",
      type: 1100,
    },
    {
      sql: "SELECT CAST('2026-13-01' AS date)",
      error: json({ exception_type: 'Conversion', exception_message: 'date field value out of range: "2026-13-01"', position: '7' }),
      reason: 'INVALID_CAST_ARGUMENT: Value cannot be cast to date: 2026-13-01',
      type: 1100,
    },
    {
      sql: 'SELECT 1 % 0',
      error: json({ exception_type: 'Invalid Input', exception_message: 'Division by zero!' }),
      reason: 'DIVISION_BY_ZERO: Division by zero',
      type: 1001,
    },
    {
      sql: 'SELECT * FROM t',
      error: json({
        exception_type: 'Invalid Input',
        exception_message: "No magic bytes found at end of file '/tmp/sandbox/s3/objects/1f2e.parquet'",
      }),
      reason: "HIVE_BAD_DATA: No magic bytes found at end of file 's3://lake/t/part-0.parquet'",
      type: 1000,
    },
    {
      sql: "SELECT date_add('fortnight', 1, d) FROM t",
      error: json({
        exception_type: 'Invalid Input',
        exception_message: "INVALID_FUNCTION_ARGUMENT: 'fortnight' is not a valid DATE field",
      }),
      reason: "INVALID_FUNCTION_ARGUMENT: 'fortnight' is not a valid DATE field",
      type: 1000,
    },
    {
      sql: 'SELECT 1',
      error: new Error('INTERNAL Error: something unexpected'),
      reason: 'GENERIC_INTERNAL_ERROR: INTERNAL Error: something unexpected',
      type: 200,
    },
  ];
  for (const testCase of cases) {
    it(`maps to ${testCase.reason.slice(0, 60)}`, () => {
      const failure = toQueryFailure(parseDuckDBError(testCase.error), context(testCase.sql));
      assert.equal(failure.reason, testCase.reason);
      assert.equal(failure.errorType, testCase.type);
    });
  }

  it('reads the plain text form when errors are not JSON', () => {
    assert.deepEqual(parseDuckDBError(new Error('Binder Error: something')), { type: 'Binder', message: 'something' });
  });
});
