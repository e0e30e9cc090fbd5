import type { GlueCatalog } from './lake';
import { quoteString } from './sql-lexer';
import { parseHiveType, type SqlType } from './sql-types';

/**
 * Athena's `information_schema` (schemata, tables, columns, views) built from the Glue catalog,
 * with Trino's type names (`varchar`, `integer`, `decimal(10,2)`, `array(varchar)`), so schema
 * checks read what Athena would answer rather than DuckDB's own catalog. The dialect rewrite points
 * `information_schema.<name>` at these relations.
 *
 * Fidelity gap: only the columns listed below exist (Trino has a few more in `tables`), and
 * `views` is always empty (the sandbox has no Athena views).
 */
export const INFORMATION_SCHEMA_PREFIX = 'trino_information_schema_';

export const INFORMATION_SCHEMA_RELATIONS = ['schemata', 'tables', 'columns', 'views'] as const;

export function informationSchemaViews(catalog: GlueCatalog): Record<(typeof INFORMATION_SCHEMA_RELATIONS)[number], string> {
  const databases = catalog.allDatabases();
  const schemata = [['awsdatacatalog', 'information_schema'], ...databases.map((entry) => ['awsdatacatalog', entry.database.Name!])];
  const tables: string[][] = [];
  const columns: Array<Array<string | number | null>> = [];
  for (const database of databases) {
    for (const entry of catalog.tables(database.database.Name!)) {
      const table = entry.table;
      tables.push(['awsdatacatalog', database.database.Name!, table.Name!, 'BASE TABLE']);
      const all = [
        ...(table.StorageDescriptor?.Columns ?? []).map((column) => ({ column, extra: null })),
        ...(table.PartitionKeys ?? []).map((column) => ({ column, extra: 'partition key' })),
      ];
      all.forEach(({ column, extra }, index) => {
        columns.push([
          'awsdatacatalog',
          database.database.Name!,
          table.Name!,
          column.Name!.toLowerCase(),
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
  return {
    schemata: relation(['catalog_name VARCHAR', 'schema_name VARCHAR'], schemata),
    tables: relation(['table_catalog VARCHAR', 'table_schema VARCHAR', 'table_name VARCHAR', 'table_type VARCHAR'], tables),
    columns: relation(
      [
        'table_catalog VARCHAR',
        'table_schema VARCHAR',
        'table_name VARCHAR',
        'column_name VARCHAR',
        'ordinal_position BIGINT',
        'column_default VARCHAR',
        'is_nullable VARCHAR',
        'data_type VARCHAR',
        'comment VARCHAR',
        'extra_info VARCHAR',
      ],
      columns,
    ),
    views: relation(['table_catalog VARCHAR', 'table_schema VARCHAR', 'table_name VARCHAR', 'view_definition VARCHAR'], []),
  };
}

/** A Hive (Glue) type in Trino's spelling, as Athena's information_schema shows it. */
export function trinoTypeName(hive: string): string {
  let type: SqlType;
  try {
    type = parseHiveType(hive);
  } catch {
    return hive;
  }
  return spell(type);
}

function spell(type: SqlType): string {
  switch (type.base) {
    case 'string':
      return 'varchar';
    case 'int':
    case 'integer':
      return 'integer';
    case 'float':
    case 'real':
      return 'real';
    case 'binary':
      return 'varbinary';
    case 'timestamp':
      return 'timestamp(3)';
    case 'decimal':
    case 'numeric':
      return `decimal(${type.params?.[0] ?? 10},${type.params?.[1] ?? 0})`;
    case 'array':
      return `array(${spell(type.element!)})`;
    case 'map':
      return `map(${spell(type.key!)}, ${spell(type.value!)})`;
    case 'struct':
      return `row(${type.fields!.map((field) => `${field.name} ${spell(field.type)}`).join(', ')})`;
    default:
      return type.params?.length ? `${type.base}(${type.params.join(',')})` : type.base;
  }
}

function relation(columns: string[], rows: Array<Array<string | number | null>>): string {
  const names = columns.map((column) => column.split(' ')[0]);
  const types = columns.map((column) => column.split(' ')[1]);
  if (rows.length === 0) return `SELECT ${names.map((name, index) => `CAST(NULL AS ${types[index]}) AS ${name}`).join(', ')} WHERE false`;
  const values = rows.map(
    (row) =>
      `(${row.map((value, index) => `CAST(${value === null ? 'NULL' : typeof value === 'number' ? value : quoteString(value)} AS ${types[index]})`).join(', ')})`,
  );
  return `SELECT * FROM (VALUES ${values.join(', ')}) AS t(${names.join(', ')})`;
}
