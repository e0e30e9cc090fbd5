import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { outputNamesOf, resultColumnNames } from '../../../sandbox/services/athena/output-names';

/** Result column names as Athena (Trino) gives them, from DuckDB's parse tree and result. */
describe('result column names', () => {
  let connection: DuckDBConnection;
  before(async () => {
    connection = await (await DuckDBInstance.create(':memory:')).connect();
    await connection.run('CREATE TABLE t (Id INTEGER, name VARCHAR)');
  });
  after(() => connection.closeSync());

  const names = async (sql: string) => {
    const serialized = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql], [VARCHAR]);
    const node = JSON.parse(String(serialized.getRows()[0][0])).statements[0].node;
    const result = await connection.runAndReadAll(sql);
    return resultColumnNames(outputNamesOf(node), result.columnNames());
  };

  const cases: Array<{ in: string; out: string[] }> = [
    { in: 'SELECT Id, name AS Label, count(*), t.name, 1 + 1 FROM t GROUP BY ALL', out: ['id', 'label', '_col2', 'name', '_col4'] },
    { in: 'SELECT * FROM t', out: ['id', 'name'] },
    { in: 'SELECT 1 AS a, * FROM t', out: ['a', 'id', 'name'] },
    { in: 'SELECT * FROM (SELECT count(*), max(name) AS m FROM t) s', out: ['_col0', 'm'] },
    { in: 'SELECT * FROM (SELECT count(*), 2 FROM t) s(c, d)', out: ['c', 'd'] },
    { in: 'SELECT 1 UNION ALL SELECT 2 AS two', out: ['_col0'] },
    { in: 'WITH x AS (SELECT Id FROM t) SELECT Id, Id * 2 FROM x', out: ['id', '_col1'] },
    { in: 'SELECT * FROM (VALUES (1, 2)) v', out: ['_col0', '_col1'] },
    { in: 'SELECT CAST(Id AS VARCHAR) FROM t', out: ['_col0'] },
  ];
  for (const testCase of cases)
    it(`names the columns of ${testCase.in}`, async () => assert.deepEqual(await names(testCase.in), testCase.out));
});
