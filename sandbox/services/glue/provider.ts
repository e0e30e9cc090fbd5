import type {
  BatchCreatePartitionCommandInput,
  BatchDeletePartitionCommandInput,
  BatchDeleteTableCommandInput,
  CreateDatabaseCommandInput,
  CreatePartitionCommandInput,
  CreateTableCommandInput,
  DeleteDatabaseCommandInput,
  DeletePartitionCommandInput,
  DeleteTableCommandInput,
  GetDatabaseCommandInput,
  GetDatabasesCommandInput,
  GetPartitionCommandInput,
  GetPartitionsCommandInput,
  GetTableCommandInput,
  GetTablesCommandInput,
  Partition,
  PartitionError,
  PartitionInput,
  Table,
  TableError,
  TableInput,
  UpdateTableCommandInput,
} from '@aws-sdk/client-glue';
import type { Provider } from '../../protocol/operations';
import { GlueCatalog, type CatalogTable } from './catalog';
import { AlreadyExistsException, EntityNotFoundException, InvalidInputException } from './errors';
import { page } from './paging';
import { compilePartitionExpression } from './partition-expression';

export interface GlueDependencies {
  region: string;
  accountId: string;
}

/**
 * The Glue Data Catalog (awsJson 1.1, `AWSGlue.<Op>`): databases, tables and partitions. Athena
 * DDL writes here and Athena queries read from here (`catalog`).
 *
 * Fidelity gaps: table versions are counted but not kept (no GetTableVersions); GetPartitions
 * ignores `Segment` and returns partitions in key order; `CatalogId` is always the sandbox account;
 * the partition-count validation message is the sandbox's own.
 */
export class GlueProvider implements Provider {
  readonly serviceName = 'glue';
  readonly operations = [
    'CreateDatabase',
    'GetDatabase',
    'GetDatabases',
    'DeleteDatabase',
    'CreateTable',
    'GetTable',
    'GetTables',
    'UpdateTable',
    'DeleteTable',
    'BatchDeleteTable',
    'CreatePartition',
    'BatchCreatePartition',
    'GetPartition',
    'GetPartitions',
    'DeletePartition',
    'BatchDeletePartition',
  ] as const;
  readonly catalog = new GlueCatalog();

  constructor(readonly deps: GlueDependencies) {}

