import { VARCHAR, type DuckDBConnection, type DuckDBResultReader, type DuckDBType } from '@duckdb/node-api';
import type { ColumnInfo } from '@aws-sdk/client-athena';
import { InvalidRequestException } from './errors';
import { CatalogViews } from './catalog-views';
import { CATALOG, ConnectionPool } from './connection-pool';
import type { Lake } from './lake';
import { isInterrupt, missingTableName, parseDuckDBError, toQueryFailure, type DuckDBError, type ErrorContext } from './engine-errors';
import { outputNamesOf, resultColumnNames, type OutputName } from './output-names';
import { columnInfo, formatValue, type Cell } from './result-format';
import { LexError, lineColumn, quoteIdentifier, significant, tokenize } from './sql-lexer';
import { INFORMATION_SCHEMA_PREFIX } from './information-schema';
import type { TableSource } from './table-views';
import { rewriteTrino, type TrinoRewrite } from './trino-dialect';

/**
 * Runs Athena queries on DuckDB: prepares them (rewrite, parse check, output names, tables read),
 * brings the views of the tables they read up to date (catalog-views.ts) and runs them on a
 * pooled connection (connection-pool.ts), mapping DuckDB's errors to Athena's.
 *
 * Fidelity gaps: `DataScannedInBytes` counts every file of the tables a query names, including
 * partitions its WHERE clause prunes; result column types come from DuckDB (so `'abc'` is
 * varchar, not varchar(3), and a decimal literal is decimal, not double); the session time zone
 * is always UTC.
 */
export interface EngineDependencies {
  lake: Lake;
  workDirectory: string;
  /** DuckDB's memory limit (e.g. `256MB`); beyond it, large joins and aggregates spill to disk. */
  memoryLimit?: string;
}

export interface PreparedQuery {
  originalSql: string;
  rewrite: TrinoRewrite;
  outputNames?: OutputName[];
  /** Base tables the statement names (catalog, schema, table; '' where unqualified). */
  tableReferences: Array<[string, string, string]>;
}

export interface QueryResult {
  columns: ColumnInfo[];
  header: string[];
  rows: Cell[][];
  scannedBytes: number;
}

export interface RunControl {
  cancel?: () => void;
}

export class QueryCancelled extends Error {}

/** A query result held in a temporary table, for statements that write it somewhere. */
export interface MaterializedQuery {
  /** Runs engine SQL on the same connection (COPY … TO, SELECT DISTINCT …). */
  run(sql: string): Promise<DuckDBResultReader>;
  relation: string;
  columns: Array<{ name: string; engineName: string; type: DuckDBType }>;
  scannedBytes: number;
}

export class AthenaEngine {
  private readonly pool: ConnectionPool;
  private readonly views: CatalogViews;
  private writes = 0;

  constructor(private readonly deps: EngineDependencies) {
    this.pool = new ConnectionPool({ workDirectory: deps.workDirectory, memoryLimit: deps.memoryLimit });
    this.views = new CatalogViews(this.pool, deps.lake);
  }

