import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, VARCHAR, type DuckDBConnection, type DuckDBResultReader, type DuckDBType } from '@duckdb/node-api';
import type { ColumnInfo } from '@aws-sdk/client-athena';
import type { ObjectStore, StoredObject } from '../../stores/objects/object-store';
import type { GlueCatalog } from '../../stores/catalog/glue-catalog';
import { InvalidRequestException, QueryFailure } from './errors';
import { isInterrupt, missingTableName, parseDuckDBError, toQueryFailure, type DuckDBError, type ErrorContext } from './engine-errors';
import { outputNamesOf, resultColumnNames, type OutputName } from './output-names';
import { columnInfo, formatValue, type Cell } from './result-format';
import { LexError, lineColumn, quoteIdentifier, quoteString, significant, tokenize } from './sql-lexer';
import { INFORMATION_SCHEMA_PREFIX, informationSchemaViews } from './information-schema';
import { buildTableSource, UnsupportedTableFormat, type SchemaProbe, type TableSource } from './table-views';
import { rewriteTrino, type TrinoRewrite } from './trino-dialect';
import { TRINO_MACROS } from './trino-macros';

/**
 * One in-memory DuckDB per sandbox. Glue databases are schemas of an attached catalog named
 * `awsdatacatalog` (so `awsdatacatalog.db.t`, `db.t` and `"db"."t"` resolve); each Glue table
 * is a view over its files, rebuilt only when its catalog entry or the S3 store changed, and only
 * for the tables a query reads. Connections are pooled and carry the Trino settings and macros.
 *
 * Fidelity gaps: `DataScannedInBytes` counts every file of the tables a query names, including
 * partitions its WHERE clause prunes; result column types come from DuckDB (so `'abc'` is
 * varchar, not varchar(3), and a decimal literal is decimal, not double); the session time zone
 * is always UTC.
 */
export interface EngineDependencies {
  store: ObjectStore;
  catalog: GlueCatalog;
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

const CATALOG = 'awsdatacatalog';
const POOL_SIZE = 4;
/** File schemas learnt by peeking (keyed by file paths, which never change content). */
const PROBE_CACHE_SIZE = 1000;
const CONNECTION_SETUP = ['SET errors_as_json = true', 'SET integer_division = true', "SET TimeZone = 'UTC'", ...TRINO_MACROS];

interface ViewState {
  revision: number;
  generation: number;
  source: TableSource;
}

export class AthenaEngine {
  private instance?: Promise<DuckDBInstance>;
  private readonly idle: DuckDBConnection[] = [];
  private readonly views = new Map<string, ViewState>();
  private readonly schemas = new Set<string>();
  private syncedRevision = -1;
  private catalogQueue: Promise<unknown> = Promise.resolve();
  private readonly probeCache = new Map<string, Map<string, string> | string[]>();
  private closed = false;
  private writes = 0;
  private informationSchemaRevision = -1;

