import type { DuckDBConnection, DuckDBResultReader } from '@duckdb/node-api';
import type { ColumnInfo } from '@aws-sdk/client-athena';
import { LakeAnalyzerCatalog } from './analyzer-catalog';
import { CatalogViews, qualifiedView } from './catalog-views';
import { CATALOG, ConnectionPool } from './connection-pool';
import { isInterrupt, parseDuckDBError, toQueryFailure, type ErrorContext } from './engine-errors';
import { InvalidRequestException, QueryFailure } from './errors';
import type { Lake } from './lake';
import { injectedKeys } from './partition-projection';
import { columnInfo, formatValue, type Cell } from './result-format';
import { lineColumn, quoteIdentifier, quoteString } from './sql-lexer';
import type { TableSource } from './table-views';
import type { Query } from './trino/ast';
import { parseQuery } from './trino/parser';
import type { TableRead } from './trino/query-analyzer';
import { MultipleStatements, SemanticError, TrinoSyntaxError } from './trino/syntax-error';
import { translateForWrite, translateQuery, type Translation } from './trino/translate';
import type { TrinoType } from './trino/types';

/**
 * Runs Athena queries on DuckDB: parses them when they are submitted (a syntax error refuses the
 * StartQueryExecution), analyzes and translates them when they run (trino/: Trino's types,
 * checks and errors), brings the views of the tables they read up to date (catalog-views.ts),
 * runs them on a pooled connection (connection-pool.ts) and shows the results as Athena does
 * (result-format.ts). DataScannedInBytes counts the files of the partitions the WHERE clause
 * keeps.
 *
 * Fidelity gap: the session time zone is always UTC.
 */
export interface EngineDependencies {
  lake: Lake;
  workDirectory: string;
  /** DuckDB's memory limit (e.g. `256MB`); beyond it, large joins and aggregates spill to disk. */
  memoryLimit?: string;
}

export interface PreparedQuery {
  /** The whole statement the query is part of (for error positions). */
  originalSql: string;
  query: Query;
  /** Where the query starts within the statement. */
  offset: number;
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
  /** The result columns: Trino name, DuckDB column name in `relation`, Trino type. */
  columns: Array<{ name: string; engineName: string; type: TrinoType }>;
  scannedBytes: number;
}

export class AthenaEngine {
  private readonly pool: ConnectionPool;
  private readonly views: CatalogViews;
  private readonly catalog: LakeAnalyzerCatalog;
  private writes = 0;

  constructor(private readonly deps: EngineDependencies) {
    this.pool = new ConnectionPool({ workDirectory: deps.workDirectory, memoryLimit: deps.memoryLimit });
    this.views = new CatalogViews(this.pool, deps.lake);
    this.catalog = new LakeAnalyzerCatalog(deps.lake);
  }

  /**
   * Parses a query without running it; a syntax error is Athena's MALFORMED_QUERY. A query embedded
   * in a larger statement (CTAS, INSERT, CREATE VIEW) names that statement and its offset, so
   * positions count from the statement's start.
   */
  prepare(sql: string, embedding: { statement: string; offset: number } = { statement: sql, offset: 0 }): PreparedQuery {
    try {
      return { originalSql: embedding.statement, query: parseQuery(sql), offset: embedding.offset };
    } catch (error) {
      if (error instanceof TrinoSyntaxError) {
        const { line, column } = lineColumn(embedding.statement, embedding.offset + error.position);
        throw InvalidRequestException.malformedQuery(`line ${line}:${column}: ${error.message}`);
      }
      if (error instanceof MultipleStatements)
        throw InvalidRequestException.malformedQuery(`Only one sql statement is allowed. Got: ${embedding.statement}`);
      throw error;
    }
  }

  /** Analyzes a query (Athena's semantic errors) without running it: its output columns. */
  describe(query: PreparedQuery, database: string): Translation {
    return this.translate(query, database, translateQuery);
  }