  createDatabase(input: CreateDatabaseCommandInput) {
    const name = requiredName(input.DatabaseInput?.Name, 'DatabaseInput.Name');
    if (this.catalog.database(name)) throw new AlreadyExistsException('Database');
    this.catalog.putDatabase({
      Name: name.toLowerCase(),
      Description: input.DatabaseInput?.Description,
      LocationUri: input.DatabaseInput?.LocationUri,
      Parameters: input.DatabaseInput?.Parameters ?? {},
      CreateTime: new Date(),
      CreateTableDefaultPermissions: input.DatabaseInput?.CreateTableDefaultPermissions ?? [
        { Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] },
      ],
      CatalogId: this.deps.accountId,
    });
    return {};
  }

  getDatabase(input: GetDatabaseCommandInput) {
    return { Database: copy(this.database(input.Name).database) };
  }

  getDatabases(input: GetDatabasesCommandInput) {
    const databases = this.catalog.allDatabases().map((entry) => entry.database);
    const result = page(databases, (database) => database.Name!, input.MaxResults, input.NextToken);
    return { DatabaseList: result.items.map(copy), NextToken: result.nextToken };
  }

  /** Deleting a database deletes its tables and their partitions, as Glue does. */
  deleteDatabase(input: DeleteDatabaseCommandInput) {
    this.database(input.Name);
    this.catalog.removeDatabase(input.Name!);
    return {};
  }

  createTable(input: CreateTableCommandInput) {
    const database = this.database(input.DatabaseName);
    const name = requiredName(input.TableInput?.Name, 'TableInput.Name');
    if (database.tables.has(name.toLowerCase())) throw new AlreadyExistsException('Table');
    const now = new Date();
    this.catalog.putTable(database.database.Name!, {
      ...this.tableFrom(input.TableInput!, database.database.Name!),
      CreateTime: now,
      UpdateTime: now,
      VersionId: '0',
    });
    return {};
  }

  getTable(input: GetTableCommandInput) {
    return { Table: copy(this.table(input.DatabaseName, input.Name).table) };
  }

  /** `Expression` is a name pattern: a regular expression in which a bare `*` also means "anything". */
  getTables(input: GetTablesCommandInput) {
    const database = this.database(input.DatabaseName);
    let tables = this.catalog.tables(database.database.Name!).map((entry) => entry.table);
    if (input.Expression) {
      const pattern = namePattern(input.Expression);
      tables = tables.filter((table) => pattern.test(table.Name!));
    }
    const result = page(tables, (table) => table.Name!, input.MaxResults, input.NextToken);
    return { TableList: result.items.map(copy), NextToken: result.nextToken };
  }

  updateTable(input: UpdateTableCommandInput) {
    const entry = this.table(input.DatabaseName, input.TableInput?.Name);
    const previous = entry.table;
    this.catalog.putTable(previous.DatabaseName!, {
      ...this.tableFrom(input.TableInput!, previous.DatabaseName!),
      CreateTime: previous.CreateTime,
      UpdateTime: new Date(),
      VersionId: String(Number(previous.VersionId ?? '0') + 1),
    });
    return {};
  }

  deleteTable(input: DeleteTableCommandInput) {
    const entry = this.table(input.DatabaseName, input.Name);
    this.catalog.removeTable(entry.table.DatabaseName!, entry.table.Name!);
    return {};
  }

  batchDeleteTable(input: BatchDeleteTableCommandInput) {
    const database = this.database(input.DatabaseName);
    const errors: TableError[] = [];
    for (const name of input.TablesToDelete ?? []) {
      if (!this.catalog.removeTable(database.database.Name!, name)) {
        errors.push({ TableName: name, ErrorDetail: { ErrorCode: 'EntityNotFoundException', ErrorMessage: `Table ${name} not found.` } });
      }
    }
    return { Errors: errors };
  }

  createPartition(input: CreatePartitionCommandInput) {
    const entry = this.table(input.DatabaseName, input.TableName);
    this.addPartition(entry, input.PartitionInput);
    return {};
  }

  batchCreatePartition(input: BatchCreatePartitionCommandInput) {
    const entry = this.table(input.DatabaseName, input.TableName);
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

  getPartition(input: GetPartitionCommandInput) {
    const entry = this.table(input.DatabaseName, input.TableName);
    const partition = this.findPartition(entry, input.PartitionValues);
    if (!partition) throw EntityNotFoundException.partition();
    return { Partition: copy(partition) };
  }

  getPartitions(input: GetPartitionsCommandInput) {
    const entry = this.table(input.DatabaseName, input.TableName);
    let partitions = sortedPartitions(entry);
    if (input.Expression?.trim()) {
      const keys = entry.table.PartitionKeys ?? [];
      const predicate = compilePartitionExpression(
        input.Expression,
        Object.fromEntries(keys.map((key) => [key.Name!, key.Type ?? 'string'])),
      );
      partitions = partitions.filter((partition) =>
        predicate(Object.fromEntries(keys.map((key, index) => [key.Name!, partition.Values?.[index] ?? '']))),
      );
    }
    const result = page(partitions, (partition) => JSON.stringify(partition.Values), input.MaxResults, input.NextToken, 1000);
    const items = result.items.map((partition) =>
      input.ExcludeColumnSchema && partition.StorageDescriptor
        ? { ...copy(partition), StorageDescriptor: { ...copy(partition.StorageDescriptor), Columns: undefined } }
        : copy(partition),
    );
    return { Partitions: items, NextToken: result.nextToken };
  }

  deletePartition(input: DeletePartitionCommandInput) {
    const entry = this.table(input.DatabaseName, input.TableName);
    if (!this.catalog.removePartition(entry, input.PartitionValues ?? [])) throw EntityNotFoundException.partition();
    return {};
  }

  batchDeletePartition(input: BatchDeletePartitionCommandInput) {
    const entry = this.table(input.DatabaseName, input.TableName);
    const errors: PartitionError[] = [];
    for (const values of input.PartitionsToDelete ?? []) {
      if (!this.catalog.removePartition(entry, values.Values ?? [])) {
        const error = EntityNotFoundException.partition();
        errors.push({ PartitionValues: values.Values, ErrorDetail: { ErrorCode: error.code, ErrorMessage: error.message } });
      }
    }
    return { Errors: errors };
  }

  private database(name: string | undefined) {
    const database = this.catalog.database(requiredName(name, 'DatabaseName'));
    if (!database) throw EntityNotFoundException.database(name!);
    return database;
  }

  private table(databaseName: string | undefined, tableName: string | undefined): CatalogTable {
    const database = this.database(databaseName);
    const entry = database.tables.get(requiredName(tableName, 'Name').toLowerCase());
    if (!entry) throw EntityNotFoundException.table(tableName!);
    return entry;
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
      CreatedBy: `arn:aws:iam::${this.deps.accountId}:root`,
      IsRegisteredWithLakeFormation: false,
      CatalogId: this.deps.accountId,
    };
  }

  private addPartition(entry: CatalogTable, input: PartitionInput | undefined): void {
    const values = input?.Values ?? [];
    const keys = entry.table.PartitionKeys ?? [];
    if (values.length !== keys.length) {
      throw new InvalidInputException(
        `The number of partition values (${values.length}) does not match the number of partition keys (${keys.length}) of table ${entry.table.Name}.`,
      );
    }
    if (this.findPartition(entry, values)) throw new AlreadyExistsException('Partition');
    const partition: Partition = {
      Values: [...values],
      DatabaseName: entry.table.DatabaseName,
      TableName: entry.table.Name,
      CreationTime: new Date(),
      LastAccessTime: input?.LastAccessTime,
      StorageDescriptor: copy(input?.StorageDescriptor),
      Parameters: copy(input?.Parameters ?? {}),
      CatalogId: this.deps.accountId,
    };
    this.catalog.putPartition(entry, partition);
  }

  private findPartition(entry: CatalogTable, values: string[] | undefined): Partition | undefined {
    return entry.partitions.get(JSON.stringify(values ?? []));
  }
}

function requiredName(name: string | undefined, member: string): string {
  if (!name)
    throw new InvalidInputException(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  return name;
}

function sortedPartitions(entry: CatalogTable): Partition[] {
  return [...entry.partitions.values()].sort((a, b) => {
    const left = JSON.stringify(a.Values);
    const right = JSON.stringify(b.Values);
    return left < right ? -1 : left > right ? 1 : 0;
  });
}

function namePattern(expression: string): RegExp {
  const source = expression.replace(/(^|[^.\])])\*/g, '$1.*');
  try {
    return new RegExp(`^(?:${source})$`, 'i');
  } catch {
    throw new InvalidInputException(`Invalid table name pattern: ${expression}`);
  }
}

/** Callers get copies, so nothing outside the catalog can change a stored entry. */
function copy<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}
