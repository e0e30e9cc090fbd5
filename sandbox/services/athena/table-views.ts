import type { Column, Partition, Table } from '@aws-sdk/client-glue';
import type { ObjectStore, StoredObject } from './lake';
import { quoteIdentifier, quoteString } from './sql-lexer';
import { duckdbType, parseHiveType, type SqlType } from './sql-types';

/**
 * A catalog table as a DuckDB relation over the S3 store's files, read by local path (the SQL of
 * a view; nothing is copied or materialised). Like Athena it reads the objects under the table's
 * LOCATION — or, for a partitioned table, under each *registered* partition's location, adding the
 * partition values as columns — skipping objects whose path (below the location) has a part
 * starting with `_` or `.`, folder markers and empty objects. Columns get the declared types;
 * text values that do not parse as their column's type read as NULL, as Hive's text SerDes do.
 *
 * Fidelity gaps: LazySimpleSerDe's `escape.delim` and its map/struct text encodings are not
 * decoded (only arrays of scalars); timestamps in text files also accept the ISO `T` separator;
 * Parquet columns are cast to the declared type where Athena would refuse an incompatible physical
 * type with HIVE_BAD_DATA; nested JSON object keys match case-sensitively (top-level keys match
 * case-insensitively, as the JSON SerDes do); `skip.footer.line.count` is ignored.
 */
export type StorageFormat = 'text' | 'opencsv' | 'json' | 'parquet';

export interface TableSource {
  /** `SELECT …` over the files, with the table's columns then its partition keys. */
  sql: string;
  /** Every file the relation reads (their sizes make `DataScannedInBytes`). */
  files: StoredObject[];
  /** Changes whenever the SQL would change. */
  signature: string;
  /** Local path → `s3://bucket/key`, to name files in error messages as Athena does. */
  locations: Map<string, string>;
}

/** What the engine learns by peeking at files: key and column names, with DuckDB types. */
export interface SchemaProbe {
  parquetColumns(files: StoredObject[]): Promise<Map<string, string>>;
  jsonKeys(files: StoredObject[]): Promise<string[]>;
}

export class UnsupportedTableFormat extends Error {}

interface FileGroup {
  files: StoredObject[];
  partitionValues: string[];
}

export function storageFormat(table: Table): StorageFormat {
  const descriptor = table.StorageDescriptor;
  const serde = descriptor?.SerdeInfo?.SerializationLibrary ?? '';
  const input = descriptor?.InputFormat ?? '';
  if (table.Parameters?.table_type?.toUpperCase() === 'ICEBERG') throw new UnsupportedTableFormat('Iceberg tables');
  if (/parquet/i.test(serde) || /parquet/i.test(input)) return 'parquet';
  if (/OpenCSVSerde/i.test(serde)) return 'opencsv';
  if (/JsonSerDe/i.test(serde)) return 'json';
  if (/LazySimpleSerDe/i.test(serde) || (!serde && /TextInputFormat/i.test(input))) return 'text';
  // A table defined without storage settings (e.g. by hand in a template) may still say what it holds.
  const classification = (table.Parameters?.classification ?? '').toLowerCase();
  if (!serde && !input && classification === 'parquet') return 'parquet';
  if (!serde && !input && classification === 'json') return 'json';
  if (!serde && !input && classification === 'csv') return 'text';
  throw new UnsupportedTableFormat(`tables stored with ${serde || input || 'an unknown format'}`);
}

export async function buildTableSource(
  table: Table,
  partitions: Partition[],
  store: ObjectStore,
  probe: SchemaProbe,
): Promise<TableSource> {
  const format = storageFormat(table);
  const columns = (table.StorageDescriptor?.Columns ?? []).map(typed);
  const partitionKeys = (table.PartitionKeys ?? []).map(typed);
  const groups: FileGroup[] =
    partitionKeys.length === 0
      ? [{ files: filesAt(store, table.StorageDescriptor?.Location), partitionValues: [] }]
      : partitions.map((partition) => ({
          files: filesAt(store, partition.StorageDescriptor?.Location ?? defaultPartitionLocation(table, partition)),
          partitionValues: partition.Values ?? [],
        }));
  const nonEmpty = groups.filter((group) => group.files.length > 0);
  const files = nonEmpty.flatMap((group) => group.files);
  const locations = new Map(files.map((file) => [file.file, `s3://${file.bucket}/${file.key}`]));
  const reader = await readerFor(format, table, columns, files, probe);
  const selects = nonEmpty.map((group) => {
    const partitionColumns = partitionKeys.map(
      (key, index) => `${partitionLiteral(group.partitionValues[index], key)} AS ${quoteIdentifier(key.name)}`,
    );
    return `SELECT ${[...reader.projection, ...partitionColumns].join(', ')} FROM ${reader.from(group.files.map((file) => file.file))}`;
  });
  const sql = selects.length > 0 ? selects.join('\nUNION ALL\n') : emptyRelation([...columns, ...partitionKeys]);
  return { sql, files, signature: sql, locations };
}

