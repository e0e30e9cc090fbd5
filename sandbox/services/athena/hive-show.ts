import type { Column } from '@aws-sdk/client-glue';
import { databaseMissing, existingTable } from './catalog-lookup';
import { QueryFailure } from './errors';
import type { TableName } from './hive-statements';
import type { Lake } from './lake';
import { partitionPath } from './partition-ddl';
import { utilityColumn, type StatementResult } from './statement-result';

/** SHOW PARTITIONS / TABLES / DATABASES / COLUMNS / TBLPROPERTIES / CREATE TABLE and DESCRIBE, as Athena's Hive path prints them. */
export class HiveShowStatements {
  constructor(private readonly lake: Lake) {}

  showPartitions(name: TableName, contextDatabase: string): StatementResult {
    const entry = existingTable(this.lake, name, contextDatabase);
    if ((entry.table.PartitionKeys ?? []).length === 0) {
      throw QueryFailure.hive(`FAILED: SemanticException [Error 10241]: Table ${name.name} is not a partitioned table`);
    }
    const paths = [...entry.partitions.values()].map((partition) => partitionPath(entry.table, partition.Values ?? [])).sort();
    return { columns: [utilityColumn('partition')], rows: paths.map((path) => [path]), scannedBytes: 0 };
  }

  showTables(databaseName: string, pattern: string | undefined): StatementResult {
    if (!this.lake.catalog.database(databaseName)) throw databaseMissing(databaseName);
    const matcher = hivePattern(pattern);
    const names = this.lake.catalog
      .tables(databaseName)
      .map((entry) => entry.table.Name!)
      .filter((name) => matcher(name));
    return { columns: [utilityColumn('tab_name')], rows: names.map((name) => [name]), scannedBytes: 0 };
  }

  showDatabases(pattern: string | undefined): StatementResult {
    const matcher = hivePattern(pattern);
    const names = this.lake.catalog
      .allDatabases()
      .map((entry) => entry.database.Name!)
      .filter((name) => matcher(name));
    return { columns: [utilityColumn('database_name')], rows: names.map((name) => [name]), scannedBytes: 0 };
  }

  showColumns(name: TableName, contextDatabase: string): StatementResult {
    const table = existingTable(this.lake, name, contextDatabase).table;
    const columns = [...(table.StorageDescriptor?.Columns ?? []), ...(table.PartitionKeys ?? [])];
    return { columns: [utilityColumn('field')], rows: columns.map((column) => [padded(column.Name!)]), scannedBytes: 0 };
  }

  showTableProperties(name: TableName, contextDatabase: string): StatementResult {
    const table = existingTable(this.lake, name, contextDatabase).table;
    const rows = Object.entries(table.Parameters ?? {}).map(([key, value]) => [`${key}\t${value}`]);
    return { columns: [utilityColumn('prpt_name'), utilityColumn('prpt_value')], rows, scannedBytes: 0 };
  }

  /** DESCRIBE as Athena's Hive path prints it: each field padded to 20 characters, tab-separated. */
  describe(name: TableName, contextDatabase: string): StatementResult {
    const table = existingTable(this.lake, name, contextDatabase).table;
    const line = (column: Column) => `${padded(column.Name!)}\t${padded(column.Type ?? '')}\t${padded(column.Comment ?? '')}`;
    const partitionKeys = table.PartitionKeys ?? [];
    const lines = [...(table.StorageDescriptor?.Columns ?? []), ...partitionKeys].map(line);
    if (partitionKeys.length > 0) {
      lines.push(
        '\t \t ',
        '# Partition Information\t \t ',
        `${padded('# col_name')}\t${padded('data_type')}\t${padded('comment')}`,
        '\t \t ',
        ...partitionKeys.map(line),
      );
    }
    return { columns: ['col_name', 'data_type', 'comment'].map(utilityColumn), rows: lines.map((text) => [text]), scannedBytes: 0 };
  }

  showCreateTable(name: TableName, contextDatabase: string): StatementResult {
    const table = existingTable(this.lake, name, contextDatabase).table;
    const descriptor = table.StorageDescriptor ?? {};
    const columnLines = (columns: Column[]) =>
      columns.map(
        (column, index) =>
          `  \`${column.Name}\` ${column.Type}${column.Comment ? ` COMMENT '${column.Comment}'` : ''}${index < columns.length - 1 ? ',' : ''}`,
      );
    const lines = [`CREATE EXTERNAL TABLE \`${table.DatabaseName}\`.\`${table.Name}\`(`, ...columnLines(descriptor.Columns ?? []), ')'];
    if ((table.PartitionKeys ?? []).length > 0) lines.push('PARTITIONED BY ( ', ...columnLines(table.PartitionKeys ?? []), ')');
    lines.push('ROW FORMAT SERDE ', `  '${descriptor.SerdeInfo?.SerializationLibrary ?? ''}' `);
    const serdeParameters = Object.entries(descriptor.SerdeInfo?.Parameters ?? {});
    if (serdeParameters.length > 0) {
      lines.push(
        'WITH SERDEPROPERTIES ( ',
        ...serdeParameters.map(([key, value], index) => `  '${key}'='${value}'${index < serdeParameters.length - 1 ? ', ' : ')'}`),
      );
    }
    lines.push(
      'STORED AS INPUTFORMAT ',
      `  '${descriptor.InputFormat ?? ''}' `,
      'OUTPUTFORMAT ',
      `  '${descriptor.OutputFormat ?? ''}'`,
      'LOCATION',
      `  '${descriptor.Location ?? ''}'`,
    );
    const properties = Object.entries(table.Parameters ?? {}).filter(([key]) => key !== 'EXTERNAL' && key !== 'transient_lastDdlTime');
    if (properties.length > 0)
      lines.push(
        'TBLPROPERTIES (',
        ...properties.map(([key, value], index) => `  '${key}'='${value}'${index < properties.length - 1 ? ', ' : ')'}`),
      );
    return { columns: [utilityColumn('createtab_stmt')], rows: lines.map((text) => [text]), scannedBytes: 0 };
  }
}

/** Hive's SHOW pattern: `*` matches anything, `|` separates alternatives, case-insensitive. */
export function hivePattern(pattern: string | undefined): (name: string) => boolean {
  if (!pattern) return () => true;
  const alternatives = pattern.split('|').map((part) =>
    part
      .trim()
      .replace(/[.+?^${}()[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*'),
  );
  const regex = new RegExp(`^(?:${alternatives.join('|')})$`, 'i');
  return (name) => regex.test(name);
}

function padded(text: string): string {
  return text.length >= 20 ? text : text.padEnd(20, ' ');
}
