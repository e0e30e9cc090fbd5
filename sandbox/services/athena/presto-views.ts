import type { Table, TableInput } from '@aws-sdk/client-glue';
import { hiveTypeName, parseType, typeName, type TrinoType } from './trino/types';

/**
 * Athena views as Athena stores them in the Glue catalog: a VIRTUAL_VIEW table whose
 * ViewOriginalText is `/* Presto View: <base64 JSON> *\/` — the JSON holds the original SQL, the
 * catalog and schema it was created in and its columns with Trino types — and whose columns carry
 * the Hive spelling of those types.
 */
export interface ViewDefinition {
  originalSql: string;
  catalog: string;
  schema: string;
  columns: Array<{ name: string; type: TrinoType }>;
}

const PREFIX = '/* Presto View: ';
const SUFFIX = ' */';

export function isView(table: Table): boolean {
  return table.TableType === 'VIRTUAL_VIEW';
}

export function viewTableInput(name: string, definition: ViewDefinition, now: Date): TableInput {
  const json = {
    originalSql: definition.originalSql,
    catalog: definition.catalog,
    schema: definition.schema,
    columns: definition.columns.map((column) => ({ name: column.name, type: typeName(column.type) })),
    owner: 'postflight',
    runAsInvoker: false,
    properties: {},
  };
  return {
    Name: name,
    TableType: 'VIRTUAL_VIEW',
    Owner: 'postflight',
    Retention: 0,
    ViewOriginalText: `${PREFIX}${Buffer.from(JSON.stringify(json)).toString('base64')}${SUFFIX}`,
    ViewExpandedText: '/* Presto View */',
    StorageDescriptor: {
      Columns: definition.columns.map((column) => ({ Name: column.name, Type: hiveSpelling(column.type) })),
      SerdeInfo: {},
      Location: '',
    },
    PartitionKeys: [],
    Parameters: { presto_view: 'true', comment: 'Presto View', transient_lastDdlTime: String(Math.floor(now.getTime() / 1000)) },
  };
}

/** The definition stored in a view's catalog entry (undefined when the entry is not an Athena view). */
export function viewDefinition(table: Table): ViewDefinition | undefined {
  const text = table.ViewOriginalText ?? '';
  if (!text.startsWith(PREFIX) || !text.endsWith(SUFFIX)) return undefined;
  try {
    const json = JSON.parse(Buffer.from(text.slice(PREFIX.length, -SUFFIX.length), 'base64').toString('utf8')) as {
      originalSql: string;
      catalog?: string;
      schema?: string;
      columns: Array<{ name: string; type: string }>;
    };
    return {
      originalSql: json.originalSql,
      catalog: json.catalog ?? 'awsdatacatalog',
      schema: json.schema ?? table.DatabaseName ?? 'default',
      columns: json.columns.map((column) => ({ name: column.name.toLowerCase(), type: parseType(column.type) })),
    };
  } catch {
    return undefined;
  }
}

/** Columns of a view in Glue's Hive spelling (types Hive lacks are shown as Trino spells them). */
function hiveSpelling(type: TrinoType): string {
  try {
    return hiveTypeName(type);
  } catch {
    return typeName(type);
  }
}
