import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checksFromTable } from '../../support/data-checks/check-table';
import { ResourceCatalog } from '../../support/environment/resources';
import type { ResolvedEnvironment } from '../../model/environment/environment';
import type { PostflightWorld } from '../../support/world';

const environment = {
  name: 'qa',
  file: 'environments/qa.yml',
  resources: {
    stateMachines: {},
    functions: {},
    buckets: {},
    athena: { workgroup: 'primary', databases: { curated: 'datalake_qa_curated', reference: 'datalake_qa_reference' } },
  },
} as unknown as ResolvedEnvironment;
const world = { resources: new ResourceCatalog(environment) } as unknown as PostflightWorld;

/** A row of "passes these checks:" → the check each one declares (checks/<name>.ts `row`) and its typed parameters. */
const CASES: Array<{ row: Record<string, string>; check: string; params: unknown }> = [
  { row: { check: 'rows', column: '', argument: '3' }, check: 'row_count', params: { expected: 3 } },
  { row: { check: 'no nulls', column: 'account_id', argument: '' }, check: 'no_nulls', params: { column: 'account_id' } },
  { row: { check: 'unique', column: 'a, b', argument: '' }, check: 'unique', params: { columns: ['a', 'b'] } },
  {
    row: { check: 'Only Contains', column: 'currency', argument: 'USD, EUR' },
    check: 'allowed_values',
    params: { column: 'currency', values: ['USD', 'EUR'] },
  },
  {
    row: { check: 'between', column: 'q', argument: '0 and 1000000' },
    check: 'value_range',
    params: { column: 'q', min: '0', max: '1000000' },
  },
  { row: { check: 'matches', column: 's', argument: '^[A-Z]{2}' }, check: 'pattern', params: { column: 's', regex: '^[A-Z]{2}' } },
  {
    row: { check: 'exists in', column: 'security_id', argument: 'security_id of reference.securities' },
    check: 'referential_integrity',
    params: {
      column: 'security_id',
      reference: {
        name: 'reference.securities',
        table: { database: 'datalake_qa_reference', table: 'securities', sql: 'datalake_qa_reference.securities' },
        column: 'security_id',
      },
    },
  },
  {
    row: { check: 'at most old', column: 'ingested_at', argument: '1 hour' },
    check: 'freshness',
    params: { column: 'ingested_at', maxAgeMs: 3_600_000 },
  },
];

describe('rows of "the table … passes these checks:"', () => {
  for (const { row, check, params } of CASES) {
    it(`| ${row.check} | ${row.column} | ${row.argument} | asks for ${check}`, () => {
      const [request] = checksFromTable(world, 'curated.positions', [row], "as_of_date = DATE '2026-01-01'");
      assert.equal(request?.check.name, check);
      assert.deepEqual(request?.params, params);
      assert.equal(request?.table, 'curated.positions');
      assert.equal(request?.predicate, "as_of_date = DATE '2026-01-01'");
    });
  }

  it('names the checks a row may ask for when it asks for another', () => {
    assert.throws(
      () =>
        checksFromTable(
          world,
          't',
          [
            { check: 'rows', argument: '1' },
            { check: 'completeness', column: 'a' },
          ],
          undefined,
        ),
      /^Error: Row 2: unknown check "completeness". Use one of: rows, no nulls, unique, only contains, between, matches, exists in, at most old \(columns: \| check \| column \| argument \|\)\.$/,
    );
  });

  it('says what a row of a check needs when its argument does not read', () => {
    assert.throws(
      () => checksFromTable(world, 't', [{ check: 'between', column: 'q', argument: '0 to 9' }], undefined),
      /"between" needs "<min> and <max>", got "0 to 9"/,
    );
    assert.throws(
      () => checksFromTable(world, 't', [{ check: 'exists in', column: 'q', argument: 'reference.securities' }], undefined),
      /"exists in" needs "<column> of <db.table>"/,
    );
  });
});
