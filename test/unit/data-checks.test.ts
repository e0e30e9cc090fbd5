import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rowCount } from '../../support/data-checks/checks/row-count';
import { noNulls } from '../../support/data-checks/checks/no-nulls';
import { unique } from '../../support/data-checks/checks/unique';
import { allowedValues } from '../../support/data-checks/checks/allowed-values';
import { valueRange } from '../../support/data-checks/checks/value-range';
import { pattern } from '../../support/data-checks/checks/pattern';
import { referentialIntegrity } from '../../support/data-checks/checks/referential-integrity';
import { freshness } from '../../support/data-checks/checks/freshness';
import { columns, normaliseType } from '../../support/data-checks/checks/columns';
import { partition, parsePartitionSpec } from '../../support/data-checks/checks/partition';
import { CHECK_REGISTRY, checkNamed } from '../../support/data-checks/registry';
import { runChecks, type PlannedCheck } from '../../support/data-checks/run-checks';
import type { CheckTarget, DataCheck, Evaluation } from '../../support/data-checks/check';
import type { QueryOutcome } from '../../support/athena/query';

const target: CheckTarget = {
  name: 'curated.positions',
  table: { database: 'db', table: 'positions', sql: 'db.positions' },
  predicate: "as_of_date = DATE '2026-01-01'",
};
const now = Date.parse('2026-01-01T12:00:00Z');

type Case = {
  check: DataCheck<never>;
  params: unknown;
  observed: Record<string, unknown>;
  outcome: Evaluation['outcome'];
  observedText?: RegExp;
};

