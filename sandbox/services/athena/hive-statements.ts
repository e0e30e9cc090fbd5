import type { TableName } from './token-cursor';

/**
 * The Hive DDL and utility statements Athena runs against the Glue catalog (never as DuckDB
 * DDL), as parsed by hive-ddl.ts. Names are lower case (Athena's catalog is).
 */
export type { TableName };

export interface ColumnDefinition {
  name: string;
  /** The Hive type as Glue stores it (`int`, `decimal(10,2)`, `array<string>`). */
  type: string;
  comment?: string;
}

export type PartitionSpec = Array<[key: string, value: string]>;

export interface RowFormat {
  serde?: string;
  serdeProperties: Record<string, string>;
}

export interface CreateTableStatement {
  kind: 'createTable';
  external: boolean;
  ifNotExists: boolean;
  table: TableName;
  columns: ColumnDefinition[];
  partitionKeys: ColumnDefinition[];
  comment?: string;
  rowFormat?: RowFormat;
  storedAs?: string;
  inputFormat?: string;
  outputFormat?: string;
  location?: string;
  tableProperties: Record<string, string>;
}

export interface CreateDatabaseStatement {
  kind: 'createDatabase';
  ifNotExists: boolean;
  name: string;
  comment?: string;
  location?: string;
  properties: Record<string, string>;
}

export type HiveStatement =
  | CreateTableStatement
  | CreateDatabaseStatement
  | { kind: 'dropTable'; ifExists: boolean; table: TableName }
  | { kind: 'dropDatabase'; ifExists: boolean; name: string; cascade: boolean }
  | { kind: 'addPartitions'; table: TableName; ifNotExists: boolean; partitions: Array<{ spec: PartitionSpec; location?: string }> }
  | { kind: 'dropPartitions'; table: TableName; ifExists: boolean; partitions: PartitionSpec[] }
  | { kind: 'addColumns'; table: TableName; columns: ColumnDefinition[] }
  | { kind: 'setTableProperties'; table: TableName; properties: Record<string, string> }
  | { kind: 'setLocation'; table: TableName; location: string }
  | { kind: 'repairTable'; table: TableName }
  | { kind: 'showPartitions'; table: TableName }
  | { kind: 'showTables'; database?: string; pattern?: string }
  | { kind: 'showDatabases'; pattern?: string }
  | { kind: 'showColumns'; table: TableName }
  | { kind: 'showTableProperties'; table: TableName }
  | { kind: 'showCreateTable'; table: TableName }
  | { kind: 'describe'; table: TableName };
