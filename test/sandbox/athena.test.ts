import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AthenaClient,
  StartQueryExecutionCommand,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StopQueryExecutionCommand,
  BatchGetQueryExecutionCommand,
  ListQueryExecutionsCommand,
  CreateWorkGroupCommand,
  GetWorkGroupCommand,
  ListWorkGroupsCommand,
  DeleteWorkGroupCommand,
  ListDataCatalogsCommand,
  ListDatabasesCommand,
  GetDatabaseCommand,
  ListTableMetadataCommand,
  GetTableMetadataCommand,
  InvalidRequestException,
  MetadataException,
  paginateGetQueryResults,
  type ColumnInfo,
  type QueryExecution,
  type StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { startSandbox, loadParity } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';

const OUTPUT = 's3://results/athena/';
const CSV = [
  'account_id,quantity,price,booked_on',
  'A-1,100,10.50,2026-01-01',
  'A-2,,7.25,2026-01-02',
  'A-3,300,1.00,2026-01-03',
  'A-4,400,2.50,2026-01-04',
  'A-5,500,3.75,2026-01-05',
  '',
].join('\n');

describe('Athena through the unmodified SDK client', () => {
  let sandbox: Sandbox;
  let athena: AthenaClient;
  let s3: S3Client;

  const start = async (QueryString: string, extra: Partial<StartQueryExecutionCommandInput> = {}) =>
    (
      await athena.send(
        new StartQueryExecutionCommand({
          QueryString,
          QueryExecutionContext: { Database: 'lake' },
          ResultConfiguration: { OutputLocation: OUTPUT },
          ...extra,
        }),
      )
    ).QueryExecutionId!;

  const settle = async (id: string): Promise<QueryExecution> => {
    const seen = new Set<string>();
    for (;;) {
      const { QueryExecution } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      const state = QueryExecution!.Status!.State!;
      seen.add(state);
      if (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED') return QueryExecution!;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  const run = async (sql: string, extra: Partial<StartQueryExecutionCommandInput> = {}) => settle(await start(sql, extra));

  const rowsOf = async (id: string) => {
    const rows: Array<Array<string | null>> = [];
    for await (const page of paginateGetQueryResults({ client: athena }, { QueryExecutionId: id })) {
      rows.push(...(page.ResultSet?.Rows ?? []).map((row) => (row.Data ?? []).map((datum) => datum.VarCharValue ?? null)));
    }
    return rows;
  };

  before(async () => {
    const started = await startSandbox();
    sandbox = started.sandbox;
    athena = new AthenaClient(started.config);
    s3 = new S3Client(started.config);
    await s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'results' }));
    await s3.send(new PutObjectCommand({ Bucket: 'lake', Key: 'positions/2026-01.csv', Body: CSV }));
    assert.equal((await run('CREATE DATABASE lake')).Status?.State, 'SUCCEEDED');
    const created = await run(
      `CREATE EXTERNAL TABLE positions (account_id string, quantity int, price decimal(10,2), booked_on date)
       ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lake/positions/' TBLPROPERTIES ('skip.header.line.count'='1')`,
    );
    assert.equal(created.Status?.State, 'SUCCEEDED', created.Status?.StateChangeReason);
  });
  after(async () => {
    athena.destroy();
    s3.destroy();
    await sandbox.stop();
  });

  it('answers GetQueryExecution with the fields and types of Athena’s own example (parity)', async () => {
    const parity = await loadParity<{ QueryExecution: Record<string, unknown> }>('athena/get-query-execution-succeeded.doc-example.json');
    const model = await loadParity<Record<string, { QueryExecution: Record<string, unknown> }>>(
      'athena/response-fields.botocore-model.json',
    );
    // The example's context names its catalog; Athena echoes only what the request sent, lower-cased.
    const execution = await run('SELECT account_id FROM positions', {
      QueryExecutionContext: { Database: 'lake', Catalog: 'AwsDataCatalog' },
    });
    assert.equal(execution.Status?.State, 'SUCCEEDED');
    for (const [key, value] of Object.entries(parity.QueryExecution)) {
      const ours = (execution as Record<string, unknown>)[key];
      assert.ok(ours !== undefined, `GetQueryExecution lacks ${key}`);
      if (typeof value === 'object')
        assert.deepEqual(
          Object.keys(ours as object)
            .filter((k) => k in (value as object))
            .sort(),
          Object.keys(value as object).sort(),
          key,
        );
      else assert.equal(typeof ours, typeof value, key);
    }
    const { 'GetQueryExecution.output': outputModel } = model;
    assert.ok(outputModel, 'the botocore model describes GetQueryExecution.output');
    const statisticsModel = outputModel.QueryExecution.Statistics as Record<string, string>;
    for (const [key, type] of Object.entries(statisticsModel)) {
      if (key === 'DataManifestLocation' || key === 'DpuCount') continue;
      const value = (execution.Statistics as Record<string, unknown>)[key];
      if (type === 'long') assert.equal(typeof value, 'number', `Statistics.${key}`);
      else assert.equal(typeof value, 'object', `Statistics.${key}`);
    }
    assert.ok(execution.Status?.SubmissionDateTime instanceof Date);
    assert.ok(execution.Status!.CompletionDateTime! >= execution.Status!.SubmissionDateTime!);
    assert.equal(execution.StatementType, 'DML');
    assert.equal(execution.SubstatementType, 'SELECT');
    assert.equal(execution.WorkGroup, 'primary');
    assert.deepEqual(execution.QueryExecutionContext, { Database: 'lake', Catalog: 'awsdatacatalog' });
    assert.equal(execution.ResultConfiguration?.OutputLocation, `${OUTPUT}${execution.QueryExecutionId}.csv`);
    assert.equal(execution.EngineVersion?.EffectiveEngineVersion, 'Athena engine version 3');
    assert.equal(execution.Statistics?.DataScannedInBytes, Buffer.byteLength(CSV), 'bytes of the file actually read');
  });

  it('passes through QUEUED or RUNNING before SUCCEEDED, and waitForQuery resolves with the final state', async () => {
    const id = await start('SELECT count(*) FROM positions');
    const first = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!;
    assert.ok(['QUEUED', 'RUNNING', 'SUCCEEDED'].includes(first.Status!.State!));
    const final = await sandbox.athena.waitForQuery(id);
    assert.equal(final.Status?.State, 'SUCCEEDED');
    assert.equal((await settle(id)).Status?.State, 'SUCCEEDED');
  });

  it('answers GetQueryResults like Athena’s example: header row first, strings, ColumnInfo (parity)', async () => {
    const parity = await loadParity<{
      ResultSet: { ResultSetMetadata: { ColumnInfo: Array<Record<string, unknown>> } };
      UpdateCount: number;
    }>('athena/get-query-results.doc-example.json');
    const execution = await run('SELECT account_id, quantity, price, booked_on FROM positions ORDER BY account_id');
    const result = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: execution.QueryExecutionId }));
    assert.equal(result.UpdateCount, parity.UpdateCount);
    const rows = result.ResultSet!.Rows!.map((row) => row.Data!.map((datum) => datum.VarCharValue ?? null));
    assert.deepEqual(rows, [
      ['account_id', 'quantity', 'price', 'booked_on'],
      ['A-1', '100', '10.50', '2026-01-01'],
      ['A-2', null, '7.25', '2026-01-02'],
      ['A-3', '300', '1.00', '2026-01-03'],
      ['A-4', '400', '2.50', '2026-01-04'],
      ['A-5', '500', '3.75', '2026-01-05'],
    ]);
    assert.deepEqual(result.ResultSet!.Rows![2]?.Data![1], {}, 'NULL is a Datum without VarCharValue');
    const columns = result.ResultSet!.ResultSetMetadata!.ColumnInfo!;
    const [parityDate, parityVarchar, , , parityInteger] = parity.ResultSet.ResultSetMetadata.ColumnInfo;
    assert.ok(parityDate && parityVarchar && parityInteger, 'the parity example has date, varchar and integer columns');
    for (const column of columns) assert.deepEqual(Object.keys(column).sort(), Object.keys(parityVarchar).sort());
    const pick = ({
      CatalogName,
      SchemaName,
      TableName,
      Type,
      Precision,
      Scale,
      Nullable,
      CaseSensitive,
    }: Partial<Record<keyof ColumnInfo, unknown>>) => ({
      CatalogName,
      SchemaName,
      TableName,
      Type,
      Precision,
      Scale,
      Nullable,
      CaseSensitive,
    });
    const [accountId, quantity, price, bookedOn] = columns;
    assert.ok(accountId && quantity && price && bookedOn, 'ColumnInfo describes all four selected columns');
    assert.deepEqual(pick(accountId), pick(parityVarchar));
    assert.deepEqual(pick(quantity), pick(parityInteger));
    assert.deepEqual(pick(bookedOn), pick(parityDate));
    assert.deepEqual([price.Type, price.Precision, price.Scale], ['decimal', 10, 2]);
  });

  it('pages results with MaxResults and NextToken, the header only on the first page', async () => {
    const execution = await run('SELECT account_id FROM positions ORDER BY account_id');
    const first = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: execution.QueryExecutionId, MaxResults: 4 }));
    assert.deepEqual(
      first.ResultSet!.Rows!.map((row) => row.Data![0]?.VarCharValue),
      ['account_id', 'A-1', 'A-2', 'A-3'],
    );
    assert.ok(first.NextToken);
    const second = await athena.send(
      new GetQueryResultsCommand({ QueryExecutionId: execution.QueryExecutionId, MaxResults: 4, NextToken: first.NextToken }),
    );
    assert.deepEqual(
      second.ResultSet!.Rows!.map((row) => row.Data![0]?.VarCharValue),
      ['A-4', 'A-5'],
    );
    assert.equal(second.NextToken, undefined);
    assert.deepEqual(
      second.ResultSet!.ResultSetMetadata!.ColumnInfo!.map((column) => column.Name),
      ['account_id'],
    );
    await assert.rejects(
      athena.send(new GetQueryResultsCommand({ QueryExecutionId: execution.QueryExecutionId, MaxResults: 1001 })),
      (error: unknown) => {
        assert.ok(error instanceof InvalidRequestException);
        assert.equal(error.message, 'MaxResults is more than maximum allowed length 1000');
        return true;
      },
    );
    await assert.rejects(
      athena.send(new GetQueryResultsCommand({ QueryExecutionId: execution.QueryExecutionId, NextToken: 'bogus' })),
      /Malformed nextPageToken bogus/,
    );
  });

  it('pages a large result by 1000 rows by default, the header row counted in the first page', async () => {
    const execution = await run('SELECT x FROM UNNEST(sequence(1, 2500)) AS t(x) ORDER BY x');
    const sizes: number[] = [];
    let token: string | undefined;
    let last: string | undefined;
    do {
      const page = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: execution.QueryExecutionId, NextToken: token }));
      sizes.push(page.ResultSet!.Rows!.length);
      last = page.ResultSet!.Rows!.at(-1)?.Data?.[0]?.VarCharValue;
      token = page.NextToken;
    } while (token);
    assert.deepEqual(sizes, [1000, 1000, 501]);
    assert.equal(last, '2500');
  });

  it('writes the results CSV to the output location, as Athena formats it', async () => {
    const execution = await run(
      "SELECT account_id, quantity, 'say \"hi\"' AS note FROM positions WHERE account_id IN ('A-1', 'A-2') ORDER BY 1",
    );
    const location = execution.ResultConfiguration!.OutputLocation!;
    const key = location.replace('s3://results/', '');
    const object = await s3.send(new GetObjectCommand({ Bucket: 'results', Key: key }));
    assert.equal(await object.Body!.transformToString(), '"account_id","quantity","note"\n"A-1","100","say ""hi"""\n"A-2",,"say ""hi"""\n');
  });

  it('reads older results back from their CSV once they leave memory', async () => {
    const budget = sandbox.athena.resultCellBudget;
    sandbox.athena.resultCellBudget = 1;
    try {
      const first = await run("SELECT account_id, quantity, '' AS empty FROM positions ORDER BY account_id");
      await run('SELECT 1');
      const rows = await rowsOf(first.QueryExecutionId!);
      assert.equal(rows.length, 6);
      assert.deepEqual(rows.slice(0, 3), [
        ['account_id', 'quantity', 'empty'],
        ['A-1', '100', ''],
        ['A-2', null, ''],
      ]);
    } finally {
      sandbox.athena.resultCellBudget = budget;
    }
  });

  it('fails a query on a missing column as Athena does (parity: get-query-execution-failed)', async () => {
    const parity = await loadParity<{ QueryExecution: { Status: Record<string, unknown>; Statistics: Record<string, unknown> } }>(
      'athena/get-query-execution-failed.shape.json',
    );
    const execution = await run('SELECT x FROM positions');
    assert.equal(execution.Status?.State, 'FAILED');
    assert.equal(execution.Status?.StateChangeReason, parity.QueryExecution.Status.StateChangeReason);
    assert.deepEqual(Object.keys(execution.Status!).sort(), Object.keys(parity.QueryExecution.Status).sort());
    assert.deepEqual(Object.keys(execution.Statistics!).sort(), Object.keys(parity.QueryExecution.Statistics).sort());
    assert.deepEqual(execution.Status?.AthenaError, {
      ErrorCategory: 2,
      ErrorType: 1006,
      Retryable: false,
      ErrorMessage: "COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved",
    });
    await assert.rejects(athena.send(new GetQueryResultsCommand({ QueryExecutionId: execution.QueryExecutionId })), (error: unknown) => {
      assert.ok(error instanceof InvalidRequestException);
      assert.equal(error.message, 'Query did not finish successfully. Final query state: FAILED');
      assert.equal(error.AthenaErrorCode, 'INVALID_QUERY_EXECUTION_STATE');
      return true;
    });
  });

  it('reports missing tables and schemas with their line and column', async () => {
    const table = await run('SELECT *\nFROM   nope');
    assert.equal(table.Status?.StateChangeReason, "TABLE_NOT_FOUND: line 2:8: Table 'awsdatacatalog.lake.nope' does not exist");
    assert.equal(table.Status?.AthenaError?.ErrorType, 1301);
    const schema = await run('SELECT * FROM awsdatacatalog.ghost.t');
    assert.equal(schema.Status?.StateChangeReason, "SCHEMA_NOT_FOUND: line 1:15: Schema 'ghost' does not exist");
    const function_ = await run('SELECT no_such_function(quantity) FROM positions');
    assert.equal(function_.Status?.StateChangeReason, "FUNCTION_NOT_FOUND: line 1:8: Function 'no_such_function' not registered");
    const cast = await run("SELECT CAST('abc' AS integer)");
    assert.equal(cast.Status?.StateChangeReason, "INVALID_CAST_ARGUMENT: Cannot cast 'abc' to INT");
  });

  it('refuses malformed SQL in StartQueryExecution itself, creating no execution', async () => {
    const before = (await athena.send(new ListQueryExecutionsCommand({}))).QueryExecutionIds!.length;
    await assert.rejects(start('SELEC 1'), (error: unknown) => {
      assert.ok(error instanceof InvalidRequestException);
      assert.equal(error.AthenaErrorCode, 'MALFORMED_QUERY');
      assert.match(error.message, /^line 1:1: mismatched input 'SELEC'\. Expecting: 'ALTER', /);
      return true;
    });
    await assert.rejects(start('SELECT account_id FROM positions WHERE'), (error: unknown) => {
      assert.ok(error instanceof InvalidRequestException);
      assert.equal(error.AthenaErrorCode, 'MALFORMED_QUERY');
      assert.equal(error.message, "line 1:39: mismatched input '<EOF>'. Expecting: <expression>");
      return true;
    });
    await assert.rejects(start('SELECT 1; SELECT 2'), /Only one sql statement is allowed/);
    await assert.rejects(start("CREATE EXTERNAL TABLE t (a int) LOCATIO 's3://lake/t/'"), (error: unknown) => {
      assert.ok(error instanceof InvalidRequestException);
      assert.equal(error.AthenaErrorCode, 'MALFORMED_QUERY');
      assert.match(error.message, /^line 1:33: mismatched input 'LOCATIO'/);
      return true;
    });
    assert.equal((await athena.send(new ListQueryExecutionsCommand({}))).QueryExecutionIds!.length, before);
  });

  it('refuses a query with no output location in the request or the workgroup', async () => {
    await assert.rejects(athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1' })), (error: unknown) => {
      assert.ok(error instanceof InvalidRequestException);
      assert.equal(
        error.message,
        'No output location provided. You did not provide an output location for  your query results. Either specify an S3 bucket location or enable Athena managed query results in your workgroup settings.',
      );
      return true;
    });
  });

  it('fails a query on the QueryFailed engine fault, with the rule’s message', async () => {
    sandbox.faults.add({
      service: 'athena',
      operation: 'StartQueryExecution',
      error: 'QueryFailed',
      message: 'GENERIC_INTERNAL_ERROR: injected outage',
    });
    const failed = await run('SELECT 1');
    assert.equal(failed.Status?.State, 'FAILED');
    assert.equal(failed.Status?.StateChangeReason, 'GENERIC_INTERNAL_ERROR: injected outage');
    assert.equal(failed.Status?.AthenaError?.ErrorMessage, 'GENERIC_INTERNAL_ERROR: injected outage');
    assert.equal((await run('SELECT 1')).Status?.State, 'SUCCEEDED', 'the rule is spent');
  });

  it('stops a running query: CANCELLED, and its results cannot be read', async () => {
    const id = await start(
      'SELECT count(*) FROM UNNEST(sequence(1, 10000)) a(x) CROSS JOIN UNNEST(sequence(1, 10000)) b(y) CROSS JOIN UNNEST(sequence(1, 10000)) c(z)',
    );
    for (;;) {
      const { QueryExecution } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      if (QueryExecution!.Status!.State === 'RUNNING') break;
      assert.equal(QueryExecution!.Status!.State, 'QUEUED');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const stoppedAt = Date.now();
    await athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    const execution = await settle(id);
    assert.equal(execution.Status?.State, 'CANCELLED');
    assert.equal(execution.Status?.StateChangeReason, 'Query cancelled by user');
    await assert.rejects(athena.send(new GetQueryResultsCommand({ QueryExecutionId: id })), (error: unknown) => {
      assert.ok(error instanceof InvalidRequestException);
      assert.equal(error.message, 'Could not find results');
      return true;
    });
    const next = await run('SELECT 1');
    assert.equal(next.Status?.State, 'SUCCEEDED');
    assert.ok(Date.now() - stoppedAt < 5000, 'the engine was interrupted, not left running');
  });

  it('returns the same execution for a repeated ClientRequestToken and refuses a changed query', async () => {
    const token = 'token-0123456789-0123456789-0123456789';
    const first = await start('SELECT 1', { ClientRequestToken: token });
    const second = await start('SELECT 1', { ClientRequestToken: token });
    assert.equal(second, first);
    await assert.rejects(start('SELECT 2', { ClientRequestToken: token }), /Idempotent parameters do not match/);
  });

  it('gets several executions at once and lists them newest first', async () => {
    const id = await start('SELECT 2');
    const batch = await athena.send(new BatchGetQueryExecutionCommand({ QueryExecutionIds: [id, 'ghost'] }));
    assert.deepEqual(
      batch.QueryExecutions?.map((execution) => execution.QueryExecutionId),
      [id],
    );
    assert.deepEqual(
      batch.UnprocessedQueryExecutionIds?.map((entry) => [entry.QueryExecutionId, entry.ErrorCode]),
      [['ghost', 'QUERY_EXECUTION_NOT_FOUND']],
    );
    const listed = await athena.send(new ListQueryExecutionsCommand({ WorkGroup: 'primary' }));
    assert.equal(listed.QueryExecutionIds?.[0], id);
    await assert.rejects(athena.send(new GetQueryExecutionCommand({ QueryExecutionId: 'ghost' })), /QueryExecution ghost was not found/);
  });

  it('sends queries to a workgroup’s result location and manages workgroups', async () => {
    await athena.send(
      new CreateWorkGroupCommand({
        Name: 'reconciliation',
        Configuration: { ResultConfiguration: { OutputLocation: 's3://results/wg/' } },
      }),
    );
    const execution = await settle(
      (await athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 42 AS answer', WorkGroup: 'reconciliation' })))
        .QueryExecutionId!,
    );
    assert.equal(execution.WorkGroup, 'reconciliation');
    assert.match(execution.ResultConfiguration!.OutputLocation!, /^s3:\/\/results\/wg\/[0-9a-f-]{36}\.csv$/);
    assert.deepEqual(await rowsOf(execution.QueryExecutionId!), [['answer'], ['42']]);
    const { WorkGroup } = await athena.send(new GetWorkGroupCommand({ WorkGroup: 'reconciliation' }));
    assert.equal(WorkGroup?.State, 'ENABLED');
    assert.equal(WorkGroup?.Configuration?.ResultConfiguration?.OutputLocation, 's3://results/wg/');
    const { WorkGroups } = await athena.send(new ListWorkGroupsCommand({}));
    assert.deepEqual(
      WorkGroups?.map((group) => group.Name),
      ['primary', 'reconciliation'],
    );
    await athena.send(new DeleteWorkGroupCommand({ WorkGroup: 'reconciliation' }));
    await assert.rejects(athena.send(new GetWorkGroupCommand({ WorkGroup: 'reconciliation' })), (error: unknown) => {
      assert.ok(error instanceof InvalidRequestException);
      assert.equal(error.message, 'WorkGroup is not found.');
      return true;
    });
  });

  it('shows the Glue catalog through the metadata operations', async () => {
    const { DataCatalogsSummary } = await athena.send(new ListDataCatalogsCommand({}));
    assert.deepEqual(DataCatalogsSummary, [{ CatalogName: 'AwsDataCatalog', Type: 'GLUE' }]);
    const { DatabaseList } = await athena.send(new ListDatabasesCommand({ CatalogName: 'AwsDataCatalog' }));
    assert.ok(DatabaseList?.some((database) => database.Name === 'lake'));
    assert.equal(
      (await athena.send(new GetDatabaseCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'lake' }))).Database?.Name,
      'lake',
    );
    const { TableMetadata } = await athena.send(
      new GetTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'lake', TableName: 'positions' }),
    );
    assert.deepEqual(
      TableMetadata?.Columns?.map((column) => [column.Name, column.Type]),
      [
        ['account_id', 'string'],
        ['quantity', 'int'],
        ['price', 'decimal(10,2)'],
        ['booked_on', 'date'],
      ],
    );
    assert.equal(TableMetadata?.TableType, 'EXTERNAL_TABLE');
    assert.equal(TableMetadata?.Parameters?.location, 's3://lake/positions/');
    assert.equal(TableMetadata?.Parameters?.['skip.header.line.count'], '1');
    const { TableMetadataList } = await athena.send(
      new ListTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'lake', Expression: 'pos*' }),
    );
    assert.deepEqual(
      TableMetadataList?.map((table) => table.Name),
      ['positions'],
    );
    await assert.rejects(
      athena.send(new GetTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'lake', TableName: 'ghost' })),
      MetadataException,
    );
  });
});
