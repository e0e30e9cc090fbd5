import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AthenaEngine, PreparedQuery } from '../../../sandbox/services/athena/engine';
import { StatementSyntaxError } from '../../../sandbox/services/athena/token-cursor';
import { parseViewStatement } from '../../../sandbox/services/athena/view-statements';

/** An engine that only records which part of the statement it was asked to prepare. */
const engine = {
  prepare: (sql: string, embedding?: { statement: string; offset: number }) =>
    ({ originalSql: embedding?.statement ?? sql, offset: embedding?.offset ?? 0, sql }) as unknown as PreparedQuery,
} as unknown as AthenaEngine;

const embedded = (statement: ReturnType<typeof parseViewStatement>) => {
  if (!('query' in statement)) return undefined;
  const { sql, offset } = statement.query as unknown as { sql: string; offset: number };
  return { sql, offset };
};

describe('view and EXPLAIN statements', () => {
  it('parses CREATE [OR REPLACE] VIEW with the query it names', () => {
    const statement = parseViewStatement("CREATE OR REPLACE VIEW db.v COMMENT 'c' SECURITY INVOKER AS SELECT 1 AS a", engine);
    assert.equal(statement.kind, 'createView');
    assert.ok(statement.kind === 'createView' && statement.replace && statement.view.database === 'db' && statement.view.name === 'v');
    assert.deepEqual(embedded(statement), { sql: 'SELECT 1 AS a', offset: 60 });
  });

  it('parses DROP VIEW [IF EXISTS], SHOW CREATE VIEW and SHOW VIEWS', () => {
    assert.deepEqual(parseViewStatement('DROP VIEW IF EXISTS v', engine), {
      kind: 'dropView',
      ifExists: true,
      view: { name: 'v', position: 20 },
    });
    assert.equal(parseViewStatement('SHOW CREATE VIEW v', engine).kind, 'showCreateView');
    assert.deepEqual(parseViewStatement("SHOW VIEWS IN db LIKE 'a*|b'", engine), { kind: 'showViews', database: 'db', pattern: 'a*|b' });
  });

  it('explains a query, a CTAS or an INSERT by the query they run', () => {
    const validate = parseViewStatement('EXPLAIN (TYPE VALIDATE, FORMAT TEXT) SELECT 1', engine);
    assert.ok(validate.kind === 'explain' && validate.validate);
    const ctas = parseViewStatement('EXPLAIN CREATE TABLE t AS SELECT 1 AS a', engine);
    assert.deepEqual(embedded(ctas), { sql: 'SELECT 1 AS a', offset: 26 });
    const insert = parseViewStatement('EXPLAIN INSERT INTO t SELECT 1', engine);
    assert.ok(insert.kind === 'explain' && insert.insertInto?.name === 't' && insert.insertInto.position === 20);
    assert.equal(parseViewStatement('EXPLAIN ANALYZE INSERT INTO t SELECT 1', engine).kind, 'notSupported');
  });

  it('reports syntax errors at their place in the whole statement', () => {
    assert.throws(
      () => parseViewStatement('EXPLAIN CREATE TABLE t WITH AS SELECT 1', engine),
      (error: unknown) => error instanceof StatementSyntaxError && error.position === 28,
    );
    assert.throws(() => parseViewStatement('EXPLAIN (TYPE NOPE) SELECT 1', engine), StatementSyntaxError);
  });
});
