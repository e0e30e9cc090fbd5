import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  InvalidRequestException,
  StartQueryExecutionCommand,
  paginateGetQueryResults,
  type ColumnInfo,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startSandbox } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';

/**
 * Athena engine 3 conformance: examples from Trino's function and SQL reference and Athena's user
 * guide, each with the result its page documents (value and type), run through the unmodified
 * SDK against the sandbox. The cases live in athena-conformance/<family>.yaml; each names its
 * source. An `expr` case runs `SELECT <expr>` and `SELECT typeof(<expr>)`; an `sql` case runs the
 * statement (its column types checked with typeof over it); an `error` case expects the query to
 * end FAILED with that reason (a prefix) as a USER error (https://docs.aws.amazon.com/athena/latest/ug/error-reference.html),
 * or StartQueryExecution to refuse it when the error is MALFORMED_QUERY. Data cases upload `files` to the bucket `lake` and run `setup` first; they may
 * also check DataScannedInBytes (`scanned`), UpdateCount and each column's ColumnInfo (`metadata`).
 * The pass rate per family is printed at the end.
 */
interface Case {
  name?: string;
  expr?: string;
  sql?: string;
  value?: string | null;
  type?: string;
  rows?: Array<Array<string | null>>;
  types?: string[];
  /** Column names the result must have. */
  columns?: string[];
  /** Rows in any order. */
  ordered?: boolean;
  /** A Hive DDL / utility result: GetQueryResults has no header row. */
  noHeader?: boolean;
  /** A regular expression the single value must match (where the page states what, not the exact text). */
  pattern?: string;
  error?: string;
  /** Bytes the query scans (DataScannedInBytes). */
  scanned?: number;
  /** GetQueryResults' UpdateCount (rows written by CTAS / INSERT). */
  updateCount?: number;
  /** Fields each result column's ColumnInfo must have. */
  metadata?: Array<Partial<ColumnInfo>>;
  source?: string;
  note?: string;
  files?: Record<string, string>;
  setup?: string[];
}

interface Family {
  family: string;
  source: string;
  cases: Case[];
}

const directory = path.join(path.dirname(fileURLToPath(import.meta.url)), 'athena-conformance');
const families: Family[] = fs
  .readdirSync(directory)
  .filter((file) => file.endsWith('.yaml'))
  .sort()
  .map((file) => parse(fs.readFileSync(path.join(directory, file), 'utf8')) as Family);

/** Results are compared as the strings GetQueryResults answers: a YAML number or a split type is a mistake in the case. */
function checkCase(testCase: Case): void {
  const cells = [...(testCase.rows ?? []).flat(), ...('value' in testCase ? [testCase.value] : [])];
  for (const cell of cells)
    assert.ok(cell === null || typeof cell === 'string', `expected value ${JSON.stringify(cell)} must be a quoted string`);
  for (const type of [...(testCase.types ?? []), ...(testCase.type ? [testCase.type] : [])]) {
    assert.ok(typeof type === 'string' && type.split('(').length === type.split(')').length, `type ${JSON.stringify(type)} must be quoted`);
  }
  const width = testCase.rows?.[0]?.length;
  if (testCase.types && width !== undefined) assert.equal(testCase.types.length, width, 'one type per column');
}

const OUTPUT = 's3://results/conformance/';
const DATABASE = 'conformance';