  /**
   * Parses a query (rewritten to DuckDB) without running it; a syntax error is Athena's
   * MALFORMED_QUERY. A query embedded in a larger statement (CTAS, INSERT) names that statement
   * and its offset, so positions count from the statement's start.
   */
  async prepare(sql: string, embedding: { statement: string; offset: number } = { statement: sql, offset: 0 }): Promise<PreparedQuery> {
    const { statement, offset } = embedding;
    let inner: TrinoRewrite;
    try {
      inner = rewriteTrino(sql);
    } catch (error) {
      if (error instanceof LexError) throw syntaxError(statement, offset + error.position, error.message);
      throw error;
    }
    const rewrite: TrinoRewrite = offset === 0 ? inner : { sql: inner.sql, toOriginal: (position) => offset + inner.toOriginal(position) };
    const serialized = await this.pool.withConnection(async (connection) => {
      const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [rewrite.sql], [VARCHAR]);
      return JSON.parse(String(reader.getRows()[0][0])) as SerializedSql;
    });
    if (serialized.error) {
      const duckPosition = Number(serialized.position ?? rewrite.sql.length);
      const charOffset = Buffer.from(rewrite.sql).subarray(0, duckPosition).toString('utf8').length;
      throw syntaxError(statement, rewrite.toOriginal(charOffset));
    }
    const statements = serialized.statements ?? [];
    if (statements.length !== 1) throw InvalidRequestException.malformedQuery(`Only one sql statement is allowed. Got: ${statement}`);
    return {
      originalSql: statement,
      rewrite,
      outputNames: outputNamesOf(statements[0].node),
      tableReferences: tableReferences(statements[0].node),
    };
  }

  async run(query: PreparedQuery, database: string, control: RunControl = {}): Promise<QueryResult> {
    return this.pool.withConnection(async (connection) => {
      const sources = await this.prepareReferences(query, database);
      const context = this.errorContext(query, database, sources);
      await this.use(connection, database);
      let reader: DuckDBResultReader;
      control.cancel = () => connection.interrupt();
      try {
        reader = await this.execute(connection, query.rewrite.sql, context, database, sources);
      } finally {
        control.cancel = undefined;
      }
      const header = resultColumnNames(query.outputNames, reader.columnNames());
      const types = reader.columnTypes();
      const columns = reader.getColumns();
      const rows: Cell[][] = new Array(reader.currentRowCount);
      for (let row = 0; row < rows.length; row++) rows[row] = types.map((type, column) => formatValue(columns[column][row], type));
      return {
        columns: header.map((name, index) => columnInfo(name, types[index])),
        header,
        rows,
        scannedBytes: scannedBytes(sources),
      };
    });
  }

  /**
   * Runs a query into a temporary table of this connection (for CTAS and INSERT) and hands it to
   * `work` with the result columns (Trino names, DuckDB types); the table is dropped afterwards.
   */
  async materialize<T>(
    query: PreparedQuery,
    database: string,
    control: RunControl,
    work: (write: MaterializedQuery) => Promise<T>,
  ): Promise<T> {
    return this.pool.withConnection(async (connection) => {
      const sources = await this.prepareReferences(query, database);
      const context = this.errorContext(query, database, sources);
      await this.use(connection, database);
      const relation = `trino_write_${++this.writes}`;
      control.cancel = () => connection.interrupt();
      try {
        await this.execute(connection, `CREATE TEMP TABLE ${relation} AS ${query.rewrite.sql}`, context, database, sources);
        const reader = await connection.runAndReadAll(`SELECT * FROM ${relation} LIMIT 0`);
        const engineNames = reader.columnNames();
        const names = resultColumnNames(query.outputNames, engineNames);
        const types = reader.columnTypes();
        return await work({
          run: async (sql) => {
            try {
              return await connection.runAndReadAll(sql);
            } catch (error) {
              const parsed = parseDuckDBError(error);
              if (isInterrupt(parsed)) throw new QueryCancelled();
              throw toQueryFailure(parsed, { ...context, rewrite: undefined, originalSql: '' });
            }
          },
          relation,
          columns: names.map((name, index) => ({ name, engineName: engineNames[index], type: types[index] })),
          scannedBytes: scannedBytes(sources),
        });
      } finally {
        control.cancel = undefined;
        await connection.run(`DROP TABLE IF EXISTS ${relation}`).catch(() => undefined);
      }
    });
  }

  /** Brings the views a query reads up to date: its catalog tables, and information_schema if named. */
  private async prepareReferences(query: PreparedQuery, database: string): Promise<TableSource[]> {
    if (query.tableReferences.some(([, , table]) => table.startsWith(INFORMATION_SCHEMA_PREFIX)))
      await this.views.refreshInformationSchema();
    return this.views.refreshTables(query.tableReferences.map((reference) => resolve(reference, database)));
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private async execute(
    connection: DuckDBConnection,
    sql: string,
    context: ErrorContext,
    database: string,
    sources: TableSource[],
  ): Promise<DuckDBResultReader> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await connection.runAndReadAll(sql);
      } catch (error) {
        const parsed = parseDuckDBError(error);
        if (isInterrupt(parsed)) throw new QueryCancelled();
        // A table the AST walk did not see (e.g. inside a subquery expression DuckDB expands late).
        const missing = attempt === 0 ? this.catalogTableFor(parsed, context, database) : undefined;
        if (missing) {
          sources.push(...(await this.views.refreshTables([missing])));
          continue;
        }
        throw toQueryFailure(parsed, { ...context, locations: locationsOf(sources) });
      }
    }
  }

  private catalogTableFor(error: DuckDBError, context: ErrorContext, database: string): [string, string] | undefined {
    const chain = missingTableName(error, context);
    if (!chain) return undefined;
    const reference = resolve(
      chain.length >= 3
        ? [chain[chain.length - 3], chain[chain.length - 2], chain[chain.length - 1]]
        : chain.length === 2
          ? ['', chain[0], chain[1]]
          : ['', '', chain[0]],
      database,
    );
    return this.deps.lake.catalog.table(reference[0], reference[1]) ? reference : undefined;
  }

  private errorContext(query: PreparedQuery, database: string, sources: TableSource[]): ErrorContext {
    return {
      originalSql: query.originalSql,
      rewrite: query.rewrite,
      database,
      databaseExists: (name) => this.deps.lake.catalog.database(name) !== undefined,
      locations: locationsOf(sources),
    };
  }

  private async use(connection: DuckDBConnection, database: string): Promise<void> {
    const schema = this.views.hasSchema(database) ? database.toLowerCase() : 'main';
    await connection.run(`USE ${CATALOG}.${quoteIdentifier(schema)}`);
  }
}

