import type { Column, Partition, PartitionInput, Table } from '@aws-sdk/client-glue';
import type { CatalogTable, GlueCatalog } from '../../stores/catalog/glue-catalog';
import type { ObjectStore } from '../../stores/objects/object-store';
import { QueryFailure } from './errors';
import type { HiveStatement, PartitionSpec, TableName } from './hive-ddl';
import { glueColumn, tableInputFor } from './hive-table-definition';
import { EMPTY_RESULT, utilityColumn, type StatementResult } from './statement-result';
import { defaultPartitionLocation, escapePathValue, filesAt, parseS3Location } from './table-views';

/**
 * Runs Hive DDL and utility statements against the Glue catalog (through the Glue provider's own
 * operations, so the catalog stays the single source of truth) and answers Athena's rows. Failures
 * read as Athena's Hive path reports them (`FAILED: SemanticException [Error 10001]: Table not
 * found t`).
 *
 * Fidelity gaps: the Hive wording of the partition failures and MSCK REPAIR TABLE's output lines
 * follow Hive's but were not checked against Athena; MSCK results carry no ColumnInfo.
 */
export class HiveDdlExecutor {
  constructor(
    private readonly catalog: GlueCatalog,
    private readonly store: ObjectStore,
  ) {}

  run(statement: HiveStatement, database: string): StatementResult {
    switch (statement.kind) {
      case 'createDatabase':
        return this.createDatabase(statement);
      case 'dropDatabase':
        return this.dropDatabase(statement);
      case 'createTable':
        return this.createTable(statement, database);
      case 'dropTable':
        return this.dropTable(statement, database);
      case 'addPartitions':
        return this.addPartitions(statement, database);
      case 'dropPartitions':
        return this.dropPartitions(statement, database);
      case 'addColumns':
        return this.alterTable(statement.table, database, (table) => {
          const existing = new Set(
            [...(table.StorageDescriptor?.Columns ?? []), ...(table.PartitionKeys ?? [])].map((column) => column.Name),
          );
          const duplicate = statement.columns.find((column) => existing.has(column.name));
          if (duplicate) throw QueryFailure.hive(`FAILED: SemanticException [Error 10036]: Duplicate column name: ${duplicate.name}`);
          table.StorageDescriptor = {
            ...table.StorageDescriptor,
            Columns: [...(table.StorageDescriptor?.Columns ?? []), ...statement.columns.map(glueColumn)],
          };
        });
      case 'setTableProperties':
        return this.alterTable(statement.table, database, (table) => {
          table.Parameters = { ...table.Parameters, ...statement.properties };
        });
      case 'setLocation':
        return this.alterTable(statement.table, database, (table) => {
          table.StorageDescriptor = { ...table.StorageDescriptor, Location: statement.location };
        });
      case 'repairTable':
        return this.repairTable(statement.table, database);
      case 'showPartitions':
        return this.showPartitions(statement.table, database);
      case 'showTables':
        return this.showTables(statement.database ?? database, statement.pattern);
      case 'showDatabases':
        return this.showDatabases(statement.pattern);
      case 'showColumns':
        return this.showColumns(statement.table, database);
      case 'showTableProperties':
        return this.showTableProperties(statement.table, database);
      case 'showCreateTable':
        return this.showCreateTable(statement.table, database);
      case 'describe':
        return this.describe(statement.table, database);
    }
  }

  private createDatabase(statement: Extract<HiveStatement, { kind: 'createDatabase' }>): StatementResult {
    if (this.catalog.database(statement.name)) {
      if (statement.ifNotExists) return EMPTY_RESULT;
      throw QueryFailure.hive(
        `FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. Database ${statement.name} already exists`,
      );
    }
    this.catalog.createDatabase({
      DatabaseInput: {
        Name: statement.name,
        Description: statement.comment,
        LocationUri: statement.location,
        Parameters: statement.properties,
      },
    });
    return EMPTY_RESULT;
  }

