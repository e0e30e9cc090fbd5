import type { DuckDBConnection, DuckDBResultReader } from '@duckdb/node-api';
import { parseDuckDBError, toQueryFailure } from './engine-errors';
import type { StoredObject } from './lake';
import { quoteString } from './sql-lexer';
import type { SchemaProbe } from './table-views';

/** File schemas learnt by peeking (keyed by file paths, which never change content). */
const PROBE_CACHE_SIZE = 1000;

/**
 * Learns what a table's files hold (Parquet column names and types, JSON keys) by asking DuckDB,
 * and remembers the answers: a stored object's file never changes, so its schema never does.
 */
export class SchemaProbeCache {
  private readonly cache = new Map<string, Map<string, string> | string[]>();

  /** A probe that runs its peeks on this connection. */
  on(connection: DuckDBConnection): SchemaProbe {
    const list = (files: StoredObject[]) => `[${files.map((file) => quoteString(file.file)).join(', ')}]`;
    return {
      parquetColumns: (files) =>
        this.cached(
          connection,
          'parquet',
          files,
          `DESCRIBE SELECT * FROM read_parquet(${list(files)}, union_by_name=true)`,
          (reader) => new Map(reader.getRows().map((row) => [String(row[0]), String(row[1])])),
        ),
      jsonKeys: (files) =>
        this.cached(
          connection,
          'json',
          files,
          `SELECT DISTINCT unnest(json_keys(json)) FROM read_ndjson_objects(${list(files)}) WHERE json_type(json) = 'OBJECT'`,
          (reader) => reader.getRows().map((row) => String(row[0])),
        ),
    };
  }

  private async cached<T extends Map<string, string> | string[]>(
    connection: DuckDBConnection,
    kind: string,
    files: StoredObject[],
    sql: string,
    read: (reader: DuckDBResultReader) => T,
  ): Promise<T> {
    const key = `${kind}:${files.map((file) => file.file).join('|')}`;
    const hit = this.cache.get(key);
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
    if (this.cache.size >= PROBE_CACHE_SIZE) this.cache.clear();
    this.cache.set(key, value);
    return value;
  }
}
