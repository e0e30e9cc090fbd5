import type { Table } from '@aws-sdk/client-glue';
import { databaseMissing, existingTable, tableMissing } from './catalog-lookup';
import { QueryFailure } from './errors';
import type { HiveStatement, TableName } from './hive-statements';
import { HiveShowStatements } from './hive-show';
import { glueColumn, tableInputFor } from './hive-table-definition';
import type { Lake } from './lake';
import { PartitionDdl } from './partition-ddl';
import { EMPTY_RESULT, type StatementResult } from './statement-result';

/**
 * Runs Hive DDL and utility statements against the Glue catalog (through Glue's own operations,
 * so the catalog stays the single source of truth) and answers Athena's rows: databases and
 * tables here, partitions in partition-ddl.ts, SHOW and DESCRIBE in hive-show.ts. Failures read
 * as Athena's Hive path reports them (`FAILED: SemanticException [Error 10001]: Table not found t`).
 */
export class HiveDdlExecutor {
  private readonly partitions: PartitionDdl;
  private readonly show: HiveShowStatements;

  constructor(private readonly lake: Lake) {
    this.partitions = new PartitionDdl(lake);
    this.show = new HiveShowStatements(lake);
  }

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
        return this.partitions.addPartitions(statement, database);
      case 'dropPartitions':
        return this.partitions.dropPartitions(statement, database);
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
        return this.partitions.repairTable(statement.table, database);
      case 'showPartitions':
        return this.show.showPartitions(statement.table, database);
      case 'showTables':
        return this.show.showTables(statement.database ?? database, statement.pattern);
      case 'showDatabases':
        return this.show.showDatabases(statement.pattern);
      case 'showColumns':
        return this.show.showColumns(statement.table, database);
      case 'showTableProperties':
        return this.show.showTableProperties(statement.table, database);
      case 'showCreateTable':
        return this.show.showCreateTable(statement.table, database);
      case 'describe':
        return this.show.describe(statement.table, database);
    }
  }

  private createDatabase(statement: Extract<HiveStatement, { kind: 'createDatabase' }>): StatementResult {
    if (this.lake.catalog.database(statement.name)) {
      if (statement.ifNotExists) return EMPTY_RESULT;
      throw QueryFailure.hive(
        `FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. Database ${statement.name} already exists`,
      );
    }
    this.lake.catalogWrites.createDatabase({
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
    const database = this.lake.catalog.database(statement.name);
    if (!database) {
      if (statement.ifExists) return EMPTY_RESULT;
      throw databaseMissing(statement.name);
    }
    if (database.tables.size > 0 && !statement.cascade) {
      throw QueryFailure.hive(
        `FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. InvalidOperationException(message:Database ${statement.name} is not empty. One or more tables exist.)`,
      );
    }
    this.lake.catalogWrites.deleteDatabase({ Name: statement.name });
    return EMPTY_RESULT;
  }

  private createTable(statement: Extract<HiveStatement, { kind: 'createTable' }>, contextDatabase: string): StatementResult {
    const databaseName = statement.table.database ?? contextDatabase;
    if (!this.lake.catalog.database(databaseName)) throw databaseMissing(databaseName);
    if (this.lake.catalog.table(databaseName, statement.table.name)) {
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
    this.lake.catalogWrites.createTable({ DatabaseName: databaseName, TableInput: tableInputFor(statement, new Date()) });
    return EMPTY_RESULT;
  }

  private dropTable(statement: Extract<HiveStatement, { kind: 'dropTable' }>, contextDatabase: string): StatementResult {
    const databaseName = statement.table.database ?? contextDatabase;
    if (!this.lake.catalog.table(databaseName, statement.table.name)) {
      if (statement.ifExists) return EMPTY_RESULT;
      throw tableMissing(statement.table);
    }
    this.lake.catalogWrites.deleteTable({ DatabaseName: databaseName, Name: statement.table.name });
    return EMPTY_RESULT;
  }

  private alterTable(name: TableName, contextDatabase: string, change: (table: Table) => void): StatementResult {
    const entry = existingTable(this.lake, name, contextDatabase);
    const table = structuredClone(entry.table);
    change(table);
    this.lake.catalogWrites.updateTable({
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
}