  private dropDatabase(statement: Extract<HiveStatement, { kind: 'dropDatabase' }>): StatementResult {
    const database = this.catalog.database(statement.name);
    if (!database) {
      if (statement.ifExists) return EMPTY_RESULT;
      throw databaseMissing(statement.name);
    }
    if (database.tables.size > 0 && !statement.cascade) {
      throw QueryFailure.hive(
        `FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. InvalidOperationException(message:Database ${statement.name} is not empty. One or more tables exist.)`,
      );
    }
    this.catalog.deleteDatabase({ Name: statement.name });
    return EMPTY_RESULT;
  }

  private createTable(statement: Extract<HiveStatement, { kind: 'createTable' }>, contextDatabase: string): StatementResult {
    const databaseName = statement.table.database ?? contextDatabase;
    if (!this.catalog.database(databaseName)) throw databaseMissing(databaseName);
    if (this.catalog.table(databaseName, statement.table.name)) {
      if (statement.ifNotExists) return EMPTY_RESULT;
      throw QueryFailure.hive(
        `FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. AlreadyExistsException(message:Table ${statement.table.name} already exist)`,
      );
    }
    const names = new Set<string>();
    for (const column of [...statement.columns, ...statement.partitionKeys]) {
      if (names.has(column.name)) throw QueryFailure.hive(`FAILED: SemanticException [Error 10036]: Duplicate column name: ${column.name}`);
      names.add(column.name);
    }
    this.catalog.createTable({ DatabaseName: databaseName, TableInput: tableInputFor(statement, new Date()) });
    return EMPTY_RESULT;
  }

  private dropTable(statement: Extract<HiveStatement, { kind: 'dropTable' }>, contextDatabase: string): StatementResult {
    const databaseName = statement.table.database ?? contextDatabase;
    if (!this.catalog.table(databaseName, statement.table.name)) {
      if (statement.ifExists) return EMPTY_RESULT;
      throw tableMissing(statement.table);
    }
    this.catalog.deleteTable({ DatabaseName: databaseName, Name: statement.table.name });
    return EMPTY_RESULT;
  }

  private addPartitions(statement: Extract<HiveStatement, { kind: 'addPartitions' }>, contextDatabase: string): StatementResult {
    const entry = this.partitionedTable(statement.table, contextDatabase);
    const inputs: PartitionInput[] = [];
    for (const partition of statement.partitions) {
      const values = partitionValues(entry.table, partition.spec, true)!;
      const exists = this.catalog.table(entry.table.DatabaseName!, entry.table.Name!)!.partitions.has(JSON.stringify(values));
      if (exists || inputs.some((input) => JSON.stringify(input.Values) === JSON.stringify(values))) {
        if (statement.ifNotExists) continue;
        throw QueryFailure.hive(
          `FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. AlreadyExistsException(message:Partition already exists: ${partitionPath(entry.table, values)})`,
        );
      }
      inputs.push(this.partitionInput(entry.table, values, partition.location));
    }
    for (const input of inputs)
      this.catalog.createPartition({ DatabaseName: entry.table.DatabaseName, TableName: entry.table.Name, PartitionInput: input });
    return EMPTY_RESULT;
  }

  private dropPartitions(statement: Extract<HiveStatement, { kind: 'dropPartitions' }>, contextDatabase: string): StatementResult {
    const entry = this.partitionedTable(statement.table, contextDatabase);
    const doomed = new Map<string, Partition>();
    for (const spec of statement.partitions) {
      const matches = [...entry.partitions.values()].filter((partition) => matchesSpec(entry.table, partition, spec));
      if (matches.length === 0 && !statement.ifExists) {
        throw QueryFailure.hive(
          `FAILED: SemanticException [Error 10006]: Partition not found (${spec.map(([key, value]) => `${key} = '${value}'`).join(' AND ')})`,
        );
      }
      for (const partition of matches) doomed.set(JSON.stringify(partition.Values), partition);
    }
    if (doomed.size > 0) {
      this.catalog.batchDeletePartition({
        DatabaseName: entry.table.DatabaseName,
        TableName: entry.table.Name,
        PartitionsToDelete: [...doomed.values()].map((partition) => ({ Values: partition.Values })),
      });
    }
    return EMPTY_RESULT;
  }

