import type { Database, Partition, Table } from '@aws-sdk/client-glue';

/**
 * The Data Catalog's state: databases, their tables, each table's registered partitions. It is
 * the single source of truth for Athena, which reads it directly (no copies) and watches
 * `revision` / `CatalogTable.revision` to know when a table's relation must be rebuilt.
 * Names are stored lower-cased, as Glue folds them "for Hive compatibility".
 */
export interface CatalogTable {
  table: Table;
  /** Keyed by `partitionKey(values)`, in insertion order. */
  partitions: Map<string, Partition>;
  /** The catalog revision of the table's last change (its own or a partition's): unique across re-creations. */
  revision: number;
}

export interface CatalogDatabase {
  database: Database;
  tables: Map<string, CatalogTable>;
}

export class GlueCatalog {
  private readonly databases = new Map<string, CatalogDatabase>();
  /** Bumped on every change anywhere in the catalog. */
  revision = 0;

  database(name: string): CatalogDatabase | undefined {
    return this.databases.get(name.toLowerCase());
  }

  allDatabases(): CatalogDatabase[] {
    return [...this.databases.values()].sort((a, b) => compareNames(a.database.Name!, b.database.Name!));
  }

  table(databaseName: string, tableName: string): CatalogTable | undefined {
    return this.database(databaseName)?.tables.get(tableName.toLowerCase());
  }

  tables(databaseName: string): CatalogTable[] {
    const database = this.database(databaseName);
    if (!database) return [];
    return [...database.tables.values()].sort((a, b) => compareNames(a.table.Name!, b.table.Name!));
  }

  putDatabase(database: Database): void {
    const key = database.Name!.toLowerCase();
    const existing = this.databases.get(key);
    this.databases.set(key, { database, tables: existing?.tables ?? new Map() });
    this.revision++;
  }

  removeDatabase(name: string): boolean {
    const removed = this.databases.delete(name.toLowerCase());
    if (removed) this.revision++;
    return removed;
  }

  putTable(databaseName: string, table: Table): CatalogTable {
    const database = this.database(databaseName)!;
    const key = table.Name!.toLowerCase();
    const existing = database.tables.get(key);
    this.revision++;
    const entry: CatalogTable = { table, partitions: existing?.partitions ?? new Map(), revision: this.revision };
    database.tables.set(key, entry);
    return entry;
  }

  removeTable(databaseName: string, tableName: string): boolean {
    const removed = this.database(databaseName)?.tables.delete(tableName.toLowerCase()) ?? false;
    if (removed) this.revision++;
    return removed;
  }

  putPartition(entry: CatalogTable, partition: Partition): void {
    entry.partitions.set(partitionKey(partition.Values ?? []), partition);
    entry.revision = ++this.revision;
  }

  removePartition(entry: CatalogTable, values: string[]): boolean {
    const removed = entry.partitions.delete(partitionKey(values));
    if (removed) entry.revision = ++this.revision;
    return removed;
  }
}

export function partitionKey(values: readonly string[]): string {
  return JSON.stringify(values);
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