describe('Athena engine 3 conformance (documented results, through the SDK)', () => {
  let sandbox: Sandbox;
  let athena: AthenaClient;
  let s3: S3Client;
  const outcomes = new Map<string, { passed: number; total: number }>();

  const start = async (QueryString: string) =>
    (
      await athena.send(
        new StartQueryExecutionCommand({
          QueryString,
          QueryExecutionContext: { Database: DATABASE },
          ResultConfiguration: { OutputLocation: OUTPUT },
        }),
      )
    ).QueryExecutionId!;

  const settle = async (id: string): Promise<QueryExecution> => {
    for (;;) {
      const { QueryExecution } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      const state = QueryExecution!.Status!.State!;
      if (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED') return QueryExecution!;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  const results = async (id: string) => {
    const rows: Array<Array<string | null>> = [];
    let columns: ColumnInfo[] = [];
    let updateCount: number | undefined;
    for await (const page of paginateGetQueryResults({ client: athena }, { QueryExecutionId: id })) {
      columns = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? columns;
      updateCount ??= page.UpdateCount;
      rows.push(...(page.ResultSet?.Rows ?? []).map((row) => (row.Data ?? []).map((datum) => datum.VarCharValue ?? null)));
    }
    return { columns, updateCount, header: rows[0] ?? [], rows: rows.slice(1) };
  };

  /** Runs a statement to SUCCEEDED and answers its rows (without the header). */
  const query = async (sql: string, noHeader = false) => {
    const execution = await settle(await start(sql));
    assert.equal(execution.Status?.State, 'SUCCEEDED', `${sql}\n→ ${execution.Status?.StateChangeReason}`);
    const result = await results(execution.QueryExecutionId!);
    return {
      execution,
      ...result,
      ...(noHeader ? { header: [], rows: [...(result.header.length > 0 ? [result.header] : []), ...result.rows] } : {}),
    };
  };

  before(async () => {
    const started = await startSandbox();
    sandbox = started.sandbox;
    athena = new AthenaClient(started.config);
    s3 = new S3Client(started.config);
    await s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'results' }));
    await query(`CREATE DATABASE ${DATABASE}`);
  });

  after(async () => {
    const lines = [...outcomes].map(([family, outcome]) => `${family}: ${outcome.passed}/${outcome.total}`);
    const passed = [...outcomes.values()].reduce((sum, outcome) => sum + outcome.passed, 0);
    const total = [...outcomes.values()].reduce((sum, outcome) => sum + outcome.total, 0);
    process.stdout.write(
      `\nAthena conformance, pass rate per family\n${lines.map((line) => `  ${line}`).join('\n')}\n  all: ${passed}/${total}\n`,
    );
    athena.destroy();
    s3.destroy();
    await sandbox.stop();
  });

  for (const family of families) {
    describe(family.family, () => {
      for (const testCase of family.cases) {
        const statement = testCase.sql ?? `SELECT ${testCase.expr}`;
        it(testCase.name ?? statement.replace(/\s+/g, ' ').slice(0, 120), async () => {
          const outcome = outcomes.get(family.family) ?? { passed: 0, total: 0 };
          outcomes.set(family.family, outcome);
          outcome.total++;
          const source = testCase.source ?? family.source;
          assert.match(source, /^https:\/\//, 'every case cites its source page');
          checkCase(testCase);
          for (const [key, body] of Object.entries(testCase.files ?? {}))
            await s3.send(new PutObjectCommand({ Bucket: 'lake', Key: key, Body: body }));
          for (const setup of testCase.setup ?? []) await query(setup);
          if (testCase.error !== undefined) await expectFailure(statement, testCase.error);
          else await expectResult(statement, testCase);
          outcome.passed++;
        });
      }
    });
  }

  async function expectFailure(statement: string, expected: string): Promise<void> {
    if (expected === 'MALFORMED_QUERY') {
      await assert.rejects(start(statement), (error: unknown) => {
        assert.ok(error instanceof InvalidRequestException);
        assert.equal(error.AthenaErrorCode, 'MALFORMED_QUERY');
        return true;
      });
      return;
    }
    const execution = await settle(await start(statement));
    assert.equal(execution.Status?.State, 'FAILED', `${statement} should fail with ${expected}`);
    const reason = execution.Status?.StateChangeReason ?? '';
    assert.ok(reason.startsWith(expected), `${statement}\n  expected: ${expected}\n  actual:   ${reason}`);
    assert.equal(execution.Status?.AthenaError?.ErrorMessage, reason);
    // Athena's error catalog: category 2 is USER (the query's fault, not the service's).
    assert.equal(execution.Status?.AthenaError?.ErrorCategory, 2, `${statement}: ErrorCategory`);
  }

  async function expectResult(statement: string, testCase: Case): Promise<void> {
    const result = await query(statement, testCase.noHeader);
    if (testCase.pattern !== undefined) {
      assert.equal(result.rows.length, 1, `${statement}: one row`);
      assert.match(result.rows[0]?.[0] ?? '', new RegExp(testCase.pattern), statement);
    }
    const expectedRows = testCase.rows ?? ('value' in testCase ? [[testCase.value ?? null]] : undefined);
    if (expectedRows) {
      const sort = (rows: Array<Array<string | null>>) =>
        testCase.ordered === false ? [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : rows;
      assert.deepEqual(sort(result.rows), sort(expectedRows), statement);
    }
    if (testCase.columns) assert.deepEqual(result.header, testCase.columns);
    if (testCase.updateCount !== undefined) assert.equal(result.updateCount, testCase.updateCount, `${statement}: UpdateCount`);
    if (testCase.metadata) {
      assert.equal(result.columns.length, testCase.metadata.length, `${statement}: result columns`);
      testCase.metadata.forEach((expected, index) => {
        const actual: Partial<ColumnInfo> = result.columns[index] ?? {};
        const picked = Object.fromEntries(Object.keys(expected).map((key) => [key, actual[key as keyof ColumnInfo]]));
        assert.deepEqual(picked, expected, `${statement}: ColumnInfo of column ${index + 1}`);
      });
    }
    if (testCase.scanned !== undefined)
      assert.equal(result.execution.Statistics?.DataScannedInBytes, testCase.scanned, `${statement}: bytes scanned`);
    const types = testCase.types ?? (testCase.type ? [testCase.type] : undefined);
    if (!types) return;
    const names = types.map((_type, index) => `c${index}`);
    const typeQuery = testCase.expr
      ? `SELECT typeof(${testCase.expr})`
      : `SELECT ${names.map((name) => `typeof(${name})`).join(', ')} FROM (${statement}) AS t(${names.join(', ')}) LIMIT 1`;
    const typed = await query(typeQuery);
    assert.deepEqual(typed.rows[0], types, `typeof ${statement}`);
  }
});
