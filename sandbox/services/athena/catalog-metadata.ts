import { randomUUID } from 'node:crypto';
import type {
  GetDatabaseCommandInput,
  GetTableMetadataCommandInput,
  ListDatabasesCommandInput,
  ListTableMetadataCommandInput,
  TableMetadata,
} from '@aws-sdk/client-athena';
import type { Table } from '@aws-sdk/client-glue';
import type { GlueCatalog } from './lake';
import { page } from '../../core/paging';
import { InvalidRequestException, MetadataException } from './errors';

/**
 * Athena's view of the Glue catalog (ListDatabases, GetDatabase, ListTableMetadata,
 * GetTableMetadata). Table parameters carry the storage settings flattened as Athena shows them
 * (`location`, `inputformat`, `serde.serialization.lib`, `serde.param.<k>`).
 *
 * Fidelity gap: the MetadataException wording for a missing database, table or catalog was not
 * checked against AWS (it relays Glue's `Entity Not Found` as Athena does elsewhere).
 */
export class CatalogMetadata {
  constructor(private readonly catalog: GlueCatalog) {}

  listDatabases(input: ListDatabasesCommandInput) {
    checkCatalog(input.CatalogName);
    const databases = this.catalog.allDatabases().map((entry) => ({
      Name: entry.database.Name,
      Description: entry.database.Description,
      Parameters: { ...(entry.database.Parameters ?? {}) },
    }));
    const { items, next } = paged(databases, input.MaxResults, input.NextToken);
    return { DatabaseList: items, NextToken: next };
  }

  getDatabase(input: GetDatabaseCommandInput) {
    checkCatalog(input.CatalogName);
    const entry = this.catalog.database(input.DatabaseName ?? '');
    if (!entry) throw entityNotFound();
    return {
      Database: {
        Name: entry.database.Name,
        Description: entry.database.Description,
        Parameters: { ...(entry.database.Parameters ?? {}) },
      },
    };
  }

  listTableMetadata(input: ListTableMetadataCommandInput) {
    checkCatalog(input.CatalogName);
    if (!this.catalog.database(input.DatabaseName ?? '')) throw entityNotFound();
    let tables = this.catalog.tables(input.DatabaseName!).map((entry) => entry.table);
    if (input.Expression) {
      const pattern = new RegExp(`^(?:${input.Expression.replace(/(^|[^.\])])\*/g, '$1.*')})$`, 'i');
      tables = tables.filter((table) => pattern.test(table.Name!));
    }
    const { items, next } = paged(tables.map(tableMetadata), input.MaxResults, input.NextToken);
    return { TableMetadataList: items, NextToken: next };
  }

  getTableMetadata(input: GetTableMetadataCommandInput) {
    checkCatalog(input.CatalogName);
    const entry = this.catalog.table(input.DatabaseName ?? '', input.TableName ?? '');
    if (!entry) throw entityNotFound();
    return { TableMetadata: tableMetadata(entry.table) };
  }
}

function tableMetadata(table: Table): TableMetadata {
  const descriptor = table.StorageDescriptor ?? {};
  const parameters: Record<string, string> = { ...(table.Parameters ?? {}) };
  if (descriptor.Location) parameters.location = descriptor.Location;
  if (descriptor.InputFormat) parameters.inputformat = descriptor.InputFormat;
  if (descriptor.OutputFormat) parameters.outputformat = descriptor.OutputFormat;
  if (descriptor.SerdeInfo?.SerializationLibrary) parameters['serde.serialization.lib'] = descriptor.SerdeInfo.SerializationLibrary;
  for (const [key, value] of Object.entries(descriptor.SerdeInfo?.Parameters ?? {})) parameters[`serde.param.${key}`] = value;
  const column = (entry: { Name?: string; Type?: string; Comment?: string }) => ({
    Name: entry.Name,
    Type: entry.Type,
    Comment: entry.Comment,
  });
  return {
    Name: table.Name,
    CreateTime: table.CreateTime,
    LastAccessTime: table.LastAccessTime,
    TableType: table.TableType,
    Columns: (descriptor.Columns ?? []).map(column),
    PartitionKeys: (table.PartitionKeys ?? []).map(column),
    Parameters: parameters,
  };
}

function checkCatalog(name: string | undefined): void {
  if (name && name.toLowerCase() !== 'awsdatacatalog') throw new MetadataException(`Catalog ${name} does not exist`);
}

/** Glue's not-found as Athena relays it. */
function entityNotFound(): MetadataException {
  return new MetadataException(
    `Entity Not Found (Service: AmazonDataCatalog; Status Code: 400; Error Code: EntityNotFoundException; Request ID: ${randomUUID()}; Proxy: null)`,
  );
}

function paged<T>(items: T[], maxResults: number | undefined, nextToken: string | undefined): { items: T[]; next?: string } {
  const invalidToken = () => InvalidRequestException.invalidInput(`Malformed nextPageToken ${nextToken}`);
  const listed = page(items, { size: Math.min(maxResults ?? 50, 50), token: nextToken, invalidToken });
  return { items: listed.items, next: listed.nextToken };
}
