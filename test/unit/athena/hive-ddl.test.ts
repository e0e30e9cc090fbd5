import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HiveSyntaxError, isHiveStatement, parseHiveStatement, unescapeHiveString } from '../../../sandbox/services/athena/hive-ddl';

describe('Hive DDL parser', () => {
  const parses: Array<{ in: string; out: Record<string, unknown> }> = [
    {
      in: `CREATE EXTERNAL TABLE IF NOT EXISTS \`Sales\`.\`Orders\` (
             id bigint COMMENT 'key', tags array<string>, attrs map<string,int>, item struct<sku:string,qty:int>, amount DECIMAL(10, 2))
           COMMENT 'orders'
           PARTITIONED BY (dt string, hour int)
           ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' COLLECTION ITEMS TERMINATED BY '\\002' NULL DEFINED AS ''
           STORED AS TEXTFILE
           LOCATION 's3://lake/orders/'
           TBLPROPERTIES ('skip.header.line.count'='1', 'classification'='csv');`,
      out: {
        kind: 'createTable',
        external: true,
        ifNotExists: true,
        table: { database: 'sales', name: 'orders', position: 36 },
        columns: [
          { name: 'id', type: 'bigint', comment: 'key' },
          { name: 'tags', type: 'array<string>', comment: undefined },
          { name: 'attrs', type: 'map<string,int>', comment: undefined },
          { name: 'item', type: 'struct<sku:string,qty:int>', comment: undefined },
          { name: 'amount', type: 'decimal(10,2)', comment: undefined },
        ],
        partitionKeys: [
          { name: 'dt', type: 'string', comment: undefined },
          { name: 'hour', type: 'int', comment: undefined },
        ],
        comment: 'orders',
        rowFormat: {
          serdeProperties: {
            'field.delim': '\t',
            'serialization.format': '\t',
            'colelction.delim': '\u0002',
            'serialization.null.format': '',
          },
        },
        storedAs: 'TEXTFILE',
        location: 's3://lake/orders/',
        tableProperties: { 'skip.header.line.count': '1', classification: 'csv' },
      },
    },
    {
      in: `create external table t (a int) row format serde 'org.apache.hadoop.hive.serde2.OpenCSVSerde' with serdeproperties ('separatorChar'=';') stored as inputformat 'in.Format' outputformat 'out.Format' location 's3://b/t'`,
      out: {
        kind: 'createTable',
        external: true,
        ifNotExists: false,
        table: { name: 't', position: 22 },
        columns: [{ name: 'a', type: 'int', comment: undefined }],
        partitionKeys: [],
        rowFormat: { serde: 'org.apache.hadoop.hive.serde2.OpenCSVSerde', serdeProperties: { separatorChar: ';' } },
        inputFormat: 'in.Format',
        outputFormat: 'out.Format',
        location: 's3://b/t',
        tableProperties: {},
      },
    },
    {
      in: 'CREATE DATABASE IF NOT EXISTS raw COMMENT "landing" LOCATION \'s3://lake/raw/\'',
      out: { kind: 'createDatabase', ifNotExists: true, name: 'raw', comment: 'landing', location: 's3://lake/raw/', properties: {} },
    },
    {
      in: "CREATE SCHEMA raw WITH DBPROPERTIES ('owner'='team')",
      out: { kind: 'createDatabase', ifNotExists: false, name: 'raw', properties: { owner: 'team' } },
    },
    {
      in: 'DROP TABLE IF EXISTS raw.events PURGE',
      out: { kind: 'dropTable', ifExists: true, table: { database: 'raw', name: 'events', position: 21 } },
    },
    { in: 'DROP DATABASE raw CASCADE', out: { kind: 'dropDatabase', ifExists: false, name: 'raw', cascade: true } },
    {
      in: "ALTER TABLE events ADD IF NOT EXISTS PARTITION (dt='2026-01-01', hour=3) LOCATION 's3://x/1/' PARTITION (dt = \"2026-01-02\", hour = 4)",
      out: {
        kind: 'addPartitions',
        table: { name: 'events', position: 12 },
        ifNotExists: true,
        partitions: [
          {
            spec: [
              ['dt', '2026-01-01'],
              ['hour', '3'],
            ],
            location: 's3://x/1/',
          },
          {
            spec: [
              ['dt', '2026-01-02'],
              ['hour', '4'],
            ],
            location: undefined,
          },
        ],
      },
    },
    {
      in: "ALTER TABLE events DROP IF EXISTS PARTITION (dt='a'), PARTITION (dt='b')",
      out: { kind: 'dropPartitions', table: { name: 'events', position: 12 }, ifExists: true, partitions: [[['dt', 'a']], [['dt', 'b']]] },
    },
    {
      in: 'ALTER TABLE t ADD COLUMNS (c string)',
      out: { kind: 'addColumns', table: { name: 't', position: 12 }, columns: [{ name: 'c', type: 'string', comment: undefined }] },
    },
    {
      in: "ALTER TABLE t SET TBLPROPERTIES ('k'='v')",
      out: { kind: 'setTableProperties', table: { name: 't', position: 12 }, properties: { k: 'v' } },
    },
    {
      in: "ALTER TABLE t SET LOCATION 's3://b/new/'",
      out: { kind: 'setLocation', table: { name: 't', position: 12 }, location: 's3://b/new/' },
    },
    { in: 'MSCK REPAIR TABLE db.events', out: { kind: 'repairTable', table: { database: 'db', name: 'events', position: 18 } } },
    { in: 'SHOW PARTITIONS events', out: { kind: 'showPartitions', table: { name: 'events', position: 16 } } },
    { in: "SHOW TABLES IN raw 'ev*'", out: { kind: 'showTables', database: 'raw', pattern: 'ev*' } },
    { in: 'SHOW TABLES', out: { kind: 'showTables', database: undefined, pattern: undefined } },
    { in: "SHOW DATABASES LIKE 'r*'", out: { kind: 'showDatabases', pattern: 'r*' } },
    { in: 'SHOW COLUMNS IN events IN raw', out: { kind: 'showColumns', table: { database: 'raw', name: 'events', position: 16 } } },
    { in: 'DESCRIBE FORMATTED raw.events', out: { kind: 'describe', table: { database: 'raw', name: 'events', position: 19 } } },
    { in: 'DESC `events`', out: { kind: 'describe', table: { name: 'events', position: 5 } } },
    { in: 'SHOW CREATE TABLE events', out: { kind: 'showCreateTable', table: { name: 'events', position: 18 } } },
  ];
  for (const testCase of parses) {
    it(`parses ${testCase.in.split('\n')[0]?.slice(0, 60)}`, () => {
      assert.deepEqual(parseHiveStatement(testCase.in), testCase.out);
    });
  }

  const refusals: Array<{ in: string; message: RegExp; position: number }> = [
    { in: "CREATE EXTERNAL TABLE t (a int) LOCATIO 's3://b/'", message: /^mismatched input 'LOCATIO'\. Expecting: <EOF>$/, position: 32 },
    { in: 'CREATE EXTERNAL TABLE t (a integr)', message: /Unknown type: integr/, position: 27 },
    { in: 'CREATE EXTERNAL TABLE "t" (a int)', message: /mismatched input '"t"'/, position: 22 },
    { in: 'DROP TABLE', message: /mismatched input '<EOF>'\. Expecting: <identifier>/, position: 10 },
    { in: 'ALTER TABLE t ADD PARTITION (dt=)', message: /mismatched input '\)'/, position: 32 },
    { in: 'SHOW FUNCTIONS', message: /Expecting: 'PARTITIONS', 'TABLES'/, position: 5 },
    { in: 'DROP TABLE a.b.c', message: /Invalid table name a\.b\.c/, position: 11 },
  ];
  for (const testCase of refusals) {
    it(`refuses ${testCase.in}`, () => {
      assert.throws(
        () => parseHiveStatement(testCase.in),
        (error: unknown) => {
          assert.ok(error instanceof HiveSyntaxError);
          assert.match(error.message, testCase.message);
          assert.equal(error.position, testCase.position);
          return true;
        },
      );
    });
  }

  const ownership: Array<{ in: string; out: boolean }> = [
    { in: 'CREATE EXTERNAL TABLE t (a int)', out: true },
    { in: "create table t (a int) location 's3://x/'", out: true },
    { in: "CREATE TABLE t WITH (format='PARQUET') AS SELECT 1", out: false },
    { in: '-- comment\nSHOW TABLES', out: true },
    { in: 'SELECT * FROM t', out: false },
    { in: 'DROP VIEW v', out: false },
    { in: 'INSERT INTO t SELECT 1', out: false },
  ];
  for (const testCase of ownership) {
    it(`${testCase.out ? 'owns' : 'leaves to the engine'} ${testCase.in.replace('\n', ' ')}`, () => {
      assert.equal(isHiveStatement(testCase.in), testCase.out);
    });
  }

  it('unescapes Hive string literals', () => {
    for (const [input, output] of [
      ['\\t', '\t'],
      ['\\001', '\u0001'],
      ['\\\\', '\\'],
      ["it\\'s", "it's"],
      ['\\u00e9', 'é'],
      ['plain', 'plain'],
    ] as const) {
      assert.equal(unescapeHiveString(input), output);
    }
  });
});