/** The objects under a location the way Athena lists them. */
export function filesAt(store: ObjectStore, location: string | undefined): StoredObject[] {
  const parsed = parseS3Location(location);
  if (!parsed) return [];
  const prefix = parsed.key === '' || parsed.key.endsWith('/') ? parsed.key : `${parsed.key}/`;
  return store.objectsUnder(parsed.bucket, prefix).filter((object) => {
    if (object.size === 0 || object.key.endsWith('/') || object.key.endsWith('_$folder$')) return false;
    return !object.key
      .slice(prefix.length)
      .split('/')
      .some((part) => part.startsWith('_') || part.startsWith('.'));
  });
}

export function parseS3Location(location: string | undefined): { bucket: string; key: string } | undefined {
  const match = /^s3a?n?:\/\/([^/]+)\/?(.*)$/.exec(location ?? '');
  return match ? { bucket: match[1], key: match[2] } : undefined;
}

export function defaultPartitionLocation(table: Table, partition: Partition): string {
  const base = (table.StorageDescriptor?.Location ?? '').replace(/\/+$/, '');
  const path = (table.PartitionKeys ?? []).map((key, index) => `${key.Name}=${escapePathValue(partition.Values?.[index] ?? '')}`).join('/');
  return `${base}/${path}/`;
}

const PATH_SPECIALS = '"#%\'*/:=?\\{[]^';

/** Hive escapes control characters and these in partition directory names as %XX. */
export function escapePathValue(value: string): string {
  let escaped = '';
  for (const char of value) {
    const code = char.charCodeAt(0);
    escaped += code < 0x20 || code === 0x7f || PATH_SPECIALS.includes(char) ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : char;
  }
  return escaped;
}

interface TypedColumn {
  name: string;
  type: SqlType;
  duckdb: string;
}

function typed(column: Column): TypedColumn {
  const type = parseHiveType(column.Type ?? 'string');
  return { name: (column.Name ?? '').toLowerCase(), type, duckdb: duckdbType(type) };
}

interface Reader {
  projection: string[];
  from(paths: string[]): string;
}

async function readerFor(
  format: StorageFormat,
  table: Table,
  columns: TypedColumn[],
  files: StoredObject[],
  probe: SchemaProbe,
): Promise<Reader> {
  const serdeParameters = table.StorageDescriptor?.SerdeInfo?.Parameters ?? {};
  const skip = Number(table.Parameters?.['skip.header.line.count'] ?? serdeParameters['skip.header.line.count'] ?? 0) || 0;
  const fileList = (paths: string[]) => `[${paths.map(quoteString).join(', ')}]`;
  switch (format) {
    case 'text': {
      const fallback = table.Parameters?.classification?.toLowerCase() === 'csv' ? ',' : '\u0001';
      const delimiter = hiveSeparator(serdeParameters['field.delim'] ?? serdeParameters['serialization.format'], fallback);
      const collection = hiveSeparator(serdeParameters['colelction.delim'] ?? serdeParameters['collection.delim'], '\u0002');
      const nullFormat = serdeParameters['serialization.null.format'] ?? '\\N';
      const options = `header=false, skip=${skip}, auto_detect=false, columns=${varcharColumns(columns)}, delim=${quoteString(delimiter)}, quote='', escape='', nullstr=${quoteString(nullFormat)}, null_padding=true, strict_mode=false`;
      return {
        projection: columns.map((column, index) => `${textCast(`c${index}`, column, collection)} AS ${quoteIdentifier(column.name)}`),
        from: (paths) => `read_csv(${fileList(paths)}, ${options})`,
      };
    }
    case 'opencsv': {
      const separator = serdeParameters.separatorChar ?? ',';
      const quote = serdeParameters.quoteChar ?? '"';
      const escape = serdeParameters.escapeChar ?? '\\';
      const names = columns.map((_column, index) => quoteString(`c${index}`)).join(', ');
      const options = `header=false, skip=${skip}, auto_detect=false, columns=${varcharColumns(columns)}, delim=${quoteString(separator)}, quote=${quoteString(quote)}, escape=${quoteString(escape)}, null_padding=true, strict_mode=false, force_not_null=[${names}]`;
      return {
        projection: columns.map((column, index) => `${textCast(`c${index}`, column, undefined)} AS ${quoteIdentifier(column.name)}`),
        from: (paths) => `read_csv(${fileList(paths)}, ${options})`,
      };
    }
    case 'json': {
      const keys = files.length > 0 ? await probe.jsonKeys(files) : [];
      // The JSON SerDes match keys case-insensitively (or by `mapping.<column>`); DuckDB matches exactly.
      const variants = (column: TypedColumn): string[] => {
        const mapped = serdeParameters[`mapping.${column.name}`];
        if (mapped) return [mapped];
        const found = keys.filter((key) => key.toLowerCase() === column.name);
        return found.length > 0 ? found : [column.name];
      };
      const ignoreMalformed = (serdeParameters['ignore.malformed.json'] ?? '').toLowerCase() === 'true';
      if (columns.every((column) => variants(column).length === 1)) {
        const readTypes = columns.map((column) => (isScalar(column.type) ? 'VARCHAR' : column.duckdb));
        const spec = `{${columns.map((column, index) => `${quoteString(variants(column)[0])}: ${quoteString(readTypes[index])}`).join(', ')}}`;
        const options = `format='newline_delimited', columns=${spec}${ignoreMalformed ? ', ignore_errors=true' : ''}`;
        return {
          projection: columns.map((column) => {
            const field = quoteIdentifier(variants(column)[0]);
            return `${isScalar(column.type) ? scalarCast(field, column) : field} AS ${quoteIdentifier(column.name)}`;
          }),
          from: (paths) => `read_json(${fileList(paths)}, ${options})`,
        };
      }
      // Several spellings of one key across records: extract each spelling from the whole object.
      return {
        projection: columns.map((column) => {
          const extract = isScalar(column.type) ? 'json_extract_string' : 'json_extract';
          const values = variants(column).map((key) => `${extract}("json", ${quoteString(`$."${key.replaceAll('"', '\\"')}"`)})`);
          const value = values.length > 1 ? `coalesce(${values.join(', ')})` : values[0];
          return `${isScalar(column.type) ? scalarCast(value, column) : `TRY_CAST(${value} AS ${column.duckdb})`} AS ${quoteIdentifier(column.name)}`;
        }),
        from: (paths) => `read_ndjson_objects(${fileList(paths)}${ignoreMalformed ? ', ignore_errors=true' : ''})`,
      };
    }
    case 'parquet': {
      const physical = files.length > 0 ? await probe.parquetColumns(files) : new Map<string, string>();
      return {
        projection: columns.map((column) => {
          const found =
            [...physical.keys()].find((name) => name === column.name) ??
            [...physical.keys()].find((name) => name.toLowerCase() === column.name);
          if (found === undefined) return `CAST(NULL AS ${column.duckdb}) AS ${quoteIdentifier(column.name)}`;
          const source = quoteIdentifier(found);
          const value = physical.get(found) === column.duckdb ? source : `CAST(${source} AS ${column.duckdb})`;
          return `${value} AS ${quoteIdentifier(column.name)}`;
        }),
        from: (paths) => `read_parquet(${fileList(paths)}, union_by_name=true)`,
      };
    }
  }
}

