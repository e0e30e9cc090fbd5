import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyStatement } from '../../../sandbox/services/athena/statement-kind';

describe('statement classification', () => {
  const cases: Array<{ in: string; out: [string, string | undefined, string] }> = [
    { in: 'SELECT 1', out: ['DML', 'SELECT', 'query'] },
    { in: '-- leading comment\n/* and another */ WITH x AS (SELECT 1) SELECT * FROM x', out: ['DML', 'SELECT', 'query'] },
    { in: '(SELECT 1) UNION (SELECT 2)', out: ['DML', 'SELECT', 'query'] },
    { in: 'VALUES 1', out: ['DML', 'SELECT', 'query'] },
    { in: 'INSERT INTO t SELECT 1', out: ['DML', 'INSERT', 'insert'] },
    { in: 'EXPLAIN SELECT 1', out: ['DML', 'EXPLAIN', 'view'] },
    { in: "CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/'", out: ['DDL', 'CREATE_TABLE', 'hive'] },
    { in: "CREATE TABLE t WITH (format = 'PARQUET') AS SELECT 1 AS a", out: ['DDL', 'CREATE_TABLE_AS_SELECT', 'ctas'] },
    { in: 'CREATE DATABASE d', out: ['DDL', 'CREATE_DATABASE', 'hive'] },
    { in: 'CREATE SCHEMA d', out: ['DDL', 'CREATE_DATABASE', 'hive'] },
    { in: 'CREATE OR REPLACE VIEW v AS SELECT 1', out: ['DDL', 'CREATE_VIEW', 'view'] },
    { in: 'DROP TABLE IF EXISTS t', out: ['DDL', 'DROP_TABLE', 'hive'] },
    { in: 'DROP DATABASE d CASCADE', out: ['DDL', 'DROP_DATABASE', 'hive'] },
    { in: "ALTER TABLE t ADD PARTITION (p='1')", out: ['DDL', 'ALTER_TABLE_ADD_PARTITION', 'hive'] },
    { in: "ALTER TABLE t DROP PARTITION (p='1')", out: ['DDL', 'ALTER_TABLE_DROP_PARTITION', 'hive'] },
    { in: 'ALTER TABLE t ADD COLUMNS (c int)', out: ['DDL', 'ALTER_TABLE_ADD_COLUMN', 'hive'] },
    { in: 'MSCK REPAIR TABLE t', out: ['DDL', 'MSCK_REPAIR_TABLE', 'hive'] },
    { in: 'SHOW PARTITIONS t', out: ['UTILITY', 'SHOW_PARTITIONS', 'hive'] },
    { in: 'SHOW TABLES IN d', out: ['UTILITY', 'SHOW_TABLES', 'hive'] },
    { in: 'SHOW SCHEMAS', out: ['UTILITY', 'SHOW_DATABASES', 'hive'] },
    { in: 'SHOW CREATE TABLE t', out: ['UTILITY', 'SHOW_CREATE_TABLE', 'hive'] },
    { in: 'DESCRIBE t', out: ['UTILITY', 'DESCRIBE_TABLE', 'hive'] },
    { in: 'DESC t', out: ['UTILITY', 'DESCRIBE_TABLE', 'hive'] },
    { in: 'SELEC 1', out: ['UTILITY', undefined, 'unsupported'] },
  ];
  for (const testCase of cases) {
    it(`classifies ${testCase.in.replace(/\n/g, ' ')}`, () => {
      const kind = classifyStatement(testCase.in);
      assert.deepEqual([kind.statementType, kind.substatementType, kind.runner], testCase.out);
    });
  }
});
