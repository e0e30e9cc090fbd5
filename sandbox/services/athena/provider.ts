import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type {
  BatchGetQueryExecutionCommandInput,
  CreateWorkGroupCommandInput,
  DeleteWorkGroupCommandInput,
  GetDatabaseCommandInput,
  GetQueryExecutionCommandInput,
  GetQueryResultsCommandInput,
  GetTableMetadataCommandInput,
  GetWorkGroupCommandInput,
  ListDatabasesCommandInput,
  ListQueryExecutionsCommandInput,
  ListTableMetadataCommandInput,
  ListWorkGroupsCommandInput,
  QueryExecution,
  Row,
  StartQueryExecutionCommandInput,
  StopQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import type { Provider } from '../../core/provider';
import type { RequestContext } from '../../core/request-context';
import type { FaultInjector } from '../../core/faults';
import { decodePageToken, encodePageToken, page } from '../../core/paging';
import { AthenaEngine, QueryCancelled } from './engine';
import { ErrorCategory, InvalidRequestException, QueryFailure } from './errors';
import { CatalogMetadata } from './catalog-metadata';
import { lakeOf, type Lake, type LakeStores } from './lake';
import { QueryExecutionRecord } from './query-execution';
import { fromCsv } from './result-format';
import { classifyStatement, type StatementKind } from './statement-kind';
import { StatementRunner, type PreparedStatement } from './statement-runner';
import { parseS3Location } from './s3-locations';
import { ENGINE_VERSION, WorkGroups } from './workgroups';

export interface AthenaDependencies extends LakeStores {
  region: string;
  accountId: string;
  faults: FaultInjector;
  workDirectory: string;
  /** DuckDB's memory limit; see SandboxOptions.engineMemoryLimit. */
  engineMemoryLimit?: string;
}

const MAX_RESULTS = 1000;
const DEFAULT_DATABASE = 'default';

/**
 * Amazon Athena (awsJson 1.1, `AmazonAthena.<Op>`) on DuckDB over the sandbox's S3 files, with the
 * Glue catalog as its metastore. Queries run asynchronously as explicit state machines; results
 * are kept for GetQueryResults and written to the output location.
 *
 * Fidelity gaps: the `.csv.metadata` / `-manifest.csv` companions are not written; statements
 * the sandbox cannot run (UNLOAD, DELETE, MERGE, PREPARE, …) are accepted and end FAILED with
 * NOT_SUPPORTED; a query without a context database runs in `default`, which is
 * created in the catalog on first use (as Athena does in a new account); ClientRequestToken is
 * honoured for idempotency but not required (the SDK always sends one).
 */
export class AthenaProvider implements Provider {
  readonly serviceName = 'athena';
  readonly operations = [
    'StartQueryExecution',
    'GetQueryExecution',
    'GetQueryResults',
    'StopQueryExecution',
    'BatchGetQueryExecution',
    'ListQueryExecutions',
    'GetWorkGroup',
    'CreateWorkGroup',
    'ListWorkGroups',
    'DeleteWorkGroup',
    'ListDataCatalogs',
    'ListDatabases',
    'GetDatabase',
    'ListTableMetadata',
    'GetTableMetadata',
  ] as const;
  /** `QueryFailed`: the query ends FAILED with the rule's message. */
  readonly engineFaults = { QueryFailed: 'StartQueryExecution' };
  private readonly lake: Lake;
  private readonly engine: AthenaEngine;
  private readonly runner: StatementRunner;
  private readonly workGroups = new WorkGroups();
  private readonly metadata: CatalogMetadata;
  private readonly executions = new Map<string, QueryExecutionRecord>();
  private readonly tokens = new Map<string, { id: string; fingerprint: string }>();
  private readonly retained: QueryExecutionRecord[] = [];
  private retainedCells = 0;
  /** Result cells kept in memory across queries; older SELECT results are read back from their CSV. */
  resultCellBudget = 10_000_000;

  constructor(readonly deps: AthenaDependencies) {
    this.lake = lakeOf(deps);
    this.engine = new AthenaEngine({
      lake: this.lake,
      workDirectory: deps.workDirectory,
      memoryLimit: deps.engineMemoryLimit,
    });
    this.runner = new StatementRunner(this.engine, this.lake, deps.workDirectory);
    this.metadata = new CatalogMetadata(this.lake.catalog);
  }

  async startQueryExecution(input: StartQueryExecutionCommandInput, _context?: RequestContext) {
    if (!input.QueryString)
      throw InvalidRequestException.invalidInput(
        "1 validation error detected: Value null at 'queryString' failed to satisfy constraint: Member must not be null",
      );
    const workGroupName = input.WorkGroup ?? 'primary';
    const workGroup = this.workGroups.get(workGroupName);
    const location = this.workGroups.outputLocation(workGroup, input.ResultConfiguration?.OutputLocation);
    const fingerprint = JSON.stringify([
      input.QueryString,
      input.QueryExecutionContext?.Catalog,
      input.QueryExecutionContext?.Database,
      input.ResultConfiguration?.OutputLocation,
    ]);
    const previous = input.ClientRequestToken ? this.tokens.get(input.ClientRequestToken) : undefined;
    if (previous) {
      if (previous.fingerprint !== fingerprint)
        throw new InvalidRequestException('Idempotent parameters do not match', 'IDEMPOTENT_PARAMETER_MISMATCH');
      return { QueryExecutionId: previous.id };
    }
    if (!location) throw InvalidRequestException.noOutputLocation();
    const output = parseS3Location(location);
    if (!output) throw InvalidRequestException.invalidInput('outputLocation is not a valid S3 path.');
    if (!this.lake.objects.getBucket(output.bucket))
      throw InvalidRequestException.invalidInput(`Unable to verify/create output bucket ${output.bucket}`);

    const kind = classifyStatement(input.QueryString);
    const prepared = await this.runner.prepare(input.QueryString, kind);
    const id = randomUUID();
    const context: { Database?: string; Catalog?: string } = {};
    if (input.QueryExecutionContext?.Database !== undefined) context.Database = input.QueryExecutionContext.Database;
    if (input.QueryExecutionContext?.Catalog !== undefined) context.Catalog = input.QueryExecutionContext.Catalog.toLowerCase();
    const record = new QueryExecutionRecord({
      id,
      query: input.QueryString,
      kind,
      workGroup: workGroupName,
      context,
      outputLocation: resultFile(location, id, kind),
      executionParameters: input.ExecutionParameters,
    });
    this.executions.set(id, record);
    if (input.ClientRequestToken) this.tokens.set(input.ClientRequestToken, { id, fingerprint });
    // The engine fault `QueryFailed` makes this query end FAILED with the rule's message.
    const fault = this.deps.faults.take('athena', 'StartQueryExecution', workGroupName, 'engine');
    const injected = fault ? (fault.message ?? `Injected fault: ${fault.error} (athena StartQueryExecution)`) : undefined;
    setImmediate(() => void this.execute(record, prepared, input.QueryExecutionContext?.Database ?? DEFAULT_DATABASE, injected));
    return { QueryExecutionId: id };
  }

  getQueryExecution(input: GetQueryExecutionCommandInput, _context?: RequestContext) {
    return { QueryExecution: this.execution(input.QueryExecutionId).describe() };
  }

  /** Resolves once the query reached SUCCEEDED, FAILED or CANCELLED (for `.sync` integrations). */
  waitForQuery(queryExecutionId: string): Promise<QueryExecution> {
    return this.execution(queryExecutionId).finished;
  }

  async getQueryResults(input: GetQueryResultsCommandInput) {
    if (input.MaxResults !== undefined && input.MaxResults < 1) {
      throw InvalidRequestException.invalidInput(
        "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
      );
    }
    const record = this.execution(input.QueryExecutionId);
    if (input.MaxResults !== undefined && input.MaxResults > MAX_RESULTS) {
      throw InvalidRequestException.invalidInput(`MaxResults is more than maximum allowed length ${MAX_RESULTS}`);
    }
    if (record.state === 'QUEUED' || record.state === 'RUNNING') {
      throw new InvalidRequestException(`Query has not yet finished. Current state: ${record.state}`, 'INVALID_QUERY_EXECUTION_STATE');
    }
    if (record.state === 'FAILED')
      throw new InvalidRequestException('Query did not finish successfully. Final query state: FAILED', 'INVALID_QUERY_EXECUTION_STATE');
    if (record.state === 'CANCELLED') throw new InvalidRequestException('Could not find results', 'RESULT_NOT_FOUND');
    const result = record.result!.header && record.rowsReleased ? await this.readBack(record) : record.result!;
    const offset = input.NextToken ? (decodePageToken(input.NextToken, () => malformedToken(input.NextToken), record.id).offset ?? 0) : 0;
    const size = input.MaxResults ?? MAX_RESULTS;
    const total = result.rows.length + (result.header ? 1 : 0);
    const rows: Row[] = [];
    for (let index = offset; index < Math.min(total, offset + size); index++) {
      const cells = (result.header ? (index === 0 ? result.header : result.rows[index - 1]) : result.rows[index]) ?? [];
      rows.push({ Data: cells.map((cell) => (cell === null ? {} : { VarCharValue: cell })) });
    }
    const next = offset + size < total ? encodePageToken({ offset: offset + size, listing: record.id }) : undefined;
    return {
      UpdateCount: result.updateCount,
      ResultSet: { Rows: rows, ResultSetMetadata: { ColumnInfo: result.columns } },
      NextToken: next,
    };
  }

  stopQueryExecution(input: StopQueryExecutionCommandInput) {
    this.execution(input.QueryExecutionId).stop();
    return {};
  }

  batchGetQueryExecution(input: BatchGetQueryExecutionCommandInput) {
    const found: QueryExecution[] = [];
    const missing: Array<{ QueryExecutionId: string; ErrorCode: string; ErrorMessage: string }> = [];
    for (const id of input.QueryExecutionIds ?? []) {
      const record = this.executions.get(id);
      if (record) found.push(record.describe());
      else
        missing.push({ QueryExecutionId: id, ErrorCode: 'QUERY_EXECUTION_NOT_FOUND', ErrorMessage: `QueryExecution ${id} was not found` });
    }
    return { QueryExecutions: found, UnprocessedQueryExecutionIds: missing };
  }

  /** Most recent first, as Athena lists them. */
  listQueryExecutions(input: ListQueryExecutionsCommandInput) {
    const workGroup = input.WorkGroup ?? 'primary';
    this.workGroups.get(workGroup);
    const ids = [...this.executions.values()]
      .filter((record) => record.settings.workGroup === workGroup)
      .map((record) => record.id)
      .reverse();
    const listed = page(ids, {
      size: Math.min(input.MaxResults ?? 50, 50),
      token: input.NextToken,
      invalidToken: () => malformedToken(input.NextToken),
    });
    return { QueryExecutionIds: listed.items, NextToken: listed.nextToken };
  }

  createWorkGroup(input: CreateWorkGroupCommandInput) {
    this.workGroups.create(input);
    return {};
  }

  getWorkGroup(input: GetWorkGroupCommandInput) {
    return { WorkGroup: structuredClone(this.workGroups.get(input.WorkGroup)) };
  }

  listWorkGroups(_input: ListWorkGroupsCommandInput) {
    return {
      WorkGroups: this.workGroups.list().map((group) => ({
        Name: group.Name,
        State: group.State,
        Description: group.Description,
        CreationTime: group.CreationTime,
        EngineVersion: { ...ENGINE_VERSION },
      })),
    };
  }

  deleteWorkGroup(input: DeleteWorkGroupCommandInput) {
    this.workGroups.delete(input.WorkGroup);
    return {};
  }

  listDataCatalogs() {
    return { DataCatalogsSummary: [{ CatalogName: 'AwsDataCatalog', Type: 'GLUE' }] };
  }

  listDatabases(input: ListDatabasesCommandInput) {
    return this.metadata.listDatabases(input);
  }

  getDatabase(input: GetDatabaseCommandInput) {
    return this.metadata.getDatabase(input);
  }

  listTableMetadata(input: ListTableMetadataCommandInput) {
    return this.metadata.listTableMetadata(input);
  }

  getTableMetadata(input: GetTableMetadataCommandInput) {
    return this.metadata.getTableMetadata(input);
  }

  async shutdown(): Promise<void> {
    for (const record of this.executions.values()) record.stop();
    await this.engine.close();
  }

  private async execute(
    record: QueryExecutionRecord,
    prepared: PreparedStatement,
    database: string,
    injectedFailure: string | undefined,
  ): Promise<void> {
    if (!record.start()) return;
    try {
      if (injectedFailure !== undefined) throw new QueryFailure(injectedFailure, ErrorCategory.SYSTEM, 401, true);
      if (database === DEFAULT_DATABASE) this.ensureDefaultDatabase();
      const result = await this.runner.run(record, prepared, database);
      if (record.isTerminal) return;
      await this.runner.writeResults(record, result);
      if (record.succeed(result)) this.retain(record);
    } catch (error) {
      if (error instanceof QueryCancelled || record.isTerminal) return;
      record.fail(error instanceof QueryFailure ? error : internalFailure(error));
    }
  }

  /** Keeps query results in memory within a budget; the oldest are released (their CSV stays). */
  private retain(record: QueryExecutionRecord): void {
    if (!record.result?.header) return;
    this.retained.push(record);
    this.retainedCells += cellsOf(record);
    while (this.retainedCells > this.resultCellBudget && this.retained.length > 1) {
      const oldest = this.retained.shift()!;
      this.retainedCells -= cellsOf(oldest);
      oldest.releaseRows();
    }
  }

  private async readBack(record: QueryExecutionRecord) {
    const location = parseS3Location(record.settings.outputLocation);
    const object = location ? this.lake.objects.get(location.bucket, location.key) : undefined;
    if (!object) throw new InvalidRequestException('Could not find results', 'RESULT_NOT_FOUND');
    const { rows } = fromCsv(await readFile(object.file, 'utf8'));
    return { ...record.result!, rows };
  }

  /** Athena's account-wide `default` database exists as soon as Athena is used. */
  private ensureDefaultDatabase(): void {
    if (!this.lake.catalog.database(DEFAULT_DATABASE)) {
      this.lake.catalogWrites.createDatabase({ DatabaseInput: { Name: DEFAULT_DATABASE, Description: 'Default Hive database' } });
    }
  }

  private execution(id: string | undefined): QueryExecutionRecord {
    const record = this.executions.get(id ?? '');
    if (!record) throw InvalidRequestException.queryNotFound(id ?? '');
    return record;
  }
}

/** Athena names the results file by statement: `<id>.csv` for queries, `<id>.txt` for DDL and SHOW. */
function resultFile(location: string, id: string, kind: StatementKind): string {
  const base = location.endsWith('/') ? location : `${location}/`;
  if (kind.statementType === 'DML' && kind.substatementType === 'SELECT') return `${base}${id}.csv`;
  if (kind.substatementType === 'INSERT') return `${base}${id}`;
  if (kind.substatementType === 'CREATE_TABLE_AS_SELECT') return `${base}tables/${id}`;
  return `${base}${id}.txt`;
}

function cellsOf(record: QueryExecutionRecord): number {
  return (record.result?.rows.length ?? 0) * Math.max(1, record.result?.columns.length ?? 1);
}

function internalFailure(error: unknown): QueryFailure {
  const message = error instanceof Error ? error.message : String(error);
  return new QueryFailure(`GENERIC_INTERNAL_ERROR: ${message}`, ErrorCategory.SYSTEM, 200);
}

function malformedToken(token: string | undefined): InvalidRequestException {
  return InvalidRequestException.invalidInput(`Malformed nextPageToken ${token}`);
}
