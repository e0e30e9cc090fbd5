import type { Column, Partition, Table } from '@aws-sdk/client-glue';
import type { ObjectStore, StoredObject } from './lake';
import { isProjected, projectedGroups } from './partition-projection';
import { defaultPartitionLocation, filesAt } from './s3-locations';
import { quoteIdentifier, quoteString } from './sql-lexer';
import { readerFor, storageFormat, type SchemaProbe, type TableColumn } from './table-readers';
import { duckType, isCharacter, parseType } from './trino/types';

/**
 * A catalog table as a DuckDB relation over the S3 store's files, read by local path (the SQL of
 * a view; nothing is copied). Like Athena it reads the objects under the table's LOCATION — or,
 * for a partitioned table, under each registered (or projected) partition's location, adding the
 * partition values as columns — and offers the pseudo-columns `$path`, `$file_size`,
 * `$file_modified_time` and, for a partitioned table, `$partition`. It also tells which files each partition holds, so a query that prunes
 * partitions is charged only for the files it reads.
 */
export interface TableSource {
  /** `SELECT …` over the files: the table's columns, its partition keys, then the pseudo-columns. */
  sql: string;
  /** Every file the relation reads. */
  files: StoredObject[];
  /** Changes whenever the SQL would change. */
  signature: string;
  /** Local path → `s3://bucket/key`, to name files in error messages as Athena does. */
  locations: Map<string, string>;
  /** The partition keys (DuckDB types) and the files of each partition. */
  partitions?: { keys: Array<{ name: string; duckdb: string }>; groups: FileGroup[] };
}

export interface FileGroup {
  files: StoredObject[];
  partitionValues: string[];
}

export { UnsupportedTableFormat, type SchemaProbe } from './table-readers';

export async function buildTableSource(
  table: Table,
  partitions: Partition[],
  store: ObjectStore,
  probe: SchemaProbe,
): Promise<TableSource> {
  const format = storageFormat(table);
  const columns = (table.StorageDescriptor?.Columns ?? []).map(typed);
  const partitionKeys = (table.PartitionKeys ?? []).map(typed);
  let groups: FileGroup[];
  if (partitionKeys.length === 0) groups = [{ files: filesAt(store, table.StorageDescriptor?.Location), partitionValues: [] }];
  else if (isProjected(table)) groups = projectedGroups(table, store);
  else
    groups = partitions.map((partition) => ({
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
    const file = quoteIdentifier(reader.fileColumn);
    const pseudo = [
      `${fileMap(group.files, (stored) => quoteString(`s3://${stored.bucket}/${stored.key}`))}[${file}] AS ${quoteIdentifier('$path')}`,
      `CAST(${fileMap(group.files, (stored) => String(stored.size))}[${file}] AS BIGINT) AS ${quoteIdentifier('$file_size')}`,
      `trino_tstz(${fileMap(group.files, (stored) => `TIMESTAMPTZ ${quoteString(stored.lastModified.toISOString())}`)}[${file}], 'UTC') AS ${quoteIdentifier('$file_modified_time')}`,
    ];
    if (partitionKeys.length > 0)
      pseudo.push(`${quoteString(partitionName(partitionKeys, group.partitionValues))} AS ${quoteIdentifier('$partition')}`);
    return `SELECT ${[...reader.projection, ...partitionColumns, ...pseudo].join(', ')} FROM ${reader.from(group.files.map((stored) => stored.file))}`;
  });
  const sql = selects.length > 0 ? selects.join('\nUNION ALL\n') : emptyRelation([...columns, ...partitionKeys], partitionKeys.length > 0);
  return {
    sql,
    files,
    signature: sql,
    locations,
    partitions:
      partitionKeys.length > 0
        ? { keys: partitionKeys.map((key) => ({ name: key.name, duckdb: duckType(key.type) })), groups: nonEmpty }
        : undefined,
  };
}

function typed(column: Column): TableColumn {
  return { name: (column.Name ?? '').toLowerCase(), type: parseType(column.Type ?? 'string', 'hive') };
}

function fileMap(files: StoredObject[], value: (file: StoredObject) => string): string {
  return `MAP {${files.map((file) => `${quoteString(file.file)}: ${value(file)}`).join(', ')}}`;
}

export function partitionLiteral(value: string | undefined, column: TableColumn): string {
  if (value === undefined || value === '__HIVE_DEFAULT_PARTITION__') return `CAST(NULL AS ${duckType(column.type)})`;
  return isCharacter(column.type) ? quoteString(value) : `TRY_CAST(${quoteString(value)} AS ${duckType(column.type)})`;
}

function emptyRelation(columns: TableColumn[], partitioned: boolean): string {
  const items = columns.map((column) => `CAST(NULL AS ${duckType(column.type)}) AS ${quoteIdentifier(column.name)}`);
  items.push(
    `CAST(NULL AS VARCHAR) AS ${quoteIdentifier('$path')}`,
    `CAST(NULL AS BIGINT) AS ${quoteIdentifier('$file_size')}`,
    `trino_tstz(CAST(NULL AS TIMESTAMPTZ), 'UTC') AS ${quoteIdentifier('$file_modified_time')}`,
  );
  if (partitioned) items.push(`CAST(NULL AS VARCHAR) AS ${quoteIdentifier('$partition')}`);
  return `SELECT ${items.join(', ')} WHERE false`;
}

/** Hive's partition name, `key=value/…`, with the characters Hive escapes in paths as %XX. */
function partitionName(keys: TableColumn[], values: string[]): string {
  const escape = (text: string) =>
    [...text]
      .map((char) =>
        char.charCodeAt(0) < 0x20 || '"#%\'*/:=?\\\u007f{[]^'.includes(char)
          ? `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`
          : char,
      )
      .join('');
  return keys.map((key, index) => `${escape(key.name)}=${escape(values[index] ?? '__HIVE_DEFAULT_PARTITION__')}`).join('/');
}
