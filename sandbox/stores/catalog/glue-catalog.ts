import type {
  BatchCreatePartitionCommandInput,
  BatchDeletePartitionCommandInput,
  BatchDeleteTableCommandInput,
  CreateDatabaseCommandInput,
  CreatePartitionCommandInput,
  CreateTableCommandInput,
  Database,
  DeleteDatabaseCommandInput,
  DeletePartitionCommandInput,
  DeleteTableCommandInput,
  Partition,
  PartitionError,
  PartitionInput,
  Table,
  TableError,
  TableInput,
  UpdateTableCommandInput,
} from '@aws-sdk/client-glue';
import { AlreadyExistsException, EntityNotFoundException, InvalidInputException } from './errors';

/**
 * The Glue Data Catalog: databases, their tables, each table's registered partitions, with
 * Glue's rules for changing them (names folded to lower case "for Hive compatibility", the
 * errors Glue answers). A store shared by the services that use it: Glue serves it over its API,
 * Athena's DDL changes it and its queries read it directly (no copies), watching `revision` /
 * `CatalogTable.revision` to know when a table's relation must be rebuilt.
 *
 * Writes take Glue's own request shapes, so a service writes the catalog exactly as a Glue
 * client would, minus the wire.
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

  constructor(private readonly accountId: string) {}

  // --- Reads --------------------------------------------------------------------------------------

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

  /** The database, or Glue's EntityNotFoundException. */
  existingDatabase(name: string | undefined): CatalogDatabase {
    const database = this.database(requiredName(name, 'DatabaseName'));
    if (!database) throw EntityNotFoundException.database(name!);
    return database;
  }

  /** The table, or Glue's EntityNotFoundException. */
  existingTable(databaseName: string | undefined, tableName: string | undefined): CatalogTable {
    const database = this.existingDatabase(databaseName);
    const entry = database.tables.get(requiredName(tableName, 'Name').toLowerCase());
    if (!entry) throw EntityNotFoundException.table(tableName!);
    return entry;
  }

  // --- Writes, with Glue's rules ------------------------------------------------------------------

  createDatabase(input: CreateDatabaseCommandInput): void {
    const name = requiredName(input.DatabaseInput?.Name, 'DatabaseInput.Name');
    if (this.database(name)) throw new AlreadyExistsException('Database');
    this.databases.set(name.toLowerCase(), {
      database: {
        Name: name.toLowerCase(),
        Description: input.DatabaseInput?.Description,
        LocationUri: input.DatabaseInput?.LocationUri,
        Parameters: input.DatabaseInput?.Parameters ?? {},
        CreateTime: new Date(),
        CreateTableDefaultPermissions: input.DatabaseInput?.CreateTableDefaultPermissions ?? [
          { Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] },
        ],
        CatalogId: this.accountId,
      },
      tables: new Map(),
    });
    this.revision++;
  }

  /** Deleting a database deletes its tables and their partitions, as Glue does. */
  deleteDatabase(input: DeleteDatabaseCommandInput): void {
    const database = this.existingDatabase(input.Name);
    this.databases.delete(database.database.Name!);
    this.revision++;
  }

  createTable(input: CreateTableCommandInput): void {
    const database = this.existingDatabase(input.DatabaseName);
    const name = requiredName(input.TableInput?.Name, 'TableInput.Name');
    if (database.tables.has(name.toLowerCase())) throw new AlreadyExistsException('Table');
    const now = new Date();
    this.putTable(database, {
      ...this.tableFrom(input.TableInput!, database.database.Name!),
      CreateTime: now,
      UpdateTime: now,
      VersionId: '0',
    });
  }

  updateTable(input: UpdateTableCommandInput): void {
    const entry = this.existingTable(input.DatabaseName, input.TableInput?.Name);
    const previous = entry.table;
    this.putTable(this.existingDatabase(previous.DatabaseName), {
      ...this.tableFrom(input.TableInput!, previous.DatabaseName!),
      CreateTime: previous.CreateTime,
      UpdateTime: new Date(),
      VersionId: String(Number(previous.VersionId ?? '0') + 1),
    });
  }

  deleteTable(input: DeleteTableCommandInput): void {
    const entry = this.existingTable(input.DatabaseName, input.Name);
    this.removeTable(entry.table.DatabaseName!, entry.table.Name!);
  }

  batchDeleteTable(input: BatchDeleteTableCommandInput): { Errors: TableError[] } {
    const database = this.existingDatabase(input.DatabaseName);
    const errors: TableError[] = [];
    for (const name of input.TablesToDelete ?? []) {
      if (!this.removeTable(database.database.Name!, name)) {
        errors.push({ TableName: name, ErrorDetail: { ErrorCode: 'EntityNotFoundException', ErrorMessage: `Table ${name} not found.` } });
      }
    }
    return { Errors: errors };
  }

  createPartition(input: CreatePartitionCommandInput): void {
    this.addPartition(this.existingTable(input.DatabaseName, input.TableName), input.PartitionInput);
  }

  batchCreatePartition(input: BatchCreatePartitionCommandInput): { Errors: PartitionError[] } {
    const entry = this.existingTable(input.DatabaseName, input.TableName);
    const errors: PartitionError[] = [];
    for (const partitionInput of input.PartitionInputList ?? []) {
      try {
        this.addPartition(entry, partitionInput);
      } catch (error) {
        if (!(error instanceof AlreadyExistsException || error instanceof InvalidInputException)) throw error;
        errors.push({ PartitionValues: partitionInput.Values, ErrorDetail: { ErrorCode: error.code, ErrorMessage: error.message } });
      }
    }
    return { Errors: errors };
  }

  deletePartition(input: DeletePartitionCommandInput): void {
    const entry = this.existingTable(input.DatabaseName, input.TableName);
    if (!this.removePartition(entry, input.PartitionValues ?? [])) throw EntityNotFoundException.partition();
  }

  batchDeletePartition(input: BatchDeletePartitionCommandInput): { Errors: PartitionError[] } {
    const entry = this.existingTable(input.DatabaseName, input.TableName);
    const errors: PartitionError[] = [];
    for (const values of input.PartitionsToDelete ?? []) {
      if (!this.removePartition(entry, values.Values ?? [])) {
        const error = EntityNotFoundException.partition();
        errors.push({ PartitionValues: values.Values, ErrorDetail: { ErrorCode: error.code, ErrorMessage: error.message } });
      }
    }
    return { Errors: errors };
  }

  // --- Internals ----------------------------------------------------------------------------------

  private putTable(database: CatalogDatabase, table: Table): void {
    const key = table.Name!.toLowerCase();
    const existing = database.tables.get(key);
    this.revision++;
    database.tables.set(key, { table, partitions: existing?.partitions ?? new Map(), revision: this.revision });
  }

  private removeTable(databaseName: string, tableName: string): boolean {
    const removed = this.database(databaseName)?.tables.delete(tableName.toLowerCase()) ?? false;
    if (removed) this.revision++;
    return removed;
  }

  private addPartition(entry: CatalogTable, input: PartitionInput | undefined): void {
    const values = input?.Values ?? [];
    const keys = entry.table.PartitionKeys ?? [];
    if (values.length !== keys.length) {
      throw new InvalidInputException(
        `The number of partition values (${values.length}) does not match the number of partition keys (${keys.length}) of table ${entry.table.Name}.`,
      );
    }
    if (entry.partitions.has(partitionKey(values))) throw new AlreadyExistsException('Partition');
    entry.partitions.set(partitionKey(values), {
      Values: [...values],
      DatabaseName: entry.table.DatabaseName,
      TableName: entry.table.Name,
      CreationTime: new Date(),
      LastAccessTime: input?.LastAccessTime,
      StorageDescriptor: copy(input?.StorageDescriptor),
      Parameters: copy(input?.Parameters ?? {}),
      CatalogId: this.accountId,
    });
    entry.revision = ++this.revision;
  }

  private removePartition(entry: CatalogTable, values: string[]): boolean {
    const removed = entry.partitions.delete(partitionKey(values));
    if (removed) entry.revision = ++this.revision;
    return removed;
  }

  private tableFrom(input: TableInput, databaseName: string): Table {
    return {
      ...copy(input),
      Name: input.Name!.toLowerCase(),
      DatabaseName: databaseName,
      PartitionKeys: copy(input.PartitionKeys ?? []),
      TableType: input.TableType,
      Parameters: copy(input.Parameters ?? {}),
      Retention: input.Retention ?? 0,
      CreatedBy: `arn:aws:iam::${this.accountId}:root`,
      IsRegisteredWithLakeFormation: false,
      CatalogId: this.accountId,
    };
  }
}

export function partitionKey(values: readonly string[] | undefined): string {
  return JSON.stringify(values ?? []);
}

function requiredName(name: string | undefined, member: string): string {
  if (!name)
    throw new InvalidInputException(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  return name;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Callers get copies, so nothing outside the catalog can change a stored entry. */
export function copy<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}
