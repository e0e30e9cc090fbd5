import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  AthenaClient,
  StartQueryExecutionCommand,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  paginateGetQueryResults,
  type ColumnInfo,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import { GlueClient, GetTableCommand, GetPartitionsCommand, EntityNotFoundException } from '@aws-sdk/client-glue';
import { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { startSandbox } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';

/** Hive DDL kept in the Glue catalog, and CSV / JSON / Parquet / partitioned tables read through DuckDB. */
describe('Athena tables over the sandbox S3 store', () => {
  let sandbox: Sandbox;
  let athena: AthenaClient;
  let glue: GlueClient;
  let s3: S3Client;
  let scratch: string;

  const put = (Key: string, Body: string | Buffer) => s3.send(new PutObjectCommand({ Bucket: 'lake', Key, Body }));

  const run = async (QueryString: string): Promise<QueryExecution> => {
    const { QueryExecutionId } = await athena.send(
      new StartQueryExecutionCommand({
        QueryString,
        QueryExecutionContext: { Database: 'lake' },
        ResultConfiguration: { OutputLocation: 's3://results/' },
      }),
    );
    for (;;) {
      const { QueryExecution } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }));
      if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(QueryExecution!.Status!.State!)) return QueryExecution!;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  const ok = async (sql: string) => {
    const execution = await run(sql);
    assert.equal(execution.Status?.State, 'SUCCEEDED', `${sql}\n→ ${execution.Status?.StateChangeReason}`);
    return execution;
  };

  /** All rows (the header row included for a SELECT) and the column metadata. */
  const query = async (sql: string): Promise<{ rows: Array<Array<string | null>>; columns: ColumnInfo[]; execution: QueryExecution }> => {
    const execution = await ok(sql);
    const rows: Array<Array<string | null>> = [];
    let columns: ColumnInfo[] = [];
    for await (const page of paginateGetQueryResults({ client: athena }, { QueryExecutionId: execution.QueryExecutionId })) {
      columns = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? columns;
      rows.push(...(page.ResultSet?.Rows ?? []).map((row) => (row.Data ?? []).map((datum) => datum.VarCharValue ?? null)));
    }
    return { rows, columns, execution };
  };

  /** Writes a Parquet file with DuckDB (COPY … TO) and uploads it. */
  const putParquet = async (key: string, select: string) => {
    const file = path.join(scratch, `${path.basename(key)}-${Date.now()}.parquet`);
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    await connection.run(`COPY (${select}) TO '${file}' (FORMAT PARQUET)`);
    connection.closeSync();
    await put(key, fs.readFileSync(file));
  };

  before(async () => {
    const started = await startSandbox();
    sandbox = started.sandbox;
    athena = new AthenaClient(started.config);
    glue = new GlueClient(started.config);
    s3 = new S3Client(started.config);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'athena-tables-'));
    await s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'results' }));
    await ok('CREATE DATABASE IF NOT EXISTS lake');
  });
  after(async () => {
    athena.destroy();
    glue.destroy();
    s3.destroy();
    await sandbox.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('keeps CREATE EXTERNAL TABLE in the Glue catalog with Athena’s storage settings', async () => {
    const execution = await ok(
      `CREATE EXTERNAL TABLE IF NOT EXISTS \`lake\`.\`Trades\` (
         trade_id bigint COMMENT 'the key',
         book string,
         notional decimal(18,2))
       PARTITIONED BY (trade_date string)
       ROW FORMAT DELIMITED FIELDS TERMINATED BY '|'
       STORED AS TEXTFILE
       LOCATION 's3://lake/trades/'
       TBLPROPERTIES ('skip.header.line.count'='1', 'classification'='csv')`,
    );
    assert.equal(execution.StatementType, 'DDL');
    assert.equal(execution.SubstatementType, 'CREATE_TABLE');
    assert.match(execution.ResultConfiguration!.OutputLocation!, /\.txt$/);
    const { Table } = await glue.send(new GetTableCommand({ DatabaseName: 'lake', Name: 'trades' }));
    assert.equal(Table?.TableType, 'EXTERNAL_TABLE');
    assert.deepEqual(Table?.StorageDescriptor?.Columns, [
      { Name: 'trade_id', Type: 'bigint', Comment: 'the key' },
      { Name: 'book', Type: 'string' },
      { Name: 'notional', Type: 'decimal(18,2)' },
    ]);
    assert.deepEqual(Table?.PartitionKeys, [{ Name: 'trade_date', Type: 'string' }]);
    assert.equal(Table?.StorageDescriptor?.Location, 's3://lake/trades/');
    assert.equal(Table?.StorageDescriptor?.InputFormat, 'org.apache.hadoop.mapred.TextInputFormat');
    assert.deepEqual(Table?.StorageDescriptor?.SerdeInfo, {
      SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
      Parameters: { 'field.delim': '|', 'serialization.format': '|' },
    });
    assert.equal(Table?.Parameters?.['skip.header.line.count'], '1');
    assert.equal(Table?.Parameters?.EXTERNAL, 'TRUE');
    const again = await run("CREATE EXTERNAL TABLE trades (a int) LOCATION 's3://lake/x/'");
    assert.equal(again.Status?.State, 'FAILED');
    assert.equal(
      again.Status?.StateChangeReason,
      'FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. AlreadyExistsException(message:Table trades already exist)',
    );
  });

  it('reads only registered partitions, adds them (several at once) and repairs the rest with MSCK', async () => {
    const header = 'trade_id|book|notional\n';
    await put('trades/trade_date=2026-01-01/part-0.csv', `${header}1|rates|100.50\n2|fx|-3\n`);
    await put('trades/trade_date=2026-01-02/part-0.csv', `${header}3|rates|7\n`);
    await put('trades/trade_date=2026-01-03/part-0.csv', `${header}4|credit|8.125\n`);
    await put('elsewhere/jan-04.csv', `${header}5|fx|9\n`);
    await put('trades/trade_date=2026-01-01/_SUCCESS', 'marker');
    await put('trades/trade_date=2026-01-01/.part-0.csv.crc', 'checksum');

    assert.deepEqual((await query('SELECT count(*) FROM trades')).rows, [['_col0'], ['0']], 'no registered partition, no rows');
    await ok(
      "ALTER TABLE trades ADD PARTITION (trade_date='2026-01-01') PARTITION (trade_date = '2026-01-04') LOCATION 's3://lake/elsewhere/'",
    );
    const added = await query('SELECT trade_id, book, notional, trade_date FROM trades ORDER BY trade_id');
    assert.deepEqual(added.rows, [
      ['trade_id', 'book', 'notional', 'trade_date'],
      ['1', 'rates', '100.50', '2026-01-01'],
      ['2', 'fx', '-3.00', '2026-01-01'],
      ['5', 'fx', '9.00', '2026-01-04'],
    ]);
    const duplicate = await run("ALTER TABLE trades ADD PARTITION (trade_date='2026-01-01')");
    assert.equal(duplicate.Status?.State, 'FAILED');
    assert.match(duplicate.Status!.StateChangeReason!, /AlreadyExistsException\(message:Partition already exists: trade_date=2026-01-01\)/);
    await ok("ALTER TABLE trades ADD IF NOT EXISTS PARTITION (trade_date='2026-01-01')");

    const repair = await query('MSCK REPAIR TABLE trades');
    assert.deepEqual(repair.rows, [
      ['Partitions not in metastore:\ttrades:trade_date=2026-01-02\ttrades:trade_date=2026-01-03'],
      ['Repair: Added partition to metastore trades:trade_date=2026-01-02'],
      ['Repair: Added partition to metastore trades:trade_date=2026-01-03'],
    ]);
    const { Partitions } = await glue.send(new GetPartitionsCommand({ DatabaseName: 'lake', TableName: 'trades' }));
    assert.deepEqual(Partitions?.map((partition) => partition.StorageDescriptor?.Location).sort(), [
      's3://lake/elsewhere/',
      's3://lake/trades/trade_date=2026-01-01/',
      's3://lake/trades/trade_date=2026-01-02/',
      's3://lake/trades/trade_date=2026-01-03/',
    ]);
    const shown = await query('SHOW PARTITIONS trades');
    assert.deepEqual(shown.rows, [
      ['trade_date=2026-01-01'],
      ['trade_date=2026-01-02'],
      ['trade_date=2026-01-03'],
      ['trade_date=2026-01-04'],
    ]);
    assert.equal(shown.execution.StatementType, 'UTILITY');

    const pruned = await query("SELECT sum(notional) AS total FROM trades WHERE trade_date = '2026-01-03'");
    assert.deepEqual(pruned.rows, [['total'], ['8.13']]);
    await ok("ALTER TABLE trades DROP PARTITION (trade_date='2026-01-01'), PARTITION (trade_date='2026-01-04')");
    assert.deepEqual((await query('SELECT trade_id FROM trades ORDER BY 1')).rows, [['trade_id'], ['3'], ['4']]);
    const missing = await run("ALTER TABLE trades DROP PARTITION (trade_date='1999-01-01')");
    assert.equal(missing.Status?.State, 'FAILED');
    await ok("ALTER TABLE trades DROP IF EXISTS PARTITION (trade_date='1999-01-01')");
  });

  it('reads CSV with a header through OpenCSVSerde, quotes and embedded separators included', async () => {
    await put('clients/clients.csv', 'id,name,city\n"1","Smith, Jane","Paris"\n"2","O\'Brien","Oslo"\n"3","","x"\n');
    await ok(`CREATE EXTERNAL TABLE clients (id int, name string, city string)
      ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
      WITH SERDEPROPERTIES ('separatorChar'=',', 'quoteChar'='"', 'escapeChar'='\\\\')
      LOCATION 's3://lake/clients/' TBLPROPERTIES ('skip.header.line.count'='1')`);
    assert.deepEqual((await query('SELECT id, name, city FROM clients ORDER BY id')).rows, [
      ['id', 'name', 'city'],
      ['1', 'Smith, Jane', 'Paris'],
      ['2', "O'Brien", 'Oslo'],
      ['3', '', 'x'],
    ]);
  });

  it('reads JSON lines by key, case-insensitively, with nested values and missing keys as NULL', async () => {
    await put(
      'events/events.json',
      [
        '{"eventId": 1, "Kind": "open", "tags": ["a", "b"], "detail": {"score": 1.5, "ok": true}}',
        '{"eventId": 2, "kind": "close"}',
        '{"eventId": "3", "kind": null, "tags": [], "extra": "ignored"}',
        '',
      ].join('\n'),
    );
    await ok(`CREATE EXTERNAL TABLE events (eventid bigint, kind string, tags array<string>, detail struct<score:double,ok:boolean>)
      ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://lake/events/'`);
    const result = await query('SELECT eventid, kind, tags, detail, detail.score AS score FROM events ORDER BY eventid');
    assert.deepEqual(result.rows, [
      ['eventid', 'kind', 'tags', 'detail', 'score'],
      ['1', 'open', '[a, b]', '{score=1.5, ok=true}', '1.5'],
      ['2', 'close', null, null, null],
      ['3', null, '[]', null, null],
    ]);
    assert.deepEqual(
      result.columns.map((column) => column.Type),
      ['bigint', 'varchar', 'array', 'row', 'double'],
    );

    await put('ledger/2026.json', '{"accountId": "A-1", "Amount": "1.5"}\n{"accountId": "A-2", "Amount": 2}\n');
    await ok(
      "CREATE EXTERNAL TABLE ledger (accountid string, amount decimal(10,2)) ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe' LOCATION 's3://lake/ledger/'",
    );
    assert.deepEqual((await query('SELECT accountid, amount FROM ledger ORDER BY 1')).rows, [
      ['accountid', 'amount'],
      ['A-1', '1.50'],
      ['A-2', '2.00'],
    ]);
  });

  it('reads Parquet columns by name, casting to the declared types and NULL for absent ones', async () => {
    await putParquet(
      'metrics/part-0.parquet',
      "SELECT 'EU' AS Region, CAST(i AS INTEGER) AS units, i * 1.5 AS revenue, 'unused' AS other FROM range(3) t(i)",
    );
    await ok(`CREATE EXTERNAL TABLE metrics (region string, units bigint, revenue decimal(10,2), missing_col date)
      STORED AS PARQUET LOCATION 's3://lake/metrics'`);
    const result = await query('SELECT region, units, revenue, missing_col FROM metrics ORDER BY units');
    assert.deepEqual(result.rows, [
      ['region', 'units', 'revenue', 'missing_col'],
      ['EU', '0', '0.00', null],
      ['EU', '1', '1.50', null],
      ['EU', '2', '3.00', null],
    ]);
    assert.deepEqual(
      result.columns.map((column) => [column.Type, column.Precision, column.Scale]),
      [
        ['varchar', 2147483647, 0],
        ['bigint', 19, 0],
        ['decimal', 10, 2],
        ['date', 0, 0],
      ],
    );
    assert.ok((result.execution.Statistics?.DataScannedInBytes ?? 0) > 0);
  });

  it('answers a typed empty result for a table whose location holds nothing', async () => {
    await ok("CREATE EXTERNAL TABLE nothing_yet (id int, seen_at timestamp) STORED AS PARQUET LOCATION 's3://lake/nothing-yet/'");
    const result = await query('SELECT id, seen_at FROM nothing_yet');
    assert.deepEqual(result.rows, [['id', 'seen_at']]);
    assert.deepEqual(
      result.columns.map((column) => column.Type),
      ['integer', 'timestamp'],
    );
    assert.equal(result.execution.Statistics?.DataScannedInBytes, 0);
  });

  it('sees objects written after the table was first read', async () => {
    await ok("CREATE EXTERNAL TABLE growing (n int) LOCATION 's3://lake/growing/'");
    await put('growing/a.txt', '1\n2\n');
    assert.deepEqual((await query('SELECT sum(n) FROM growing')).rows, [['_col0'], ['3']]);
    await put('growing/b.txt', '10\n');
    assert.deepEqual((await query('SELECT sum(n) FROM growing')).rows, [['_col0'], ['13']]);
  });

  it('formats each type as Athena does', async () => {
    await putParquet(
      'typed/part-0.parquet',
      `SELECT 18934::DECIMAL(12,2) AS amount, DATE '2026-01-01' AS d, TIMESTAMP '2026-01-01 10:00:00' AS ts,
              true AS flag, 1.5::DOUBLE AS ratio, 1e20::DOUBLE AS big, 0.000001::DOUBLE AS tiny, 2.5::FLOAT AS f,
              [1, 2] AS xs, MAP {'k': 1} AS m, {'id': 7, 'name': 'x'} AS r, NULL::VARCHAR AS nothing`,
    );
    await ok(`CREATE EXTERNAL TABLE typed (amount decimal(12,2), d date, ts timestamp, flag boolean, ratio double, big double, tiny double,
      f float, xs array<int>, m map<string,int>, r struct<id:int,name:string>, nothing string) STORED AS PARQUET LOCATION 's3://lake/typed/'`);
    const result = await query('SELECT * FROM typed');
    assert.deepEqual(result.rows[1], [
      '18934.00',
      '2026-01-01',
      '2026-01-01 10:00:00.000',
      'true',
      '1.5',
      '1.0E20',
      '1.0E-6',
      '2.5',
      '[1, 2]',
      '{k=1}',
      '{id=7, name=x}',
      null,
    ]);
    assert.deepEqual(
      result.columns.map((column) => column.Type),
      ['decimal', 'date', 'timestamp', 'boolean', 'double', 'double', 'double', 'float', 'array', 'map', 'row', 'varchar'],
    );
  });

  it('runs Trino functions translated for DuckDB', async () => {
    const result = await query(`SELECT
      date_add('day', 1, DATE '2026-01-31') AS next_day,
      date_diff('day', DATE '2026-01-01', DATE '2026-03-01') AS days,
      regexp_like('ACC-123', '^ACC-[0-9]+$') AS matches,
      approx_distinct(x) AS distinct_values,
      from_iso8601_timestamp('2026-01-01T10:00:00Z') AS at,
      cardinality(ARRAY[1, 2, 3]) AS n,
      element_at(ARRAY['a', 'b'], 2) AS second,
      try_cast('12x' AS integer) AS bad_number,
      date_format(TIMESTAMP '2026-01-02 03:04:05', '%Y/%m/%d %H:%i:%s') AS formatted,
      7 / 2 AS int_division
      FROM (VALUES 1, 2, 2) AS t(x)`);
    assert.deepEqual(result.rows[1], [
      '2026-02-01',
      '59',
      'true',
      '2',
      '2026-01-01 10:00:00.000 UTC',
      '3',
      'b',
      null,
      '2026/01/02 03:04:05',
      '3',
    ]);
  });

  it('fails a query on an unreadable file with HIVE_BAD_DATA naming the S3 object', async () => {
    await put('broken/part-0.parquet', 'this is not parquet');
    await ok("CREATE EXTERNAL TABLE broken (id int) STORED AS PARQUET LOCATION 's3://lake/broken/'");
    const execution = await run('SELECT * FROM broken');
    assert.equal(execution.Status?.State, 'FAILED');
    assert.match(execution.Status!.StateChangeReason!, /^HIVE_BAD_DATA: .*s3:\/\/lake\/broken\/part-0\.parquet/);
    assert.doesNotMatch(execution.Status!.StateChangeReason!, new RegExp(sandbox.workDirectory.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });

  it('answers SHOW and DESCRIBE from the catalog', async () => {
    const tables = await query("SHOW TABLES IN lake 'c*|e*'");
    assert.deepEqual(tables.rows, [['clients'], ['events']]);
    const [column] = tables.columns;
    assert.ok(column, 'SHOW TABLES describes its column');
    assert.equal(column.Name, 'tab_name');
    const described = await query('DESCRIBE trades');
    assert.deepEqual(
      described.rows.map((row) => row[0]),
      [
        'trade_id            \tbigint              \tthe key             ',
        'book                \tstring              \t                    ',
        'notional            \tdecimal(18,2)       \t                    ',
        'trade_date          \tstring              \t                    ',
        '\t \t ',
        '# Partition Information\t \t ',
        '# col_name          \tdata_type           \tcomment             ',
        '\t \t ',
        'trade_date          \tstring              \t                    ',
      ],
    );
    const results = await s3.send(new GetObjectCommand({ Bucket: 'results', Key: `${described.execution.QueryExecutionId}.txt` }));
    assert.equal(await results.Body!.transformToString(), described.rows.map((row) => row[0]).join('\n'));
    const databases = await query('SHOW DATABASES');
    assert.ok(databases.rows.some((row) => row[0] === 'lake'));
  });

  it('answers information_schema from the catalog with Trino’s type names', async () => {
    const columns = await query(
      "SELECT column_name, data_type, extra_info FROM information_schema.columns WHERE table_schema = 'lake' AND table_name = 'events' ORDER BY ordinal_position",
    );
    assert.deepEqual(columns.rows, [
      ['column_name', 'data_type', 'extra_info'],
      ['eventid', 'bigint', null],
      ['kind', 'varchar', null],
      ['tags', 'array(varchar)', null],
      ['detail', 'row(score double, ok boolean)', null],
    ]);
    const partitioned = await query(
      "SELECT column_name, data_type, extra_info FROM awsdatacatalog.information_schema.columns WHERE table_name = 'trades' AND extra_info IS NOT NULL",
    );
    assert.deepEqual(partitioned.rows.slice(1), [['trade_date', 'varchar', 'partition key']]);
    const tables = await query(
      "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'lake' AND table_name LIKE 'c%' ORDER BY 1",
    );
    assert.deepEqual(tables.rows, [
      ['table_name', 'table_type'],
      ['clients', 'BASE TABLE'],
    ]);
  });

  it('drops tables and databases, exactly once unless IF EXISTS', async () => {
    await ok("CREATE EXTERNAL TABLE temporary (a int) LOCATION 's3://lake/growing/'");
    await ok('DROP TABLE temporary');
    await assert.rejects(glue.send(new GetTableCommand({ DatabaseName: 'lake', Name: 'temporary' })), EntityNotFoundException);
    const gone = await run('SELECT * FROM temporary');
    assert.equal(gone.Status?.StateChangeReason, "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.lake.temporary' does not exist");
    const again = await run('DROP TABLE temporary');
    assert.equal(again.Status?.StateChangeReason, 'FAILED: SemanticException [Error 10001]: Table not found temporary');
    await ok('DROP TABLE IF EXISTS temporary');

    await ok('CREATE SCHEMA scratch');
    await ok("CREATE EXTERNAL TABLE scratch.t (a int) LOCATION 's3://lake/growing/'");
    assert.deepEqual((await query('SELECT count(*) FROM scratch.t')).rows, [['_col0'], ['3']]);
    const notEmpty = await run('DROP DATABASE scratch');
    assert.match(notEmpty.Status!.StateChangeReason!, /Database scratch is not empty/);
    await ok('DROP DATABASE scratch CASCADE');
    const schema = await run('SELECT * FROM scratch.t');
    assert.equal(schema.Status?.StateChangeReason, "SCHEMA_NOT_FOUND: line 1:15: Schema 'scratch' does not exist");
  });

  it('creates a partitioned Parquet table from a query (CTAS) and appends to it with INSERT INTO', async () => {
    const ctas = await ok(`CREATE TABLE lake.books_by_day
      WITH (format = 'PARQUET', external_location = 's3://lake/derived/books_by_day/', partitioned_by = ARRAY['trade_date'])
      AS SELECT book, count(*) AS trades, sum(notional) AS notional, trade_date FROM trades GROUP BY book, trade_date`);
    assert.equal(ctas.SubstatementType, 'CREATE_TABLE_AS_SELECT');
    const created = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: ctas.QueryExecutionId }));
    assert.equal(created.UpdateCount, 2);
    assert.deepEqual(
      created.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((column) => [column.Name, column.Type]),
      [['rows', 'bigint']],
    );
    const { Table } = await glue.send(new GetTableCommand({ DatabaseName: 'lake', Name: 'books_by_day' }));
    assert.deepEqual(
      Table?.StorageDescriptor?.Columns?.map((column) => [column.Name, column.Type]),
      [
        ['book', 'string'],
        ['trades', 'bigint'],
        ['notional', 'decimal(38,2)'],
      ],
    );
    assert.deepEqual(
      Table?.PartitionKeys?.map((column) => [column.Name, column.Type]),
      [['trade_date', 'string']],
    );
    assert.equal(Table?.StorageDescriptor?.SerdeInfo?.SerializationLibrary, 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
    assert.deepEqual((await query('SHOW PARTITIONS books_by_day')).rows, [['trade_date=2026-01-02'], ['trade_date=2026-01-03']]);
    assert.deepEqual((await query('SELECT book, trades, notional, trade_date FROM books_by_day ORDER BY trade_date')).rows, [
      ['book', 'trades', 'notional', 'trade_date'],
      ['rates', '1', '7.00', '2026-01-02'],
      ['credit', '1', '8.13', '2026-01-03'],
    ]);

    const inserted = await ok("INSERT INTO books_by_day VALUES ('fx', 5, 12.5, '2026-01-09'), ('rates', 1, 1, '2026-01-02')");
    assert.equal((await athena.send(new GetQueryResultsCommand({ QueryExecutionId: inserted.QueryExecutionId }))).UpdateCount, 2);
    assert.deepEqual((await query('SELECT trade_date, sum(trades) FROM books_by_day GROUP BY 1 ORDER BY 1')).rows, [
      ['trade_date', '_col1'],
      ['2026-01-02', '2'],
      ['2026-01-03', '1'],
      ['2026-01-09', '5'],
    ]);
    assert.deepEqual(
      (await query('SHOW PARTITIONS books_by_day')).rows.map((row) => row[0]),
      ['trade_date=2026-01-02', 'trade_date=2026-01-03', 'trade_date=2026-01-09'],
    );

    const again = await run("CREATE TABLE books_by_day WITH (format = 'PARQUET') AS SELECT 1 AS one");
    assert.match(again.Status!.StateChangeReason!, /AlreadyExistsException\(message:Table books_by_day already exist\)/);
    const unnamed = await run("CREATE TABLE unnamed WITH (format = 'TEXTFILE') AS SELECT 1");
    assert.equal(unnamed.Status?.StateChangeReason, 'MISSING_COLUMN_NAME: line 1:1: Column name not specified at position 1');
  });

  it('writes a text table with CTAS at the results location and appends with a column list', async () => {
    const ctas = await ok("CREATE TABLE lake.codes WITH (format = 'TEXTFILE', field_delimiter = ',') AS SELECT 'a' AS code, 1 AS rank");
    const { Table } = await glue.send(new GetTableCommand({ DatabaseName: 'lake', Name: 'codes' }));
    assert.equal(Table?.StorageDescriptor?.Location, `s3://results/tables/${ctas.QueryExecutionId}/`);
    assert.deepEqual(Table?.StorageDescriptor?.SerdeInfo?.Parameters, { 'field.delim': ',', 'serialization.format': ',' });
    await ok("INSERT INTO codes (rank, code) SELECT 2, 'b'");
    await ok('INSERT INTO codes (code) VALUES (NULL)');
    assert.deepEqual((await query('SELECT code, rank FROM codes ORDER BY rank NULLS LAST')).rows, [
      ['code', 'rank'],
      ['a', '1'],
      ['b', '2'],
      [null, null],
    ]);
    const mismatch = await run("INSERT INTO codes VALUES ('x')");
    assert.equal(
      mismatch.Status?.StateChangeReason,
      'TYPE_MISMATCH: line 1:1: Insert query has mismatched column types: Table: [varchar(1), integer], Query: [varchar(1)]',
    );
    const missing = await run('INSERT INTO nowhere SELECT 1');
    assert.equal(missing.Status?.StateChangeReason, "TABLE_NOT_FOUND: line 1:13: Table 'awsdatacatalog.lake.nowhere' does not exist");
  });

  it('keeps GetQueryResults for DDL empty and leaves UpdateCount out', async () => {
    const execution = await ok("CREATE EXTERNAL TABLE IF NOT EXISTS clients (id int) LOCATION 's3://lake/clients/'");
    const result = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: execution.QueryExecutionId }));
    assert.deepEqual(result.ResultSet?.Rows, []);
    assert.deepEqual(result.ResultSet?.ResultSetMetadata?.ColumnInfo, []);
    assert.equal(result.UpdateCount, undefined);
  });
});