  private alterTable(name: TableName, contextDatabase: string, change: (table: Table) => void): StatementResult {
    const entry = this.existingTable(name, contextDatabase);
    const table = structuredClone(entry.table);
    change(table);
    this.catalog.updateTable({
      DatabaseName: table.DatabaseName,
      TableInput: {
        Name: table.Name,
        Description: table.Description,
        Owner: table.Owner,
        Retention: table.Retention,
        StorageDescriptor: table.StorageDescriptor,
        PartitionKeys: table.PartitionKeys,
        TableType: table.TableType,
        Parameters: table.Parameters,
      },
    });
    return EMPTY_RESULT;
  }

  /** MSCK REPAIR TABLE: registers every `k=v/` prefix under the table's location not yet in the catalog. */
  private repairTable(name: TableName, contextDatabase: string): StatementResult {
    const entry = this.existingTable(name, contextDatabase);
    const keys = entry.table.PartitionKeys ?? [];
    if (keys.length === 0) return EMPTY_RESULT;
    const location = entry.table.StorageDescriptor?.Location ?? '';
    const parsed = parseS3Location(location);
    const prefix = parsed ? (parsed.key === '' || parsed.key.endsWith('/') ? parsed.key : `${parsed.key}/`) : '';
    const found = new Map<string, string[]>();
    for (const object of filesAt(this.store, location)) {
      const parts = object.key.slice(prefix.length).split('/').slice(0, -1);
      if (parts.length < keys.length) continue;
      const values: string[] = [];
      for (let index = 0; index < keys.length; index++) {
        const match = /^([^=]+)=(.*)$/.exec(parts[index]);
        if (!match || match[1].toLowerCase() !== keys[index].Name!.toLowerCase()) break;
        values.push(decodePathValue(match[2]));
      }
      if (values.length === keys.length) found.set(JSON.stringify(values), values);
    }
    const missing = [...found.values()]
      .filter((values) => !entry.partitions.has(JSON.stringify(values)))
      .sort((a, b) => partitionPath(entry.table, a).localeCompare(partitionPath(entry.table, b)));
    if (missing.length === 0) return EMPTY_RESULT;
    const tableName = entry.table.Name!;
    this.catalog.batchCreatePartition({
      DatabaseName: entry.table.DatabaseName,
      TableName: tableName,
      PartitionInputList: missing.map((values) => this.partitionInput(entry.table, values, undefined)),
    });
    const rows = [
      [`Partitions not in metastore:\t${missing.map((values) => `${tableName}:${partitionPath(entry.table, values)}`).join('\t')}`],
      ...missing.map((values) => [`Repair: Added partition to metastore ${tableName}:${partitionPath(entry.table, values)}`]),
    ];
    return { columns: [], rows, scannedBytes: 0 };
  }

  private showPartitions(name: TableName, contextDatabase: string): StatementResult {
    const entry = this.existingTable(name, contextDatabase);
    if ((entry.table.PartitionKeys ?? []).length === 0) {
      throw QueryFailure.hive(`FAILED: SemanticException [Error 10241]: Table ${name.name} is not a partitioned table`);
    }
    const paths = [...entry.partitions.values()].map((partition) => partitionPath(entry.table, partition.Values ?? [])).sort();
    return { columns: [utilityColumn('partition')], rows: paths.map((path) => [path]), scannedBytes: 0 };
  }

  private showTables(databaseName: string, pattern: string | undefined): StatementResult {
    if (!this.catalog.database(databaseName)) throw databaseMissing(databaseName);
    const matcher = hivePattern(pattern);
    const names = this.catalog
      .tables(databaseName)
      .map((entry) => entry.table.Name!)
      .filter((name) => matcher(name));
    return { columns: [utilityColumn('tab_name')], rows: names.map((name) => [name]), scannedBytes: 0 };
  }

  private showDatabases(pattern: string | undefined): StatementResult {
    const matcher = hivePattern(pattern);
    const names = this.catalog
      .allDatabases()
      .map((entry) => entry.database.Name!)
      .filter((name) => matcher(name));
    return { columns: [utilityColumn('database_name')], rows: names.map((name) => [name]), scannedBytes: 0 };
  }