  async run(query: PreparedQuery, database: string, control: RunControl = {}): Promise<QueryResult> {
    const translation = this.translate(query, database, translateQuery);
    const sources = await this.prepareReads(translation.reads);
    return this.pool.withConnection(async (connection) => {
      const reader = await this.execute(connection, database, translation.sql, sources, control);
      const values = reader.getColumns();
      const rows: Cell[][] = new Array(reader.currentRowCount);
      for (let row = 0; row < rows.length; row++)
        rows[row] = translation.columns.map((column, index) => formatValue(values[index]![row]!, column.type));
      return {
        columns: translation.columns.map((column) => columnInfo(column.name, column.type)),
        header: translation.columns.map((column) => column.name),
        rows,
        scannedBytes: await this.scannedBytes(connection, translation.reads, sources),
      };
    });
  }

  /** EXPLAIN: the query is analyzed as Athena would (its errors are Athena's); the plan is DuckDB's. */
  async explain(query: PreparedQuery, database: string): Promise<string[]> {
    const translation = this.translate(query, database, translateQuery);
    const sources = await this.prepareReads(translation.reads);
    return this.pool.withConnection(async (connection) => {
      const reader = await this.execute(connection, database, `EXPLAIN ${translation.sql}`, sources, {});
      return reader.getRows().map((row) => String(row[1] ?? row[0] ?? ''));
    });
  }

  /**
   * Runs a query into a temporary table of this connection (for CTAS and INSERT) and hands it to
   * `work` with the result columns (Trino names and types); the table is dropped afterwards.
   */
  async materialize<T>(
    query: PreparedQuery,
    database: string,
    control: RunControl,
    work: (write: MaterializedQuery) => Promise<T>,
  ): Promise<T> {
    const translation = this.translate(query, database, translateForWrite);
    const sources = await this.prepareReads(translation.reads);
    return this.pool.withConnection(async (connection) => {
      const relation = `trino_write_${++this.writes}`;
      try {
        await this.execute(connection, database, `CREATE TEMP TABLE ${relation} AS ${translation.sql}`, sources, control);
        const context = errorContext(database, sources, this.deps.lake);
        return await work({
          run: async (sql) => {
            try {
              return await connection.runAndReadAll(sql);
            } catch (error) {
              const parsed = parseDuckDBError(error);
              if (isInterrupt(parsed)) throw new QueryCancelled();
              throw toQueryFailure(parsed, context);
            }
          },
          relation,
          columns: translation.columns.map((column, index) => ({ name: column.name, engineName: `c${index}`, type: column.type })),
          scannedBytes: await this.scannedBytes(connection, translation.reads, sources),
        });
      } finally {
        await connection.run(`DROP TABLE IF EXISTS ${relation}`).catch(() => undefined);
      }
    });
  }