function varcharColumns(columns: TypedColumn[]): string {
  return `{${columns.map((_column, index) => `'c${index}': 'VARCHAR'`).join(', ')}}`;
}

/** Text fields hold strings; other types parse leniently (unparseable → NULL, as in Hive). */
function textCast(source: string, column: TypedColumn, collectionDelimiter: string | undefined): string {
  const field = quoteIdentifier(source);
  if (column.type.base === 'array' && collectionDelimiter && isScalar(column.type.element!)) {
    const element = column.type.element!;
    const item = isString(element) ? 'trino_item' : `TRY_CAST(trino_item AS ${duckdbType(element)})`;
    return `list_transform(string_split(${field}, ${quoteString(collectionDelimiter)}), trino_item -> ${item})`;
  }
  if (!isScalar(column.type)) return `CAST(NULL AS ${column.duckdb})`;
  return scalarCast(field, column);
}

function scalarCast(field: string, column: TypedColumn): string {
  if (isString(column.type)) return field;
  if (column.type.base === 'boolean') return `CASE lower(trim(${field})) WHEN 'true' THEN true WHEN 'false' THEN false END`;
  return `TRY_CAST(${field} AS ${column.duckdb})`;
}

function isScalar(type: SqlType): boolean {
  return !['array', 'map', 'struct'].includes(type.base);
}

function isString(type: SqlType): boolean {
  return ['string', 'varchar', 'char'].includes(type.base);
}

/** Hive reads a numeric separator setting as a byte code (`'1'` is \u0001); otherwise its first character. */
function hiveSeparator(value: string | undefined, fallback: string): string {
  if (value === undefined || value === '') return fallback;
  if (/^[0-9]+$/.test(value)) return String.fromCharCode(Number(value));
  return value[0];
}

function partitionLiteral(value: string | undefined, column: TypedColumn): string {
  if (value === undefined || value === '__HIVE_DEFAULT_PARTITION__') return `CAST(NULL AS ${column.duckdb})`;
  return isString(column.type) ? quoteString(value) : `TRY_CAST(${quoteString(value)} AS ${column.duckdb})`;
}

function emptyRelation(columns: TypedColumn[]): string {
  if (columns.length === 0) return 'SELECT 1 WHERE false';
  return `SELECT ${columns.map((column) => `CAST(NULL AS ${column.duckdb}) AS ${quoteIdentifier(column.name)}`).join(', ')} WHERE false`;
}