  constructor(private readonly deps: EngineDependencies) {}

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
    const serialized = await this.withConnection(async (connection) => {
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
    return this.withConnection(async (connection) => {
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
    return this.withConnection(async (connection) => {
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
    if (query.tableReferences.some(([, , table]) => table.startsWith(INFORMATION_SCHEMA_PREFIX))) {
      await this.exclusive(async () => {
        if (this.informationSchemaRevision === this.deps.catalog.revision) return;
        const views = informationSchemaViews(this.deps.catalog);
        await this.withConnection(async (connection) => {
          for (const [name, sql] of Object.entries(views))
            await connection.run(`CREATE OR REPLACE VIEW memory.main.${INFORMATION_SCHEMA_PREFIX}${name} AS ${sql}`);
        });
        this.informationSchemaRevision = this.deps.catalog.revision;
      });
    }
    return this.refreshTables(query.tableReferences.map((reference) => resolve(reference, database)));
  }

  /** Builds (or refreshes) the views of these tables; answers their sources. */
  async refreshTables(tables: Array<[string, string]>): Promise<TableSource[]> {
    return this.exclusive(async () => {
      const connection = await this.connection();
      try {
        await this.syncCatalog(connection);
        const sources: TableSource[] = [];
        const seen = new Set<string>();
        for (const [databaseName, tableName] of tables) {
          const key = viewKey(databaseName, tableName);
          if (seen.has(key)) continue;
          seen.add(key);
          const source = await this.refreshView(connection, databaseName, tableName);
          if (source) sources.push(source);
        }
        return sources;
      } finally {
        this.release(connection);
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const connection of this.idle.splice(0)) connection.closeSync();
    if (this.instance) (await this.instance).closeSync();
    this.instance = undefined;
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
          sources.push(...(await this.refreshTables([missing])));
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
    return this.deps.catalog.table(reference[0], reference[1]) ? reference : undefined;
  }

  private errorContext(query: PreparedQuery, database: string, sources: TableSource[]): ErrorContext {
    return {
      originalSql: query.originalSql,
      rewrite: query.rewrite,
      database,
      databaseExists: (name) => this.deps.catalog.database(name) !== undefined,
      locations: locationsOf(sources),
    };
  }

  private async use(connection: DuckDBConnection, database: string): Promise<void> {
    const schema = this.schemas.has(database.toLowerCase()) ? database.toLowerCase() : 'main';
    await connection.run(`USE ${CATALOG}.${quoteIdentifier(schema)}`);
  }

  /** Drops the views and schemas of tables and databases that left the catalog. */
  private async syncCatalog(connection: DuckDBConnection): Promise<void> {
    const catalog = this.deps.catalog;
    if (catalog.revision === this.syncedRevision) return;
    for (const [key, state] of this.views) {
      const [databaseName, tableName] = key.split('\u0000');
      const entry = catalog.table(databaseName, tableName);
      if (!entry || entry.revision !== state.revision) {
        if (!entry) {
          await connection.run(`DROP VIEW IF EXISTS ${qualified(databaseName, tableName)}`);
          this.views.delete(key);
        }
      }
    }
    for (const schema of [...this.schemas]) {
      if (!catalog.database(schema)) {
        await connection.run(`DROP SCHEMA IF EXISTS ${CATALOG}.${quoteIdentifier(schema)} CASCADE`);
        this.schemas.delete(schema);
        for (const key of [...this.views.keys()]) if (key.startsWith(`${schema}\u0000`)) this.views.delete(key);
      }
    }
    for (const entry of catalog.allDatabases()) await this.ensureSchema(connection, entry.database.Name!);
    this.syncedRevision = catalog.revision;
  }

  private async ensureSchema(connection: DuckDBConnection, name: string): Promise<void> {
    const schema = name.toLowerCase();
    if (this.schemas.has(schema)) return;
    await connection.run(`CREATE SCHEMA IF NOT EXISTS ${CATALOG}.${quoteIdentifier(schema)}`);
    this.schemas.add(schema);
  }

  private async refreshView(connection: DuckDBConnection, databaseName: string, tableName: string): Promise<TableSource | undefined> {
    const entry = this.deps.catalog.table(databaseName, tableName);
    if (!entry) return undefined;
    const key = viewKey(databaseName, tableName);
    const state = this.views.get(key);
    const generation = this.deps.store.generation;
    if (state && state.revision === entry.revision && state.generation === generation) return state.source;
    let source: TableSource;
    try {
      source = await buildTableSource(entry.table, [...entry.partitions.values()], this.deps.store, this.probe(connection));
    } catch (error) {
      if (error instanceof UnsupportedTableFormat) {
        throw QueryFailure.named(
          'NOT_SUPPORTED',
          `The postflight sandbox cannot read ${error.message} (table ${databaseName}.${tableName})`,
        );
      }
      throw error;
    }
    if (source.signature !== state?.source.signature) {
      await this.ensureSchema(connection, databaseName);
      try {
        await connection.run(`CREATE OR REPLACE VIEW ${qualified(databaseName, tableName)} AS ${source.sql}`);
      } catch (error) {
        throw toQueryFailure(parseDuckDBError(error), {
          originalSql: '',
          database: databaseName,
          databaseExists: () => true,
          locations: source.locations,
        });
      }
    }
    this.views.set(key, { revision: entry.revision, generation, source });
    return source;
  }

  private probe(connection: DuckDBConnection): SchemaProbe {
    const cached = async <T extends Map<string, string> | string[]>(
      kind: string,
      files: StoredObject[],
      sql: string,
      read: (reader: DuckDBResultReader) => T,
    ): Promise<T> => {
      const key = `${kind}:${files.map((file) => file.file).join('|')}`;
      const hit = this.probeCache.get(key);
      if (hit) return hit as T;
      let reader: DuckDBResultReader;
      try {
        reader = await connection.runAndReadAll(sql);
      } catch (error) {
        throw toQueryFailure(parseDuckDBError(error), {
          originalSql: '',
          database: '',
          databaseExists: () => true,
          locations: new Map(files.map((file) => [file.file, `s3://${file.bucket}/${file.key}`])),
        });
      }
      const value = read(reader);
      if (this.probeCache.size >= PROBE_CACHE_SIZE) this.probeCache.clear();
      this.probeCache.set(key, value);
      return value;
    };
    const list = (files: StoredObject[]) => `[${files.map((file) => quoteString(file.file)).join(', ')}]`;
    return {
      parquetColumns: (files) =>
        cached(
          'parquet',
          files,
          `DESCRIBE SELECT * FROM read_parquet(${list(files)}, union_by_name=true)`,
          (reader) => new Map(reader.getRows().map((row) => [String(row[0]), String(row[1])])),
        ),
      jsonKeys: (files) =>
        cached(
          'json',
          files,
          `SELECT DISTINCT unnest(json_keys(json)) FROM read_ndjson_objects(${list(files)}) WHERE json_type(json) = 'OBJECT'`,
          (reader) => reader.getRows().map((row) => String(row[0])),
        ),
    };
  }

  private async withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.connection();
    try {
      return await work(connection);
    } finally {
      this.release(connection);
    }
  }

  private async connection(): Promise<DuckDBConnection> {
    if (this.closed) throw new Error('The Athena engine has been shut down.');
    const idle = this.idle.pop();
    if (idle) return idle;
    const instance = await this.start();
    const connection = await instance.connect();
    for (const statement of CONNECTION_SETUP) await connection.run(statement);
    return connection;
  }

  private release(connection: DuckDBConnection): void {
    if (!this.closed && this.idle.length < POOL_SIZE) this.idle.push(connection);
    else connection.closeSync();
  }

  private start(): Promise<DuckDBInstance> {
    this.instance ??= (async () => {
      const temp = path.join(this.deps.workDirectory, 'duckdb-spill');
      fs.mkdirSync(temp, { recursive: true });
      const instance = await DuckDBInstance.create(':memory:', {
        temp_directory: temp,
        ...(this.deps.memoryLimit ? { memory_limit: this.deps.memoryLimit } : {}),
      });
      const setup = await instance.connect();
      await setup.run(`ATTACH ':memory:' AS ${CATALOG}`);
      setup.closeSync();
      return instance;
    })();
    return this.instance;
  }

  /** Catalog changes (views, schemas) run one at a time; queries themselves run in parallel. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.catalogQueue.then(work, work);
    this.catalogQueue = run.catch(() => undefined);
    return run;
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

function viewKey(databaseName: string, tableName: string): string {
  return `${databaseName.toLowerCase()}\u0000${tableName.toLowerCase()}`;
}

function qualified(databaseName: string, tableName: string): string {
  return `${CATALOG}.${quoteIdentifier(databaseName.toLowerCase())}.${quoteIdentifier(tableName.toLowerCase())}`;
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