  /** Builds (or refreshes) the views of these tables; answers their sources. */
  refreshTables(tables: Array<[string, string]>): Promise<TableSource[]> {
    return this.views.refreshTables(tables);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private translate(query: PreparedQuery, database: string, translator: typeof translateQuery): Translation {
    try {
      const translation = translator(query.query, this.catalog, database);
      this.checkInjectedFilters(translation.reads);
      return translation;
    } catch (error) {
      if (error instanceof SemanticError) {
        const where = error.position === undefined ? '' : position(query.originalSql, query.offset + error.position);
        throw QueryFailure.named(error.errorName, `${where}${error.message}`);
      }
      throw error;
    }
  }

  /** Injected projection columns must be filtered in the WHERE clause, as Athena requires. */
  private checkInjectedFilters(reads: TableRead[]): void {
    for (const read of reads) {
      const entry = this.deps.lake.catalog.table(read.database, read.table);
      if (!entry) continue;
      for (const key of injectedKeys(entry.table)) {
        if (!read.equalityKeys.includes(key) || read.otherFilterKeys.includes(key)) {
          throw QueryFailure.named(
            'CONSTRAINT_VIOLATION',
            `For the injected projected partition column ${key}, the WHERE clause must contain only static equality conditions, and at least one such condition must be present.`,
          );
        }
      }
    }
  }

  /** Brings the views a query reads up to date: its catalog tables, and information_schema if named. */
  private async prepareReads(reads: TableRead[]): Promise<Map<string, TableSource>> {
    if (reads.some((read) => read.database === 'information_schema')) await this.views.refreshInformationSchema();
    const tables = reads
      .filter((read) => read.database !== 'information_schema')
      .map((read): [string, string] => [read.database, read.table]);
    const unique = [...new Map(tables.map((table) => [qualifiedView(...table), table])).values()];
    const sources = await this.views.refreshTables(unique);
    return new Map(sources.map((source, index) => [qualifiedView(...unique[index]!), source]));
  }

  private async execute(
    connection: DuckDBConnection,
    database: string,
    sql: string,
    sources: Map<string, TableSource>,
    control: RunControl,
  ): Promise<DuckDBResultReader> {
    await connection.run(`USE ${CATALOG}.${quoteIdentifier(this.views.hasSchema(database) ? database.toLowerCase() : 'main')}`);
    control.cancel = () => connection.interrupt();
    try {
      return await connection.runAndReadAll(sql);
    } catch (error) {
      const parsed = parseDuckDBError(error);
      if (isInterrupt(parsed)) throw new QueryCancelled();
      throw toQueryFailure(parsed, errorContext(database, sources, this.deps.lake));
    } finally {
      control.cancel = undefined;
    }
  }

  /** The bytes of the files a query reads: every file of each table, except partitions its WHERE clause prunes. */
  private async scannedBytes(connection: DuckDBConnection, reads: TableRead[], sources: Map<string, TableSource>): Promise<number> {
    const files = new Map<string, number>();
    for (const read of reads) {
      const source = sources.get(qualifiedView(read.database, read.table));
      if (!source) continue;
      const partitions = source.partitions;
      let kept = source.files;
      if (partitions && read.partitionFilters.length > 0 && partitions.groups.length > 0) {
        const selected = await this.selectPartitions(connection, partitions, read.partitionFilters);
        kept = selected ? partitions.groups.filter((_group, index) => selected.has(index)).flatMap((group) => group.files) : source.files;
      }
      for (const file of kept) files.set(file.file, file.size);
    }
    let total = 0;
    for (const size of files.values()) total += size;
    return total;
  }

  /** The partitions (by index) whose values pass the filters; undefined when the filters cannot be evaluated alone. */
  private async selectPartitions(
    connection: DuckDBConnection,
    partitions: NonNullable<TableSource['partitions']>,
    filters: string[],
  ): Promise<Set<number> | undefined> {
    const keys = partitions.keys;
    const rows = partitions.groups.map((group, index) => {
      const values = keys.map((key, position) => {
        const value = group.partitionValues[position];
        return value === undefined || value === '__HIVE_DEFAULT_PARTITION__'
          ? `CAST(NULL AS ${key.duckdb})`
          : `TRY_CAST(${quoteString(value)} AS ${key.duckdb})`;
      });
      return `(${[String(index), ...values].join(', ')})`;
    });
    const names = ['"trino_partition"', ...keys.map((key) => quoteIdentifier(key.name))].join(', ');
    const sql = `SELECT "trino_partition" FROM (VALUES ${rows.join(', ')}) AS "p"(${names}) WHERE ${filters.map((filter) => `(${filter})`).join(' AND ')}`;
    try {
      const reader = await connection.runAndReadAll(sql);
      return new Set(reader.getRows().map((row) => Number(row[0])));
    } catch {
      return undefined;
    }
  }
}

function errorContext(database: string, sources: Map<string, TableSource>, lake: Lake): ErrorContext {
  const locations = new Map<string, string>();
  for (const source of sources.values()) for (const [file, uri] of source.locations) locations.set(file, uri);
  return { originalSql: '', database, databaseExists: (name) => lake.catalog.database(name) !== undefined, locations };
}

function position(sql: string, offset: number): string {
  const { line, column } = lineColumn(sql, offset);
  return `line ${line}:${column}: `;
}
