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
  UpdateTableCommandInput,
} from '@aws-sdk/client-glue';
import type { Provider } from '../../core/provider';
import { page } from '../../core/paging';
import { copy, partitionKey, type CatalogTable, type GlueCatalog } from '../../stores/catalog/glue-catalog';
import { EntityNotFoundException, InvalidInputException } from '../../stores/catalog/errors';
import { compilePartitionExpression } from './partition-expression';

/**
 * The Glue Data Catalog API (awsJson 1.1, `AWSGlue.<Op>`) over the shared catalog store
 * (`stores/catalog`), which holds the databases, tables and partitions and Glue's rules for
 * changing them; Athena's DDL writes the same store.
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

  constructor(private readonly catalog: GlueCatalog) {}

  createDatabase(input: CreateDatabaseCommandInput) {
    this.catalog.createDatabase(input);
    return {};
  }

  getDatabase(input: GetDatabaseCommandInput) {
    return { Database: copy(this.catalog.existingDatabase(input.Name).database) };
  }

  getDatabases(input: GetDatabasesCommandInput) {
    const databases = this.catalog.allDatabases().map((entry) => entry.database);
    const result = pageOf(databases, (database) => database.Name!, input.MaxResults, input.NextToken);
    return { DatabaseList: result.items.map(copy), NextToken: result.nextToken };
  }

  deleteDatabase(input: DeleteDatabaseCommandInput) {
    this.catalog.deleteDatabase(input);
    return {};
  }

  createTable(input: CreateTableCommandInput) {
    this.catalog.createTable(input);
    return {};
  }

  getTable(input: GetTableCommandInput) {
    return { Table: copy(this.catalog.existingTable(input.DatabaseName, input.Name).table) };
  }

  /** `Expression` is a name pattern: a regular expression in which a bare `*` also means "anything". */
  getTables(input: GetTablesCommandInput) {
    const database = this.catalog.existingDatabase(input.DatabaseName);
    let tables = this.catalog.tables(database.database.Name!).map((entry) => entry.table);
    if (input.Expression) {
      const pattern = namePattern(input.Expression);
      tables = tables.filter((table) => pattern.test(table.Name!));
    }
    const result = pageOf(tables, (table) => table.Name!, input.MaxResults, input.NextToken);
    return { TableList: result.items.map(copy), NextToken: result.nextToken };
  }

  updateTable(input: UpdateTableCommandInput) {
    this.catalog.updateTable(input);
    return {};
  }

  deleteTable(input: DeleteTableCommandInput) {
    this.catalog.deleteTable(input);
    return {};
  }

  batchDeleteTable(input: BatchDeleteTableCommandInput) {
    return this.catalog.batchDeleteTable(input);
  }

  createPartition(input: CreatePartitionCommandInput) {
    this.catalog.createPartition(input);
    return {};
  }

  batchCreatePartition(input: BatchCreatePartitionCommandInput) {
    return this.catalog.batchCreatePartition(input);
  }

  getPartition(input: GetPartitionCommandInput) {
    const entry = this.catalog.existingTable(input.DatabaseName, input.TableName);
    const partition = entry.partitions.get(partitionKey(input.PartitionValues));
    if (!partition) throw EntityNotFoundException.partition();
    return { Partition: copy(partition) };
  }

  getPartitions(input: GetPartitionsCommandInput) {
    const entry = this.catalog.existingTable(input.DatabaseName, input.TableName);
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
    const result = pageOf(partitions, (partition) => JSON.stringify(partition.Values), input.MaxResults, input.NextToken, 1000);
    const items = result.items.map((partition) =>
      input.ExcludeColumnSchema && partition.StorageDescriptor
        ? { ...copy(partition), StorageDescriptor: { ...copy(partition.StorageDescriptor), Columns: undefined } }
        : copy(partition),
    );
    return { Partitions: items, NextToken: result.nextToken };
  }

  deletePartition(input: DeletePartitionCommandInput) {
    this.catalog.deletePartition(input);
    return {};
  }

  batchDeletePartition(input: BatchDeletePartitionCommandInput) {
    return this.catalog.batchDeletePartition(input);
  }
}

/**
 * Glue's Get* paging: the token names the last item returned (not an offset), so items created
 * or deleted between pages do not shift the rest.
 */
function pageOf<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  maxResults: number | undefined,
  token: string | undefined,
  defaultSize = 100,
) {
  return page(items, {
    size: maxResults ?? defaultSize,
    token,
    keyOf,
    invalidToken: () => new InvalidInputException('Invalid pagination token.'),
  });
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
