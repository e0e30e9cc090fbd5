import type { Table } from '@aws-sdk/client-glue';
import type { StoredObject } from './lake';
import { quoteIdentifier, quoteString } from './sql-lexer';
import { duckType, isCharacter, type TrinoType } from './trino/types';

/**
 * How each storage format's files become columns of their declared types, as Athena's SerDes
 * read them: LazySimpleSerDe text (unparseable values are NULL, as in Hive), OpenCSVSerDe (only
 * strings, booleans, integers and doubles are parsed, a DATE is a count of days since 1970 and a
 * TIMESTAMP milliseconds since 1970, and a value that does not parse fails with HIVE_BAD_DATA),
 * JSON lines (keys matched case-insensitively, or by `mapping.<column>`) and Parquet (columns
 * matched by name). Timestamps keep milliseconds, as Athena's timestamp(3) does.
 *
 * Fidelity gaps: LazySimpleSerDe's `escape.delim` and its map/struct text encodings are not
 * decoded (only arrays of scalars); timestamps in text files also accept the ISO `T` separator;
 * Parquet columns are cast to the declared type where Athena would refuse an incompatible
 * physical type with HIVE_BAD_DATA; nested JSON keys match case-sensitively;
 * `skip.footer.line.count` is ignored.
 */
export type StorageFormat = 'text' | 'opencsv' | 'json' | 'parquet';

export class UnsupportedTableFormat extends Error {}

export interface TableColumn {
  name: string;
  type: TrinoType;
}

/** What the engine learns by peeking at files: key and column names, with DuckDB types. */
export interface SchemaProbe {
  parquetColumns(files: StoredObject[]): Promise<Map<string, string>>;
  jsonKeys(files: StoredObject[]): Promise<string[]>;
}

export interface Reader {
  /** One SQL expression per column (`… AS "name"`). */
  projection: string[];
  /** The table function reading these files. */
  from(paths: string[]): string;
  /** Its column holding each row's file path (for `$path` and `$file_size`). */
  fileColumn: string;
}

/**
 * DuckDB's readers have a virtual `filename` column, read only when a query uses it. Where a
 * file has a column of that name, the reader is asked for the path under another name instead.
 */
const VIRTUAL_FILE_COLUMN = 'filename';
const NAMED_FILE_COLUMN = 'trino_file';

