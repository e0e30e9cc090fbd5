import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  reconcileQuery,
  decodeSample,
  toleranceScale,
  castTo,
  controlTotalQuery,
  type ReconcileQueryInput,
} from '../../support/reconcile/reconcile-sql';
import { parseMapping, MappingError } from '../../support/reconcile/mapping';
import { translateQuery } from '../../sandbox/services/athena/trino/translate';
import type { AnalyzerCatalog } from '../../sandbox/services/athena/trino/query-analyzer';
import { parseType } from '../../sandbox/services/athena/trino/types';
import { TRINO_MACROS } from '../../sandbox/services/athena/trino-macros';

const input: ReconcileQueryInput = {
  source: { sql: 'src' },
  target: { sql: 'tgt', predicate: "as_of_date = DATE '2026-01-01'" },
  keys: [
    { source: 'account_id', target: 'account_id', type: 'string' },
    { source: 'security_id', target: 'security_id', type: 'string' },
  ],
  compared: [
    { name: 'quantity', source: 'quantity', target: 'quantity', type: 'bigint', rule: 'equal' },
    { name: 'market_value', source: 'market_value', target: 'market_value', type: 'decimal(18,2)', rule: { tolerance: '0.01' } },
  ],
  sampleLimit: 1000,
};

/** The two DuckDB tables below, as Athena's query analysis sees them. */
const tables: AnalyzerCatalog = {
  databaseExists: () => true,
  relation: (_database, name) => {
    const columns: Record<string, Array<[string, string]>> = {
      src: [
        ['account_id', 'varchar'],
        ['security_id', 'varchar'],
        ['quantity', 'varchar'],
        ['market_value', 'varchar'],
      ],
      tgt: [
        ['account_id', 'varchar'],
        ['security_id', 'varchar'],
        ['quantity', 'bigint'],
        ['market_value', 'decimal(18,2)'],
        ['as_of_date', 'date'],
      ],
    };
    const table = columns[name];
    return (
      table && {
        kind: 'table',
        database: 'main',
        name,
        sql: name,
        columns: table.map(([column, type]) => ({ name: column, type: parseType(type), partitionKey: false })),
      }
    );
  },
};