const cases: Array<[string, Case]> = [
  ['row count equal', { check: rowCount as never, params: { expected: 3 }, observed: { row_count: '3' }, outcome: 'PASSED' }],
  [
    'row count differs',
    { check: rowCount as never, params: { expected: 3 }, observed: { row_count: '4' }, outcome: 'FAILED', observedText: /4 rows/ },
  ],
  [
    'row count not measured is never 0',
    { check: rowCount as never, params: { expected: 0 }, observed: { row_count: null }, outcome: 'NOT_EVALUATED' },
  ],
  ['no nulls', { check: noNulls as never, params: { column: 'a' }, observed: { null_rows: '0' }, outcome: 'PASSED' }],
  [
    'some nulls',
    { check: noNulls as never, params: { column: 'a' }, observed: { null_rows: '2' }, outcome: 'FAILED', observedText: /2 null/ },
  ],
  ['nulls not measured', { check: noNulls as never, params: { column: 'a' }, observed: {}, outcome: 'NOT_EVALUATED' }],
  [
    'unique',
    {
      check: unique as never,
      params: { columns: ['a'] },
      observed: { duplicated_keys: '0', rows_with_duplicated_keys: '0' },
      outcome: 'PASSED',
    },
  ],
  [
    'duplicates',
    {
      check: unique as never,
      params: { columns: ['a', 'b'] },
      observed: { duplicated_keys: '1', rows_with_duplicated_keys: '2' },
      outcome: 'FAILED',
      observedText: /1 value\(s\) occur more than once \(2 rows\)/,
    },
  ],
  [
    'allowed values',
    { check: allowedValues as never, params: { column: 'c', values: ['USD'] }, observed: { unexpected_rows: '0' }, outcome: 'PASSED' },
  ],
  [
    'other values',
    { check: allowedValues as never, params: { column: 'c', values: ['USD'] }, observed: { unexpected_rows: '5' }, outcome: 'FAILED' },
  ],
  [
    'in range',
    {
      check: valueRange as never,
      params: { column: 'q', min: '0', max: '10' },
      observed: { out_of_range_rows: '0', min_value: '1', max_value: '9' },
      outcome: 'PASSED',
      observedText: /values from 1 to 9/,
    },
  ],
  [
    'out of range',
    {
      check: valueRange as never,
      params: { column: 'q', min: '0', max: '10' },
      observed: { out_of_range_rows: '1', min_value: '1', max_value: '11' },
      outcome: 'FAILED',
    },
  ],
  ['matches', { check: pattern as never, params: { column: 's', regex: '^A' }, observed: { non_matching_rows: '0' }, outcome: 'PASSED' }],
  [
    'does not match',
    { check: pattern as never, params: { column: 's', regex: '^A' }, observed: { non_matching_rows: '3' }, outcome: 'FAILED' },
  ],
  [
    'no orphans',
    {
      check: referentialIntegrity as never,
      params: { column: 's', reference: { name: 'r.t', table: { database: 'r', table: 't', sql: 'r.t' }, column: 's' } },
      observed: { orphan_rows: '0', orphan_values: '0' },
      outcome: 'PASSED',
    },
  ],
  [
    'orphans',
    {
      check: referentialIntegrity as never,
      params: { column: 's', reference: { name: 'r.t', table: { database: 'r', table: 't', sql: 'r.t' }, column: 's' } },
      observed: { orphan_rows: '4', orphan_values: '2' },
      outcome: 'FAILED',
      observedText: /2 value\(s\) in 4 row\(s\)/,
    },
  ],
  [
    'fresh',
    {
      check: freshness as never,
      params: { column: 't', maxAgeMs: 3_600_000, now: () => now },
      observed: { newest: '2026-01-01 11:30:00.000' },
      outcome: 'PASSED',
    },
  ],
  [
    'stale',
    {
      check: freshness as never,
      params: { column: 't', maxAgeMs: 3_600_000, now: () => now },
      observed: { newest: '2026-01-01 10:30:00.000' },
      outcome: 'FAILED',
      observedText: /1\.5 h old/,
    },
  ],
  [
    'empty table is not fresh: NOT_EVALUATED',
    {
      check: freshness as never,
      params: { column: 't', maxAgeMs: 3_600_000, now: () => now },
      observed: { newest: null },
      outcome: 'NOT_EVALUATED',
    },
  ],
  [
    'columns match (types normalised)',
    {
      check: columns as never,
      params: {
        columns: [
          { name: 'M', type: 'DECIMAL(18, 2)' },
          { name: 'a', type: 'varchar' },
        ],
      },
      observed: {
        columns: [
          { name: 'm', type: 'decimal(18,2)' },
          { name: 'a', type: 'string' },
          { name: 'extra', type: 'int' },
        ],
      },
      outcome: 'PASSED',
    },
  ],
  [
    'column type differs',
    {
      check: columns as never,
      params: { columns: [{ name: 'q', type: 'int' }] },
      observed: { columns: [{ name: 'q', type: 'bigint' }] },
      outcome: 'FAILED',
      observedText: /q is bigint, not int/,
    },
  ],
  [
    'column missing',
    {
      check: columns as never,
      params: { columns: [{ name: 'z', type: 'int' }] },
      observed: { columns: [{ name: 'q', type: 'bigint' }] },
      outcome: 'FAILED',
      observedText: /z is missing/,
    },
  ],
  [
    'table not in catalog',
    {
      check: columns as never,
      params: { columns: [] },
      observed: { columns: null, reason: 'table db.t is not in the catalog' },
      outcome: 'NOT_EVALUATED',
    },
  ],
  [
    'partition registered',
    { check: partition as never, params: { partition: 'd=1' }, observed: { present: true, location: 's3://b/d=1/' }, outcome: 'PASSED' },
  ],
  ['partition missing', { check: partition as never, params: { partition: 'd=1' }, observed: { present: false }, outcome: 'FAILED' }],
];

describe('data check evaluations', () => {
  for (const [name, testCase] of cases) {
    it(`${testCase.check.name}: ${name} → ${testCase.outcome}`, () => {
      const evaluation = testCase.check.evaluate(testCase.params as never, testCase.observed);
      assert.equal(evaluation.outcome, testCase.outcome, JSON.stringify(evaluation));
      if (testCase.observedText) assert.match(evaluation.observed, testCase.observedText);
    });
  }
});

