import { GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand, type QueryExecution } from '@aws-sdk/client-athena';
import type { AwsClients } from '../aws/clients';
import { pages } from '../aws/pages';
import { waitFor, type WaitDelays } from '../waiter';
import { formatDuration } from '../../model/duration';
import type { Cell } from '../data-files/cells';

/** Where queries run: the environment's workgroup, catalog and output location. */
export interface AthenaSettings {
  workgroup: string;
  catalog: string;
  outputLocation?: string;
}

/** A query that ran, with everything a reviewer needs as evidence. */
export interface QueryOutcome {
  queryExecutionId: string;
  sql: string;
  state: string;
  /** Athena's own words when the query failed. */
  stateChangeReason?: string;
  errorType?: string;
  dataScannedInBytes?: number;
  engineExecutionTimeInMillis?: number;
  totalExecutionTimeInMillis?: number;
  outputLocation?: string;
  columns: Array<{ name: string; type: string }>;
  rows: Cell[][];
  /** True when more rows existed than were fetched (maxRows). */
  truncated: boolean;
}

export class QueryFailedError extends Error {
  constructor(readonly outcome: QueryOutcome) {
    super(
      `Athena query ${outcome.queryExecutionId} ${outcome.state}: ${outcome.stateChangeReason ?? 'no reason given'}\n  SQL: ${oneLine(outcome.sql)}`,
    );
    this.name = 'QueryFailedError';
  }
}

export interface RunQueryOptions {
  timeoutMs: number;
  delays: WaitDelays;
  /** Fetch at most this many result rows (default: all). */
  maxRows?: number;
}

const DEFAULT_QUERY_TIMEOUT_MS = 10 * 60_000;

/**
 * Runs one statement in the environment's workgroup and output location, waits for it, and pages
 * through its results. A failed query resolves with its state and Athena's reason (the caller
 * decides whether that is an error); only the wait itself can throw.
 */
export async function runQuery(
  clients: AwsClients,
  settings: AthenaSettings,
  sql: string,
  options: Partial<RunQueryOptions> & { delays: WaitDelays },
): Promise<QueryOutcome> {
  const started = await clients.athena.send(
    new StartQueryExecutionCommand({
      QueryString: sql,
      WorkGroup: settings.workgroup,
      QueryExecutionContext: { Catalog: settings.catalog },
      ...(settings.outputLocation ? { ResultConfiguration: { OutputLocation: settings.outputLocation } } : {}),
    }),
  );
  const id = started.QueryExecutionId!;
  const timeoutMs = options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  const execution = await waitFor<QueryExecution>(
    async () => {
      const { QueryExecution: current } = await clients.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      const state = current?.Status?.State;
      if (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED') return { state: 'SUCCESS', value: current! };
      return { state: 'RETRY', observed: `${state ?? 'unknown'} (query ${id})` };
    },
    { description: `Athena query ${id} to finish within ${formatDuration(timeoutMs)}`, timeoutMs, delays: options.delays },
  );
  const outcome: QueryOutcome = {
    queryExecutionId: id,
    sql,
    state: execution.Status?.State ?? 'UNKNOWN',
    stateChangeReason: execution.Status?.StateChangeReason,
    errorType: execution.Status?.AthenaError?.ErrorType !== undefined ? String(execution.Status.AthenaError.ErrorType) : undefined,
    dataScannedInBytes: execution.Statistics?.DataScannedInBytes,
    engineExecutionTimeInMillis: execution.Statistics?.EngineExecutionTimeInMillis,
    totalExecutionTimeInMillis: execution.Statistics?.TotalExecutionTimeInMillis,
    outputLocation: execution.ResultConfiguration?.OutputLocation,
    columns: [],
    rows: [],
    truncated: false,
  };
  if (outcome.state === 'SUCCEEDED') await fetchResults(clients, execution, outcome, options.maxRows);
  return outcome;
}

/** Runs a statement that must succeed. */
export async function runQueryOrThrow(
  clients: AwsClients,
  settings: AthenaSettings,
  sql: string,
  options: Partial<RunQueryOptions> & { delays: WaitDelays },
): Promise<QueryOutcome> {
  const outcome = await runQuery(clients, settings, sql, options);
  if (outcome.state !== 'SUCCEEDED') throw new QueryFailedError(outcome);
  return outcome;
}

async function fetchResults(
  clients: AwsClients,
  execution: QueryExecution,
  outcome: QueryOutcome,
  maxRows = Number.POSITIVE_INFINITY,
): Promise<void> {
  let first = true;
  // A SELECT's first result row repeats the column labels (Athena's convention); DDL/utility results have none.
  const hasHeaderRow = execution.StatementType === 'DML';
  const results = pages(
    (nextToken) =>
      clients.athena.send(
        new GetQueryResultsCommand({ QueryExecutionId: outcome.queryExecutionId, NextToken: nextToken, MaxResults: 1000 }),
      ),
    (page) => page.NextToken,
  );
  for await (const page of results) {
    if (first) {
      outcome.columns = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((column) => ({
        name: column.Name ?? column.Label ?? '',
        type: column.Type ?? 'varchar',
      }));
    }
    let rows = (page.ResultSet?.Rows ?? []).map((row) =>
      (row.Data ?? []).map((datum) => (datum.VarCharValue === undefined ? null : datum.VarCharValue)),
    );
    if (first && hasHeaderRow && rows[0]?.every((cell, index) => cell === outcome.columns[index]?.name)) rows = rows.slice(1);
    first = false;
    for (const row of rows) {
      if (outcome.rows.length >= maxRows) {
        outcome.truncated = true;
        return;
      }
      outcome.rows.push(row);
    }
  }
}

/** The first result row by lower-cased column name: how single-row measurements are read. */
export function firstRow(outcome: QueryOutcome): Record<string, Cell> {
  const row = outcome.rows[0] ?? [];
  return Object.fromEntries(outcome.columns.map((column, index) => [column.name.toLowerCase(), row[index] ?? null]));
}

export function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}