  private showColumns(name: TableName, contextDatabase: string): StatementResult {
    const table = this.existingTable(name, contextDatabase).table;
    const columns = [...(table.StorageDescriptor?.Columns ?? []), ...(table.PartitionKeys ?? [])];
    return { columns: [utilityColumn('field')], rows: columns.map((column) => [padded(column.Name!)]), scannedBytes: 0 };
  }

  private showTableProperties(name: TableName, contextDatabase: string): StatementResult {
    const table = this.existingTable(name, contextDatabase).table;
    const rows = Object.entries(table.Parameters ?? {}).map(([key, value]) => [`${key}\t${value}`]);
    return { columns: [utilityColumn('prpt_name'), utilityColumn('prpt_value')], rows, scannedBytes: 0 };
  }

  /** DESCRIBE as Athena's Hive path prints it: each field padded to 20 characters, tab-separated. */
  private describe(name: TableName, contextDatabase: string): StatementResult {
    const table = this.existingTable(name, contextDatabase).table;
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

  private showCreateTable(name: TableName, contextDatabase: string): StatementResult {
    const table = this.existingTable(name, contextDatabase).table;
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

  private existingTable(name: TableName, contextDatabase: string): CatalogTable {
    const databaseName = name.database ?? contextDatabase;
    const entry = this.catalog.table(databaseName, name.name);
    if (!entry) throw tableMissing(name);
    return entry;
  }

  private partitionedTable(name: TableName, contextDatabase: string): CatalogTable {
    const entry = this.existingTable(name, contextDatabase);
    if ((entry.table.PartitionKeys ?? []).length === 0) {
      throw QueryFailure.hive(`FAILED: SemanticException table is not partitioned but partition spec exists`);
    }
    return entry;
  }

  private partitionInput(table: Table, values: string[], location: string | undefined): PartitionInput {
    const descriptor = structuredClone(table.StorageDescriptor ?? {});
    descriptor.Location = location ?? defaultPartitionLocation(table, { Values: values });
    return { Values: values, StorageDescriptor: descriptor, Parameters: {} };
  }
}

function databaseMissing(name: string): QueryFailure {
  return QueryFailure.hive(`FAILED: SemanticException [Error 10072]: Database does not exist: ${name}`);
}

function tableMissing(name: TableName): QueryFailure {
  return QueryFailure.hive(
    `FAILED: SemanticException [Error 10001]: Table not found ${name.database ? `${name.database}.` : ''}${name.name}`,
  );
}

/** Orders a spec by the table's partition keys; `full` demands every key. */
function partitionValues(table: Table, spec: PartitionSpec, full: boolean): string[] | undefined {
  const keys = table.PartitionKeys ?? [];
  for (const [key] of spec) {
    if (!keys.some((candidate) => candidate.Name!.toLowerCase() === key.toLowerCase())) {
      throw QueryFailure.hive(
        `FAILED: SemanticException [Error 10098]: Non-Partition column appears in the partition specification:  ${key}`,
      );
    }
  }
  const values = keys.map((key) => spec.find(([name]) => name.toLowerCase() === key.Name!.toLowerCase())?.[1]);
  if (full && values.some((value) => value === undefined)) {
    throw QueryFailure.hive(
      `FAILED: ValidationFailureSemanticException partition spec {${spec.map(([key, value]) => `${key}=${value}`).join(', ')}} doesn't contain all (${keys.length}) partition columns`,
    );
  }
  return values as string[];
}

function matchesSpec(table: Table, partition: Partition, spec: PartitionSpec): boolean {
  const keys = table.PartitionKeys ?? [];
  partitionValues(table, spec, false);
  return spec.every(([key, value]) => {
    const index = keys.findIndex((candidate) => candidate.Name!.toLowerCase() === key.toLowerCase());
    return partition.Values?.[index] === value;
  });
}

export function partitionPath(table: Table, values: string[]): string {
  return (table.PartitionKeys ?? []).map((key, index) => `${key.Name}=${escapePathValue(values[index] ?? '')}`).join('/');
}

function decodePathValue(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Hive's SHOW pattern: `*` matches anything, `|` separates alternatives, case-insensitive. */
function hivePattern(pattern: string | undefined): (name: string) => boolean {
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