describe('data check metrics (SQL)', () => {
  it('aggregate checks scope to the predicate through the shared scan, never by themselves', () => {
    for (const check of [rowCount, noNulls, allowedValues, valueRange, pattern, freshness]) {
      const metric = (check as DataCheck<never>).metric(
        { column: 'x', values: ['a'], min: '0', max: '1', regex: 'r', expected: 1, maxAgeMs: 1 } as never,
        target,
      );
      assert.equal(metric.kind, 'aggregate', check.name);
    }
  });

  it('quotes string literals and keeps numeric bounds exact', () => {
    const metric = allowedValues.metric({ column: 'currency', values: ["O'K", 'USD'] }, target);
    assert.ok(metric.kind === 'aggregate');
    assert.match(metric.expressions[0]?.sql ?? '', /NOT IN \('O''K', 'USD'\)/);
    const range = valueRange.metric({ column: 'quantity', min: '0', max: '1000000.50' }, target);
    assert.ok(range.kind === 'aggregate');
    assert.match(range.expressions[0]?.sql ?? '', /quantity < 0 OR quantity > 1000000\.50/);
  });

  it('unique and referential integrity run queries of their own, scoped by the predicate', () => {
    const duplicates = unique.metric({ columns: ['account_id', 'security_id'] }, target);
    assert.ok(duplicates.kind === 'query');
    assert.match(duplicates.sql, /GROUP BY account_id, security_id HAVING count\(\*\) > 1/);
    assert.match(duplicates.sql, /WHERE \(as_of_date = DATE '2026-01-01'\)/);
    const orphans = referentialIntegrity.metric(
      {
        column: 'security_id',
        reference: { name: 'reference.securities', table: { database: 'r', table: 's', sql: 'r.s' }, column: 'security_id' },
      },
      target,
    );
    assert.ok(orphans.kind === 'query');
    assert.match(orphans.sql, /NOT EXISTS \(SELECT 1 FROM r\.s r WHERE r\.security_id = t\.security_id\)/);
  });

  it('parses partition specs and normalises type names', () => {
    assert.deepEqual(parsePartitionSpec('a=1/b=x y'), { a: '1', b: 'x y' });
    assert.throws(() => parsePartitionSpec('2026-01-01'), /write key=value/);
    assert.equal(normaliseType('VARCHAR'), 'string');
    assert.equal(normaliseType('decimal( 18, 2 )'), 'decimal(18,2)');
  });

  it('registers every check type by name, and names the known ones for an unknown one', () => {
    assert.equal(CHECK_REGISTRY.size, 10);
    assert.throws(() => checkNamed('completeness'), /Unknown data check "completeness". Known checks: row_count, columns/);
  });
});

describe('the check runner', () => {
  const outcome = (sql: string, columns: string[], row: Array<string | null>, state = 'SUCCEEDED'): QueryOutcome => ({
    queryExecutionId: `q-${sql.length}`,
    sql,
    state,
    stateChangeReason: state === 'SUCCEEDED' ? undefined : 'COLUMN_NOT_FOUND: line 1:8: Column x cannot be resolved',
    columns: columns.map((name) => ({ name, type: 'bigint' })),
    rows: [row],
    truncated: false,
  });

  it('measures aggregate checks on one table slice in ONE scan, and fetches samples only for failures', async () => {
    const queries: string[] = [];
    const planned: PlannedCheck[] = [
      { check: rowCount as never, params: { expected: 3 }, target },
      { check: noNulls as never, params: { column: 'a' }, target },
      { check: allowedValues as never, params: { column: 'c', values: ['USD'] }, target },
    ];
    const results = await runChecks(planned, {
      glue: undefined as never,
      query: async (_label, sql) => {
        queries.push(sql);
        if (sql.startsWith('SELECT count(*) AS c0_row_count'))
          return outcome(sql, ['c0_row_count', 'c1_null_rows', 'c2_unexpected_rows'], ['3', '0', '2']);
        return outcome(sql, ['value', 'row_count'], ['EUR', '2']);
      },
    });
    assert.deepEqual(
      results.map((result) => result.outcome),
      ['PASSED', 'PASSED', 'FAILED'],
    );
    assert.equal(queries.length, 2, queries.join('\n'));
    assert.match(queries[1] ?? '', /GROUP BY c ORDER BY row_count DESC LIMIT 20/);
    assert.deepEqual(results[2]?.samples?.rows, [['EUR', '2']]);
  });

  it("makes every check of a failed scan NOT_EVALUATED with the engine's reason", async () => {
    const results = await runChecks([{ check: rowCount as never, params: { expected: 0 }, target }], {
      glue: undefined as never,
      query: async (_label, sql) => outcome(sql, [], [], 'FAILED'),
    });
    assert.equal(results[0]?.outcome, 'NOT_EVALUATED');
    assert.match(results[0]?.reason ?? '', /COLUMN_NOT_FOUND/);
  });
});