function fileColumnFor(names: Iterable<string>): { option: string; column: string } {
  const collides = [...names].some((name) => name.toLowerCase() === VIRTUAL_FILE_COLUMN);
  return collides
    ? { option: `, filename=${quoteString(NAMED_FILE_COLUMN)}`, column: NAMED_FILE_COLUMN }
    : { option: '', column: VIRTUAL_FILE_COLUMN };
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

export async function readerFor(
  format: StorageFormat,
  table: Table,
  columns: TableColumn[],
  files: StoredObject[],
  probe: SchemaProbe,
): Promise<Reader> {
  const serdeParameters = table.StorageDescriptor?.SerdeInfo?.Parameters ?? {};
  const skip = Number(table.Parameters?.['skip.header.line.count'] ?? serdeParameters['skip.header.line.count'] ?? 0) || 0;
  const fileList = (paths: string[]) => `[${paths.map(quoteString).join(', ')}]`;
  // Delimited text is read with positional column names (c0, c1, …), which never collide.
  const positional = fileColumnFor([]);
  switch (format) {
    case 'text': {
      const fallback = table.Parameters?.classification?.toLowerCase() === 'csv' ? ',' : '\u0001';
      const delimiter = hiveSeparator(serdeParameters['field.delim'] ?? serdeParameters['serialization.format'], fallback);
      const collection = hiveSeparator(serdeParameters['colelction.delim'] ?? serdeParameters['collection.delim'], '\u0002');
      const nullFormat = serdeParameters['serialization.null.format'] ?? '\\N';
      const options = `header=false, skip=${skip}, auto_detect=false, columns=${varcharColumns(columns)}, delim=${quoteString(delimiter)}, quote='', escape='', nullstr=${quoteString(nullFormat)}, null_padding=true, strict_mode=false${positional.option}`;
      return {
        fileColumn: positional.column,
        projection: columns.map(
          (column, index) => `${textValue(quoteIdentifier(`c${index}`), column, collection)} AS ${quoteIdentifier(column.name)}`,
        ),
        from: (paths) => `read_csv(${fileList(paths)}, ${options})`,
      };
    }
    case 'opencsv': {
      const separator = serdeParameters.separatorChar ?? ',';
      const quote = serdeParameters.quoteChar ?? '"';
      const escape = serdeParameters.escapeChar ?? '\\';
      const names = columns.map((_column, index) => quoteString(`c${index}`)).join(', ');
      const options = `header=false, skip=${skip}, auto_detect=false, columns=${varcharColumns(columns)}, delim=${quoteString(separator)}, quote=${quoteString(quote)}, escape=${quoteString(escape)}, null_padding=true, strict_mode=false, force_not_null=[${names}]${positional.option}`;
      return {
        fileColumn: positional.column,
        projection: columns.map(
          (column, index) => `${openCsvValue(quoteIdentifier(`c${index}`), column, index)} AS ${quoteIdentifier(column.name)}`,
        ),
        from: (paths) => `read_csv(${fileList(paths)}, ${options})`,
      };
    }
    case 'json': {
      const keys = files.length > 0 ? await probe.jsonKeys(files) : [];
      // The JSON SerDes match keys case-insensitively (or by `mapping.<column>`); DuckDB matches exactly.
      const variants = (column: TableColumn): string[] => {
        const mapped = serdeParameters[`mapping.${column.name}`];
        if (mapped) return [mapped];
        const found = keys.filter((key) => key.toLowerCase() === column.name);
        return found.length > 0 ? found : [column.name];
      };
      const ignoreMalformed = (serdeParameters['ignore.malformed.json'] ?? '').toLowerCase() === 'true';
      if (columns.every((column) => variants(column).length === 1)) {
        const readTypes = columns.map((column) => (isScalar(column.type) ? 'VARCHAR' : duckType(column.type)));
        const spec = `{${columns.map((column, index) => `${quoteString(variants(column)[0]!)}: ${quoteString(readTypes[index]!)}`).join(', ')}}`;
        const file = fileColumnFor(columns.map((column) => variants(column)[0]!));
        const options = `format='newline_delimited', columns=${spec}${ignoreMalformed ? ', ignore_errors=true' : ''}${file.option}`;
        return {
          fileColumn: file.column,
          projection: columns.map((column) => {
            const field = quoteIdentifier(variants(column)[0]!);
            return `${isScalar(column.type) ? scalarValue(field, column.type) : field} AS ${quoteIdentifier(column.name)}`;
          }),
          from: (paths) => `read_json(${fileList(paths)}, ${options})`,
        };
      }
      // Several spellings of one key across records: extract each spelling from the whole object.
      return {
        fileColumn: positional.column,
        projection: columns.map((column) => {
          const extract = isScalar(column.type) ? 'json_extract_string' : 'json_extract';
          const values = variants(column).map((key) => `${extract}("json", ${quoteString(`$."${key.replaceAll('"', '\\"')}"`)})`);
          const value = values.length > 1 ? `coalesce(${values.join(', ')})` : values[0]!;
          return `${isScalar(column.type) ? scalarValue(value, column.type) : `TRY_CAST(${value} AS ${duckType(column.type)})`} AS ${quoteIdentifier(column.name)}`;
        }),
        from: (paths) => `read_ndjson_objects(${fileList(paths)}${ignoreMalformed ? ', ignore_errors=true' : ''}${positional.option})`,
      };
    }
    case 'parquet': {
      const physical = files.length > 0 ? await probe.parquetColumns(files) : new Map<string, string>();
      const file = fileColumnFor(physical.keys());
      return {
        fileColumn: file.column,
        projection: columns.map((column) => {
          const found =
            [...physical.keys()].find((name) => name === column.name) ??
            [...physical.keys()].find((name) => name.toLowerCase() === column.name);
          const target = duckType(column.type);
          if (found === undefined) return `CAST(NULL AS ${target}) AS ${quoteIdentifier(column.name)}`;
          const source = quoteIdentifier(found);
          const value = physical.get(found) === target ? source : `CAST(${source} AS ${target})`;
          return `${column.type.name === 'timestamp' ? millis(value) : value} AS ${quoteIdentifier(column.name)}`;
        }),
        from: (paths) => `read_parquet(${fileList(paths)}, union_by_name=true${file.option})`,
      };
    }
  }
}

function varcharColumns(columns: TableColumn[]): string {
  return `{${columns.map((_column, index) => `'c${index}': 'VARCHAR'`).join(', ')}}`;
}

/** Text fields hold strings; other types parse leniently (unparseable → NULL, as in Hive). */
function textValue(field: string, column: TableColumn, collectionDelimiter: string): string {
  const type = column.type;
  if (type.name === 'array' && isScalar(type.element)) {
    const element = type.element;
    const item = isCharacter(element) ? 'trino_item' : `TRY_CAST(trino_item AS ${duckType(element)})`;
    return `list_transform(string_split(${field}, ${quoteString(collectionDelimiter)}), lambda trino_item: ${item})`;
  }
  if (!isScalar(type)) return `CAST(NULL AS ${duckType(type)})`;
  return scalarValue(field, type);
}

export function scalarValue(field: string, type: TrinoType): string {
  if (isCharacter(type)) return field;
  if (type.name === 'boolean') return `CASE lower(trim(${field})) WHEN 'true' THEN true WHEN 'false' THEN false END`;
  if (type.name === 'timestamp') return millis(`TRY_CAST(${field} AS TIMESTAMP)`);
  return `TRY_CAST(${field} AS ${duckType(type)})`;
}

/** OpenCSVSerDe: a DATE is days since 1970, a TIMESTAMP milliseconds since 1970; what does not parse is HIVE_BAD_DATA. */
function openCsvValue(field: string, column: TableColumn, index: number): string {
  const type = column.type;
  if (isCharacter(type)) return field;
  const badData = `error('HIVE_BAD_DATA: Error parsing field value ''' || ${field} || ''' for field ${index}: For input string: "' || ${field} || '"')`;
  const parsed = (value: string, check: string) => `CASE WHEN ${field} IS NULL THEN NULL WHEN ${check} THEN ${value} ELSE ${badData} END`;
  switch (type.name) {
    case 'date':
      return parsed(`CAST(DATE '1970-01-01' + CAST(${field} AS INTEGER) AS DATE)`, `regexp_full_match(${field}, '-?[0-9]+')`);
    case 'timestamp':
      return parsed(`make_timestamp(CAST(${field} AS BIGINT) * 1000)`, `regexp_full_match(${field}, '-?[0-9]+')`);
    case 'boolean':
      return `CASE lower(${field}) WHEN 'true' THEN true WHEN 'false' THEN false ELSE NULL END`;
    default:
      if (!isScalar(type)) return `CAST(NULL AS ${duckType(type)})`;
      return parsed(`CAST(${field} AS ${duckType(type)})`, `TRY_CAST(${field} AS ${duckType(type)}) IS NOT NULL`);
  }
}

/** Athena's timestamp(3): values are rounded to milliseconds. */
function millis(value: string): string {
  return `make_timestamp(CAST(floor((epoch_us(${value}) + 500) / 1000) AS BIGINT) * 1000)`;
}

function isScalar(type: TrinoType): boolean {
  return !['array', 'map', 'row'].includes(type.name);
}

/** Hive reads a numeric separator setting as a byte code (`'1'` is \u0001); otherwise its first character. */
function hiveSeparator(value: string | undefined, fallback: string): string {
  if (value === undefined || value === '') return fallback;
  if (/^[0-9]+$/.test(value)) return String.fromCharCode(Number(value));
  return value[0] ?? fallback;
}
