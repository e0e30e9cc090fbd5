import { QueryFailure } from './errors';
import type { TableName } from './hive-statements';
import type { CatalogTable, Lake } from './lake';

/** Catalog look-ups shared by the Hive statements, failing as Athena's Hive path reports it. */
export function existingTable(lake: Lake, name: TableName, contextDatabase: string): CatalogTable {
  const databaseName = name.database ?? contextDatabase;
  const entry = lake.catalog.table(databaseName, name.name);
  if (!entry) throw tableMissing(name);
  return entry;
}

export function databaseMissing(name: string): QueryFailure {
  return QueryFailure.hive(`FAILED: SemanticException [Error 10072]: Database does not exist: ${name}`);
}

export function tableMissing(name: TableName): QueryFailure {
  return QueryFailure.hive(
    `FAILED: SemanticException [Error 10001]: Table not found ${name.database ? `${name.database}.` : ''}${name.name}`,
  );
}
