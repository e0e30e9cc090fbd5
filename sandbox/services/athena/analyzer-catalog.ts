import { qualifiedView } from './catalog-views';
import { INFORMATION_SCHEMA_PREFIX, INFORMATION_SCHEMA_COLUMNS } from './information-schema';
import type { Lake } from './lake';
import { isView, viewDefinition } from './presto-views';
import type { AnalyzerCatalog, CatalogRelation } from './trino/query-analyzer';
import { SemanticError } from './trino/syntax-error';
import { parseType, TypeParseError } from './trino/types';

/**
 * The Glue catalog as query analysis sees it: a table's columns and partition keys with Trino
 * types (from Glue's Hive spellings), an Athena view's definition, and the catalog-backed
 * information_schema relations.
 */
export class LakeAnalyzerCatalog implements AnalyzerCatalog {
  constructor(private readonly lake: Lake) {}

  databaseExists(name: string): boolean {
    return name === 'information_schema' || this.lake.catalog.database(name) !== undefined;
  }

  relation(database: string, name: string): CatalogRelation | undefined {
    if (database === 'information_schema') {
      const columns = INFORMATION_SCHEMA_COLUMNS[name as keyof typeof INFORMATION_SCHEMA_COLUMNS];
      if (!columns) return undefined;
      return {
        kind: 'table',
        database,
        name,
        columns: columns.map(([column, type]) => ({ name: column, type: parseType(type), partitionKey: false })),
        sql: `memory.main.${INFORMATION_SCHEMA_PREFIX}${name}`,
      };
    }
    const entry = this.lake.catalog.table(database, name);
    if (!entry) return undefined;
    const table = entry.table;
    if (isView(table)) {
      const definition = viewDefinition(table);
      if (!definition)
        throw new SemanticError(
          'NOT_SUPPORTED',
          `The postflight sandbox cannot read the view ${database}.${name}: it is not an Athena (Presto) view`,
        );
      return { kind: 'view', database: definition.schema, name, columns: definition.columns, sql: definition.originalSql };
    }
    const typed = (column: { Name?: string; Type?: string }, partitionKey: boolean) => {
      try {
        return { name: (column.Name ?? '').toLowerCase(), type: parseType(column.Type ?? 'string', 'hive'), partitionKey };
      } catch (error) {
        if (error instanceof TypeParseError)
          throw new SemanticError(
            'HIVE_INVALID_METADATA',
            `Column ${column.Name} of ${database}.${name} has a type Athena cannot read: ${column.Type}`,
          );
        throw error;
      }
    };
    return {
      kind: 'table',
      database,
      name,
      columns: [
        ...(table.StorageDescriptor?.Columns ?? []).map((column) => typed(column, false)),
        ...(table.PartitionKeys ?? []).map((column) => typed(column, true)),
      ],
      sql: qualifiedView(database, name),
    };
  }
}
