import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery } from '../../../sandbox/services/athena/trino/parser';
import type { AnalyzerCatalog, CatalogRelation } from '../../../sandbox/services/athena/trino/query-analyzer';
import { MultipleStatements, SemanticError, TrinoSyntaxError } from '../../../sandbox/services/athena/trino/syntax-error';
import { translateQuery } from '../../../sandbox/services/athena/trino/translate';
import { BIGINT, DATE, INTEGER, typeName, VARCHAR, varchar } from '../../../sandbox/services/athena/trino/types';

/** One table, `sales.orders`, partitioned by `dt`, and a view over it. */
const catalog: AnalyzerCatalog = {
  databaseExists: (name) => name === 'sales',
  relation: (database, name): CatalogRelation | undefined => {
    if (database !== 'sales') return undefined;
    if (name === 'orders')
      return {
        kind: 'table',
        database,
        name,
        sql: "(SELECT 1 AS id, 2 AS amount, 'x' AS status, DATE '2026-01-01' AS dt)",
        columns: [
          { name: 'id', type: BIGINT, partitionKey: false },
          { name: 'amount', type: INTEGER, partitionKey: false },
          { name: 'status', type: VARCHAR, partitionKey: false },
          { name: 'dt', type: DATE, partitionKey: true },
        ],
      };
    if (name === 'open_orders')
      return {
        kind: 'view',
        database,
        name,
        sql: "SELECT id, status FROM orders WHERE status = 'open'",
        columns: [
          { name: 'id', type: BIGINT },
          { name: 'status', type: VARCHAR },
        ],
      };
    return undefined;
  },
};

const translate = (sql: string) => translateQuery(sql, catalog, 'sales');

function semanticError(sql: string): { name: string; message: string; position?: number } {
  try {
    translate(sql);
  } catch (error) {
    if (error instanceof SemanticError) return { name: error.errorName, message: error.message, position: error.position };
    throw error;
  }
  assert.fail(`${sql} should fail analysis`);
}

describe('the Trino parser', () => {
  it('parses queries with the clauses Athena accepts', () => {
    const query = parseQuery('WITH t AS (SELECT 1 AS a) SELECT a FROM t ORDER BY a DESC NULLS LAST OFFSET 1 LIMIT 2');
    assert.equal(query.kind, 'query');
    assert.equal(query.with?.ctes.length, 1);
    assert.equal(query.orderBy.length, 1);
    assert.ok(query.offset && query.limit);
  });

  it('reports a syntax error where Trino does, in its words', () => {
    assert.throws(
      () => parseQuery('SELECT 1 FROM'),
      (error: unknown) => error instanceof TrinoSyntaxError && /mismatched input '<EOF>'/.test(error.message) && error.position === 13,
    );
    assert.throws(() => parseQuery('SELECT * FROM t WHERE'), TrinoSyntaxError);
  });

  it('refuses a reserved word as a bare identifier', () => {
    assert.throws(() => parseQuery('SELECT 1 AS from'), TrinoSyntaxError);
    assert.doesNotThrow(() => parseQuery('SELECT 1 AS "from"'));
  });

  it('refuses several statements in one query string', () => {
    assert.throws(() => parseQuery('SELECT 1; SELECT 2'), MultipleStatements);
    assert.doesNotThrow(() => parseQuery('SELECT 1;'));
  });
});

describe('query analysis and translation', () => {
  it('answers Trino’s output names and types', () => {
    const { columns } = translate("SELECT id, amount + 1, 'abc' AS label, count(*) OVER () FROM orders");
    assert.deepEqual(
      columns.map((column) => `${column.name}:${typeName(column.type)}`),
      ['id:bigint', '_col1:integer', 'label:varchar(3)', '_col3:bigint'],
    );
  });

  it('fails a view whose definition no longer matches its catalog columns (VIEW_IS_STALE)', () => {
    const stale: AnalyzerCatalog = {
      ...catalog,
      relation: (database, name) => {
        const relation = catalog.relation(database, name);
        return relation?.kind === 'view' ? { ...relation, columns: [{ name: 'id', type: BIGINT }] } : relation;
      },
    };
    assert.throws(
      () => translateQuery('SELECT * FROM open_orders', stale, 'sales'),
      (error: unknown) => error instanceof SemanticError && error.errorName === 'VIEW_IS_STALE',
    );
  });

  it('reads a view as its query, with the view’s columns', () => {
    const { columns, reads } = translate('SELECT * FROM open_orders');
    assert.deepEqual(
      columns.map((column) => column.name),
      ['id', 'status'],
    );
    assert.deepEqual(
      reads.map((read) => `${read.database}.${read.table}`),
      ['sales.orders'],
    );
  });

  it('records the WHERE conjuncts over partition keys, and which give a key by static equality', () => {
    const { reads } = translate("SELECT id FROM orders WHERE dt = DATE '2026-01-01' AND amount > 1 AND dt > DATE '2025-01-01'");
    const [read] = reads;
    assert.equal(read?.partitionFilters.length, 2);
    assert.deepEqual(read?.equalityKeys, ['dt']);
    assert.deepEqual(read?.otherFilterKeys, ['dt']);
    assert.deepEqual(translate("SELECT id FROM orders WHERE dt IN (DATE '2026-01-01', DATE '2026-01-02')").reads[0]?.equalityKeys, ['dt']);
  });

  it('fails as Trino does, with the error name and the position', () => {
    assert.deepEqual(semanticError('SELECT nope FROM orders'), {
      name: 'COLUMN_NOT_FOUND',
      message: "Column 'nope' cannot be resolved",
      position: 7,
    });
    assert.equal(semanticError('SELECT id FROM orders WHERE status = 1').name, 'TYPE_MISMATCH');
    assert.equal(semanticError('SELECT status, count(*) FROM orders').name, 'EXPRESSION_NOT_AGGREGATE');
    assert.deepEqual(semanticError('SELECT * FROM missing'), {
      name: 'TABLE_NOT_FOUND',
      message: "Table 'awsdatacatalog.sales.missing' does not exist",
      position: 14,
    });
    assert.equal(semanticError('SELECT * FROM other.t').name, 'SCHEMA_NOT_FOUND');
    assert.equal(semanticError('SELECT no_such_function(1)').name, 'FUNCTION_NOT_FOUND');
  });

  it('types literals and set operations as Trino does', () => {
    const { columns } = translate("SELECT 'ab' UNION ALL SELECT 'abcd'");
    assert.deepEqual(columns[0]?.type, varchar(4));
    assert.equal(typeName(translate("SELECT DECIMAL '12.30'").columns[0]!.type), 'decimal(4,2)');
  });
});
