import type { DuckDBConnection } from '@duckdb/node-api';
import { QueryFailure } from './errors';
import { parseDuckDBError, toQueryFailure } from './engine-errors';
import { CATALOG, type ConnectionPool } from './connection-pool';
import { INFORMATION_SCHEMA_PREFIX, informationSchemaViews } from './information-schema';
import type { Lake } from './lake';
import { SchemaProbeCache } from './schema-probe';
import { quoteIdentifier } from './sql-lexer';
import { buildTableSource, UnsupportedTableFormat, type TableSource } from './table-views';

/**
 * Keeps DuckDB's picture of the Glue catalog current: a schema per Glue database, a view per
 * table over its files (rebuilt only when its catalog entry or the S3 store changed, and only for
 * the tables a query reads), and the catalog-backed information_schema relations. Changes run
 * one at a time; queries themselves run in parallel.
 */
interface ViewState {
  revision: number;
  generation: number;
  source: TableSource;
}

export class CatalogViews {
  private readonly views = new Map<string, ViewState>();
  private readonly schemas = new Set<string>();
  private syncedRevision = -1;
  private informationSchemaRevision = -1;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly probes = new SchemaProbeCache();

  constructor(
    private readonly pool: ConnectionPool,
    private readonly lake: Lake,
  ) {}

  /** Whether DuckDB has a schema for this database (else queries run in `main`). */
  hasSchema(database: string): boolean {
    return this.schemas.has(database.toLowerCase());
  }

  /** Builds (or refreshes) the views of these tables; answers their sources. */
  async refreshTables(tables: Array<[string, string]>): Promise<TableSource[]> {
    return this.exclusive(() =>
      this.pool.withConnection(async (connection) => {
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
      }),
    );
  }

  /** Rebuilds the information_schema relations if the catalog changed since. */
  async refreshInformationSchema(): Promise<void> {
    await this.exclusive(async () => {
      if (this.informationSchemaRevision === this.lake.catalog.revision) return;
      const views = informationSchemaViews(this.lake.catalog);
      await this.pool.withConnection(async (connection) => {
        for (const [name, sql] of Object.entries(views))
          await connection.run(`CREATE OR REPLACE VIEW memory.main.${INFORMATION_SCHEMA_PREFIX}${name} AS ${sql}`);
      });
      this.informationSchemaRevision = this.lake.catalog.revision;
    });
  }

  /** Drops the views and schemas of tables and databases that left the catalog. */
  private async syncCatalog(connection: DuckDBConnection): Promise<void> {
    const catalog = this.lake.catalog;
    if (catalog.revision === this.syncedRevision) return;
    for (const key of [...this.views.keys()]) {
      const [databaseName = '', tableName = ''] = key.split('\u0000');
      if (!catalog.table(databaseName, tableName)) {
        await connection.run(`DROP VIEW IF EXISTS ${qualifiedView(databaseName, tableName)}`);
        this.views.delete(key);
      }
    }
    for (const schema of [...this.schemas]) {
      if (!catalog.database(schema)) {
        await connection.run(`DROP SCHEMA IF EXISTS ${CATALOG}.${quoteIdentifier(schema)} CASCADE`);
        this.schemas.delete(schema);
        for (const key of [...this.views.keys()]) if (key.startsWith(`${schema}\u0000`)) this.views.delete(key);
      }
    }
    for (const entry of catalog.allDatabases()) await this.ensureSchema(connection, entry.database.Name ?? '');
    this.syncedRevision = catalog.revision;
  }

  private async ensureSchema(connection: DuckDBConnection, name: string): Promise<void> {
    const schema = name.toLowerCase();
    if (this.schemas.has(schema)) return;
    await connection.run(`CREATE SCHEMA IF NOT EXISTS ${CATALOG}.${quoteIdentifier(schema)}`);
    this.schemas.add(schema);
  }

  private async refreshView(connection: DuckDBConnection, databaseName: string, tableName: string): Promise<TableSource | undefined> {
    const entry = this.lake.catalog.table(databaseName, tableName);
    if (!entry) return undefined;
    const key = viewKey(databaseName, tableName);
    const state = this.views.get(key);
    const generation = this.lake.objects.generation;
    if (state && state.revision === entry.revision && state.generation === generation) return state.source;
    let source: TableSource;
    try {
      source = await buildTableSource(entry.table, [...entry.partitions.values()], this.lake.objects, this.probes.on(connection));
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
        await connection.run(`CREATE OR REPLACE VIEW ${qualifiedView(databaseName, tableName)} AS ${source.sql}`);
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

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function viewKey(databaseName: string, tableName: string): string {
  return `${databaseName.toLowerCase()}\u0000${tableName.toLowerCase()}`;
}

export function qualifiedView(databaseName: string, tableName: string): string {
  return `${CATALOG}.${quoteIdentifier(databaseName.toLowerCase())}.${quoteIdentifier(tableName.toLowerCase())}`;
}
