import type { GlueCatalog } from './lake';
import { isView, viewDefinition } from './presto-views';
import { quoteIdentifier, quoteString } from './sql-lexer';
import { duckType, parseType, typeName, type TrinoType } from './trino/types';

/**
 * Athena's `information_schema` (schemata, tables, columns, views) built from the Glue catalog,
 * with Trino's type names (`varchar`, `integer`, `decimal(10,2)`, `array(varchar)`), so schema
 * checks read what Athena would answer rather than DuckDB's own catalog. Query analysis resolves
 * `information_schema.<name>` to these relations.
 *
 * Fidelity gap: only the columns listed below exist (Trino has a few more in `tables`).
 */
export const INFORMATION_SCHEMA_PREFIX = 'trino_information_schema_';

/** Each relation's columns with their Trino types. */
export const INFORMATION_SCHEMA_COLUMNS = {
  schemata: [
    ['catalog_name', 'varchar'],
    ['schema_name', 'varchar'],
  ],
  tables: [
    ['table_catalog', 'varchar'],
    ['table_schema', 'varchar'],
    ['table_name', 'varchar'],
    ['table_type', 'varchar'],
  ],
  columns: [
    ['table_catalog', 'varchar'],
    ['table_schema', 'varchar'],
    ['table_name', 'varchar'],
    ['column_name', 'varchar'],
    ['ordinal_position', 'bigint'],
    ['column_default', 'varchar'],
    ['is_nullable', 'varchar'],
    ['data_type', 'varchar'],
    ['comment', 'varchar'],
    ['extra_info', 'varchar'],
  ],
  views: [
    ['table_catalog', 'varchar'],
    ['table_schema', 'varchar'],
    ['table_name', 'varchar'],
    ['view_definition', 'varchar'],
  ],
} as const satisfies Record<string, ReadonlyArray<readonly [string, string]>>;

type Relation = keyof typeof INFORMATION_SCHEMA_COLUMNS;
type Value = string | number | null;

export function informationSchemaViews(catalog: GlueCatalog): Record<Relation, string> {
  const databases = catalog.allDatabases();
  const rows: Record<Relation, Value[][]> = {
    schemata: [['awsdatacatalog', 'information_schema'], ...databases.map((entry) => ['awsdatacatalog', entry.database.Name ?? ''])],
    tables: [],
    columns: [],
    views: [],
  };
  for (const database of databases) {
    const databaseName = database.database.Name ?? '';
    for (const entry of catalog.tables(databaseName)) {
      const table = entry.table;
      const tableName = table.Name ?? '';
      const view = isView(table) ? viewDefinition(table) : undefined;
      rows.tables.push(['awsdatacatalog', databaseName, tableName, view ? 'VIEW' : 'BASE TABLE']);
      if (view) {
        rows.views.push(['awsdatacatalog', databaseName, tableName, view.originalSql]);
        view.columns.forEach((column, index) =>
          rows.columns.push([
            'awsdatacatalog',
            databaseName,
            tableName,
            column.name,
            index + 1,
            null,
            'YES',
            typeName(column.type),
            null,
            null,
          ]),
        );
        continue;
      }
      const all = [
        ...(table.StorageDescriptor?.Columns ?? []).map((column) => ({ column, extra: null })),
        ...(table.PartitionKeys ?? []).map((column) => ({ column, extra: 'partition key' })),
      ];
      all.forEach(({ column, extra }, index) => {
        rows.columns.push([
          'awsdatacatalog',
          databaseName,
          tableName,
          (column.Name ?? '').toLowerCase(),
          index + 1,
          null,
          'YES',
          trinoTypeName(column.Type ?? 'string'),
          column.Comment ?? null,
          extra,
        ]);
      });
    }
  }
  const result = {} as Record<Relation, string>;
  for (const name of Object.keys(INFORMATION_SCHEMA_COLUMNS) as Relation[])
    result[name] = relation(INFORMATION_SCHEMA_COLUMNS[name], rows[name]);
  return result;
}

/** A Hive (Glue) type in Trino's spelling, as Athena's information_schema shows it. */
export function trinoTypeName(hive: string): string {
  try {
    return typeName(parseType(hive, 'hive'));
  } catch {
    return hive;
  }
}

function relation(columns: ReadonlyArray<readonly [string, string]>, rows: Value[][]): string {
  const types: TrinoType[] = columns.map(([, type]) => parseType(type));
  const names = columns.map(([name]) => quoteIdentifier(name));
  const cast = (value: Value, index: number) =>
    `CAST(${value === null ? 'NULL' : typeof value === 'number' ? value : quoteString(value)} AS ${duckType(types[index]!)})`;
  if (rows.length === 0) return `SELECT ${names.map((name, index) => `${cast(null, index)} AS ${name}`).join(', ')} WHERE false`;
  const values = rows.map((row) => `(${row.map(cast).join(', ')})`);
  return `SELECT * FROM (VALUES ${values.join(', ')}) AS t(${names.join(', ')})`;
}