interface SerializedSql {
  error?: boolean;
  error_message?: string;
  position?: string;
  statements?: Array<{ node: Parameters<typeof outputNamesOf>[0] & object }>;
}

/** Athena's parser wording for a statement it cannot read: `line 1:1: mismatched input 'SELEC'`. */
function syntaxError(sql: string, offset: number, detail?: string): InvalidRequestException {
  const { line, column } = lineColumn(sql, offset);
  if (detail) return InvalidRequestException.malformedQuery(`line ${line}:${column}: ${detail}`);
  let token: string | undefined;
  try {
    token = significant(tokenize(sql)).find((candidate) => candidate.end > offset)?.text;
  } catch {
    token = undefined;
  }
  return InvalidRequestException.malformedQuery(`line ${line}:${column}: mismatched input '${token ?? '<EOF>'}'`);
}

/** The base tables of a parsed statement, minus the names its WITH clauses define. */
function tableReferences(node: unknown): Array<[string, string, string]> {
  const tables: Array<[string, string, string]> = [];
  const ctes = new Set<string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (record.type === 'BASE_TABLE' && typeof record.table_name === 'string') {
      tables.push([String(record.catalog_name ?? ''), String(record.schema_name ?? ''), record.table_name]);
    }
    const cteMap = (record.cte_map as { map?: Array<{ key: string }> } | undefined)?.map;
    if (Array.isArray(cteMap)) cteMap.forEach((cte) => ctes.add(cte.key.toLowerCase()));
    Object.values(record).forEach(visit);
  };
  visit(node);
  return tables.filter(([catalog, schema, table]) => catalog !== '' || schema !== '' || !ctes.has(table.toLowerCase()));
}

/** (catalog, schema, table) → (database, table), unqualified names in the query's database. */
function resolve(reference: [string, string, string], database: string): [string, string] {
  return [(reference[1] || database).toLowerCase(), reference[2].toLowerCase()];
}

function locationsOf(sources: TableSource[]): Map<string, string> {
  const locations = new Map<string, string>();
  for (const source of sources) for (const [file, uri] of source.locations) locations.set(file, uri);
  return locations;
}

function scannedBytes(sources: TableSource[]): number {
  const files = new Map<string, number>();
  for (const source of sources) for (const file of source.files) files.set(file.file, file.size);
  let total = 0;
  for (const size of files.values()) total += size;
  return total;
}