describe('the reconciliation SQL', () => {
  const sql = reconcileQuery(input);

  it('groups each side by key and joins them with a FULL OUTER JOIN, in one statement', () => {
    assert.match(
      sql,
      /source_keys AS \(SELECT k0, k1, count\(\*\) AS n, min\(v0\) AS v0, min\(v1\) AS v1 FROM source_rows GROUP BY k0, k1\)/,
    );
    assert.match(sql, /FROM source_keys s FULL OUTER JOIN target_keys t ON s\.k0 = t\.k0 AND s\.k1 = t\.k1/);
    assert.equal((sql.match(/\bSELECT\b/g) ?? []).length, 6, 'two sides, two groupings, the join, the aggregate');
  });

  it('scopes only the target by the predicate, and casts source text to the target types', () => {
    assert.match(sql, /FROM tgt WHERE \(as_of_date = DATE '2026-01-01'\)/);
    assert.doesNotMatch(sql, /FROM src WHERE/);
    assert.match(sql, /TRY_CAST\(quantity AS bigint\) AS v0/);
    assert.match(sql, /TRY_CAST\(market_value AS decimal\(18,2\)\) AS v1/);
    assert.match(sql, /CAST\(account_id AS varchar\) AS k0/);
  });

  it('applies tolerances on exact decimals, never through floats or float sums', () => {
    assert.match(sql, /abs\(CAST\(s_v1 AS DECIMAL\(38,2\)\) - CAST\(t_v1 AS DECIMAL\(38,2\)\)\) <= CAST\('0\.01' AS DECIMAL\(38,2\)\)/);
    assert.doesNotMatch(sql, /double|real|float/i);
    assert.doesNotMatch(sql, /sum\(\s*(s_v|t_v|v)\d/);
  });

  it('chooses the scale of a tolerance from the column and the tolerance', () => {
    const cases: Array<[string, string, number]> = [
      ['decimal(18,2)', '0.01', 2],
      ['decimal(18,2)', '0.001', 3],
      ['bigint', '1', 0],
      ['double', '0.5', 6],
      ['int', '0.25', 2],
    ];
    for (const [type, tolerance, scale] of cases) assert.equal(toleranceScale(type, tolerance), scale, `${type} ± ${tolerance}`);
    assert.equal(castTo('x', 'string'), 'CAST(x AS varchar)');
    assert.equal(castTo('x', 'int'), 'TRY_CAST(x AS integer)');
  });

  it('reads a mapping table, and refuses one without a key or with an unknown rule', () => {
    const mapping = parseMapping([
      { 'source column': 'a', 'target column': 'A', rule: 'key' },
      { 'source column': 'b', 'target column': 'B', rule: '0.05' },
    ]);
    assert.deepEqual(
      mapping.keys.map((k) => k.target),
      ['A'],
    );
    assert.deepEqual(mapping.compared[0]?.rule, { tolerance: '0.05' });
    assert.throws(
      () => parseMapping([{ 'source column': 'a', 'target column': 'a', rule: 'equal' }]),
      (e: Error) => e instanceof MappingError && /no key column/.test(e.message),
    );
    assert.throws(
      () => parseMapping([{ 'source column': 'a', 'target column': 'a', rule: 'approximately' }]),
      /rule "approximately" is not key, equal or a tolerance/,
    );
  });

  it('decodes the difference sample, NULLs included', () => {
    assert.deepEqual(decodeSample('missing in target\u001fA-9\u001f\\N\u001eunexpected in target\u001fA-2\u001f40'), [
      ['missing in target', 'A-9', null],
      ['unexpected in target', 'A-2', '40'],
    ]);
    assert.deepEqual(decodeSample(null), []);
  });

  it('builds control totals as exact decimal sums', () => {
    assert.match(
      controlTotalQuery({ sql: 'src' }, { sql: 'tgt', predicate: 'p' }, { source: 'mv', target: 'mv' }, 2),
      /sum\(TRY_CAST\(mv AS DECIMAL\(38,2\)\)\) FROM tgt WHERE \(p\)/,
    );
    assert.match(
      controlTotalQuery({ sql: 'src' }, { sql: 'tgt' }, undefined, 10),
      /SELECT \(SELECT count\(\*\) FROM src\) AS source_value, \(SELECT count\(\*\) FROM tgt\) AS target_value/,
    );
  });
});

describe('the reconciliation SQL, executed (DuckDB, through the sandbox dialect)', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;

  before(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    for (const macro of TRINO_MACROS) await connection.run(macro);
    await connection.run(`CREATE TABLE src AS SELECT * FROM (VALUES
      ('A-1', 'S1', '100', '10.00'),
      ('A-1', 'S2', '5', '20.015'),
      ('A-2', 'S3', '7', '30.00'),
      ('A-3', 'S4', '1', '1.00'), ('A-3', 'S4', '1', '1.00'),
      ('A-4', 'S5', 'ten', '5.00')) t(account_id, security_id, quantity, market_value)`);
    await connection.run(`CREATE TABLE tgt AS SELECT account_id, security_id, CAST(quantity AS BIGINT) AS quantity, CAST(market_value AS DECIMAL(18,2)) AS market_value, DATE '2026-01-01' AS as_of_date FROM (VALUES
      ('A-1', 'S1', 100, 10.01),
      ('A-1', 'S2', 6, 20.00),
      ('A-3', 'S4', 1, 1.00),
      ('A-4', 'S5', 10, 5.00),
      ('A-9', 'S9', 1, 1.00)) t(account_id, security_id, quantity, market_value)`);
  });
  after(() => {
    connection.closeSync();
    instance.closeSync();
  });

  it('counts every category exactly, and samples the differing keys with both sides', async () => {
    const translation = translateQuery(
      reconcileQuery({ ...input, target: { sql: 'tgt', predicate: "as_of_date = DATE '2026-01-01'" } }),
      tables,
      'main',
    );
    const reader = await connection.runAndReadAll(translation.sql);
    // The translation names its output columns c0, c1, …; the query's names are in translation.columns.
    const [raw] = reader.getRowObjectsJson() as Array<Record<string, string | null>>;
    const row = Object.fromEntries(translation.columns.map((column, index) => [column.name, raw?.[`c${index}`] ?? null]));
    assert.deepEqual(
      {
        source: row.source_rows,
        target: row.target_rows,
        matched: row.matched_keys,
        missing: row.missing_in_target,
        unexpected: row.unexpected_in_target,
        sourceDuplicates: row.source_duplicate_keys,
        quantity: row.mismatched_0,
        marketValue: row.mismatched_1,
      },
      // A-1/S1 within 0.01; A-1/S2 quantity differs, 20.015 → 20.02 vs 20.00 differs; A-2/S3 missing;
      // A-3/S4 duplicated in the source; A-4/S5 "ten" is no number; A-9/S9 unexpected.
      { source: '6', target: '5', matched: '4', missing: '1', unexpected: '1', sourceDuplicates: '1', quantity: '2', marketValue: '1' },
    );
    const sample = decodeSample(row.difference_sample ?? null);
    assert.deepEqual(
      sample.map((r) => `${r[0]} ${r[1]}/${r[2]}`),
      ['value mismatch A-1/S2', 'missing in target A-2/S3', 'duplicate key A-3/S4', 'value mismatch A-4/S5', 'unexpected in target A-9/S9'],
    );
    assert.deepEqual(sample[0]?.slice(3), ['5', '6', '20.02', '20.00']);
  });
});
