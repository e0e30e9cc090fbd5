import fs from 'node:fs';
import path from 'node:path';
import type { PartitionInput, Table } from '@aws-sdk/client-glue';
import type { AthenaEngine, MaterializedQuery, PreparedQuery, RunControl } from './engine';
import { InvalidRequestException, QueryFailure } from './errors';
import { HiveSyntaxError, type ColumnDefinition } from './hive-ddl';
import { tableInputFor } from './hive-table-definition';
import type { Lake } from './lake';
import { formatValue } from './result-format';
import { lineColumn, quoteIdentifier, quoteString } from './sql-lexer';
import { canCoerce } from './trino/coercion';
import { duckType, hiveTypeName, parseType, typeName, UnsupportedHiveType, VARCHAR, type TrinoType } from './trino/types';
import { EMPTY_RESULT, type StatementResult } from './statement-result';
import { defaultPartitionLocation, filesAt, parseS3Location } from './s3-locations';
import { storageFormat, UnsupportedTableFormat, type StorageFormat } from './table-readers';
import { parseCreateTableAs, parseInsert, type CreateTableAsStatement, type InsertStatement } from './write-statements';

/**
 * CREATE TABLE AS SELECT and INSERT INTO: the query runs on DuckDB into a temporary table, which
 * is written per partition as Parquet, text (LazySimpleSerDe) or JSON lines with COPY … TO, then
 * uploaded under the table's location; the catalog learns the new table or partitions.
 *
 * Fidelity gaps: arrays, maps and rows written to text files use DuckDB's bracket notation, not
 * Hive's collection delimiters; files are not compressed (Athena's CTAS default for Parquet is
 * Snappy/GZIP per workgroup); no `-manifest.csv` or `.metadata` is written next to the results;
 * Iceberg (`table_type = 'ICEBERG'`), ORC and Avro are refused as NOT_SUPPORTED.
 */
export interface PreparedWrite<S> {
  statement: S;
  query: PreparedQuery;
}

interface WriteTarget {
  format: StorageFormat;
  /** COPY … TO options for the format. */
  copyOptions: string;
}

export class TableWriter {
  constructor(
    private readonly engine: AthenaEngine,
    private readonly lake: Lake,
    private readonly workDirectory: string,
  ) {}

  async prepareCreateTableAs(sql: string): Promise<PreparedWrite<CreateTableAsStatement>> {
    const statement = parseOrRefuse(sql, parseCreateTableAs);
    const format = String(statement.properties.format ?? 'PARQUET').toUpperCase();
    if (!['PARQUET', 'TEXTFILE', 'JSON'].includes(format) || String(statement.properties.table_type ?? 'HIVE').toUpperCase() !== 'HIVE') {
      throw InvalidRequestException.malformedQuery(
        `The postflight sandbox writes CTAS tables as PARQUET, TEXTFILE or JSON Hive tables, not ${format} / ${statement.properties.table_type ?? 'HIVE'}`,
      );
    }
    return { statement, query: await this.engine.prepare(statement.query, { statement: sql, offset: statement.queryOffset }) };
  }

  async prepareInsert(sql: string): Promise<PreparedWrite<InsertStatement>> {
    const statement = parseOrRefuse(sql, parseInsert);
    return { statement, query: await this.engine.prepare(statement.query, { statement: sql, offset: statement.queryOffset }) };
  }

  /** CTAS: `defaultLocation` is where Athena puts an unlocated table (`<results>/tables/<query id>/`). */
  async createTableAs(
    prepared: PreparedWrite<CreateTableAsStatement>,
    database: string,
    queryId: string,
    defaultLocation: string,
    control: RunControl,
  ): Promise<StatementResult> {
    const { statement, query } = prepared;
    const databaseName = statement.table.database ?? database;
    if (!this.lake.catalog.database(databaseName)) {
      throw QueryFailure.named(
        'SCHEMA_NOT_FOUND',
        `${where(query.originalSql, statement.table.position)}Schema '${databaseName}' does not exist`,
      );
    }
    if (this.lake.catalog.table(databaseName, statement.table.name)) {
      if (statement.ifNotExists) return EMPTY_RESULT;
      throw QueryFailure.hive(
        `FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. AlreadyExistsException(message:Table ${statement.table.name} already exist)`,
      );
    }
    const location = typeof statement.properties.external_location === 'string' ? statement.properties.external_location : defaultLocation;
    if (!parseS3Location(location))
      throw QueryFailure.named('INVALID_TABLE_PROPERTY', `External location is not a valid S3 path: ${location}`);
    if (filesAt(this.lake.objects, location).length > 0) {
      throw QueryFailure.named(
        'HIVE_PATH_ALREADY_EXISTS',
        `Target directory for table '${databaseName}.${statement.table.name}' already exists: ${location}`,
      );
    }
    const format = String(statement.properties.format ?? 'PARQUET').toUpperCase();
    const delimiter = typeof statement.properties.field_delimiter === 'string' ? statement.properties.field_delimiter : '\u0001';
    const partitionedBy = ([] as string[]).concat(statement.properties.partitioned_by ?? []).map((name) => name.toLowerCase());

    return this.engine.materialize(query, database, control, async (write) => {
      const columns = write.columns.map((column, index) => {
        if (/^_col\d+$/.test(column.name))
          throw QueryFailure.named('MISSING_COLUMN_NAME', `line 1:1: Column name not specified at position ${index + 1}`);
        return { ...column, hive: hiveTypeOf(column.type) };
      });
      const seen = new Set<string>();
      for (const column of columns) {
        if (seen.has(column.name))
          throw QueryFailure.named('DUPLICATE_COLUMN_NAME', `line 1:1: Column name '${column.name}' specified more than once`);
        seen.add(column.name);
      }
      const tail = columns.slice(columns.length - partitionedBy.length).map((column) => column.name);
      if (partitionedBy.length > 0 && tail.join(',') !== partitionedBy.join(',')) {
        throw QueryFailure.named(
          'HIVE_COLUMN_ORDER_MISMATCH',
          `Partition keys must be the last columns in the table and in the same order as the table properties: [${partitionedBy.join(', ')}]`,
        );
      }
      const dataColumns = columns.slice(0, columns.length - partitionedBy.length);
      const partitionColumns = columns.slice(columns.length - partitionedBy.length);
      const definition = {
        kind: 'createTable' as const,
        external: true,
        ifNotExists: false,
        table: { ...statement.table, database: databaseName },
        columns: dataColumns.map((column): ColumnDefinition => ({ name: column.name, type: column.hive })),
        partitionKeys: partitionColumns.map((column): ColumnDefinition => ({ name: column.name, type: column.hive })),
        storedAs: format,
        rowFormat: format === 'TEXTFILE' ? { serdeProperties: { 'field.delim': delimiter, 'serialization.format': delimiter } } : undefined,
        location,
        tableProperties: { has_encrypted_data: 'false' },
      };
      const input = tableInputFor(definition, new Date());
      const table: Table = { ...input, DatabaseName: databaseName };
      const target = writeTarget(table);
      const project = (column: (typeof columns)[number]) =>
        `CAST(${quoteIdentifier(column.engineName)} AS ${duckType(parseType(column.hive, 'hive'))}) AS ${quoteIdentifier(column.name)}`;
      const rows = statement.withData
        ? await this.writePartitions(
            write,
            table,
            target,
            queryId,
            dataColumns.map(project),
            partitionColumns.map((column) => column.engineName),
          )
        : { count: 0, partitions: [] as string[][] };
      this.lake.catalogWrites.createTable({ DatabaseName: databaseName, TableInput: input });
      this.registerPartitions(table, rows.partitions);
      return { ...EMPTY_RESULT, columns: [rowsColumn()], updateCount: rows.count, scannedBytes: write.scannedBytes };
    });
  }

  async insert(prepared: PreparedWrite<InsertStatement>, database: string, queryId: string, control: RunControl): Promise<StatementResult> {
    const { statement, query } = prepared;
    const databaseName = statement.table.database ?? database;
    const entry = this.lake.catalog.table(databaseName, statement.table.name);
    if (!entry) {
      throw QueryFailure.named(
        'TABLE_NOT_FOUND',
        `${where(query.originalSql, statement.table.position)}Table 'awsdatacatalog.${databaseName}.${statement.table.name}' does not exist`,
      );
    }
    const table = entry.table;
    let target: WriteTarget;
    try {
      target = writeTarget(table);
    } catch (error) {
      if (error instanceof UnsupportedTableFormat)
        throw QueryFailure.named('NOT_SUPPORTED', `The postflight sandbox cannot write ${error.message}`);
      throw error;
    }
    const tableColumns = [...(table.StorageDescriptor?.Columns ?? []), ...(table.PartitionKeys ?? [])].map((column) => ({
      name: column.Name!.toLowerCase(),
      hive: column.Type ?? 'string',
    }));
    const targetNames = statement.columns ?? tableColumns.map((column) => column.name);
    for (const name of targetNames) {
      if (!tableColumns.some((column) => column.name === name)) {
        throw QueryFailure.named(
          'COLUMN_NOT_FOUND',
          `${where(query.originalSql, statement.table.position)}Insert column name does not exist: ${name}`,
        );
      }
    }
    return this.engine.materialize(query, database, control, async (write) => {
      // Trino inserts what coerces to the table's column types, and refuses the rest.
      const tableTypes = targetNames.map((name) =>
        parseType(tableColumns.find((column) => column.name === name)?.hive ?? 'string', 'hive'),
      );
      if (
        write.columns.length !== targetNames.length ||
        write.columns.some((column, index) => !canCoerce(column.type, tableTypes[index]!))
      ) {
        throw QueryFailure.named(
          'TYPE_MISMATCH',
          `${where(query.originalSql, 0)}Insert query has mismatched column types: Table: [${tableTypes.map(typeName).join(', ')}], Query: [${write.columns.map((column) => typeName(column.type)).join(', ')}]`,
        );
      }
      const valueOf = (name: string, hive: string) => {
        const index = targetNames.indexOf(name);
        const type = duckType(parseType(hive, 'hive'));
        const column = write.columns[index];
        return column ? `CAST(${quoteIdentifier(column.engineName)} AS ${type})` : `CAST(NULL AS ${type})`;
      };
      const partitionKeys = (table.PartitionKeys ?? []).map((key) => ({ name: key.Name!.toLowerCase(), hive: key.Type ?? 'string' }));
      const dataColumns = tableColumns.slice(0, tableColumns.length - partitionKeys.length);
      const projection = dataColumns.map((column) => `${valueOf(column.name, column.hive)} AS ${quoteIdentifier(column.name)}`);
      const partitionExpressions = partitionKeys.map((key) => valueOf(key.name, key.hive));
      const rows = await this.writePartitions(write, table, target, queryId, projection, partitionExpressions, true);
      this.registerPartitions(table, rows.partitions);
      return { ...EMPTY_RESULT, columns: [rowsColumn()], updateCount: rows.count, scannedBytes: write.scannedBytes };
    });
  }

  /**
   * Writes the temporary table's rows under the table (one file per partition) and answers the
   * number of rows and the partition values written. `partitionSources` are column names of the
   * temporary table, or SQL expressions when `expressions` is set.
   */
  private async writePartitions(
    write: MaterializedQuery,
    table: Table,
    target: WriteTarget,
    queryId: string,
    projection: string[],
    partitionSources: string[],
    expressions = false,
  ): Promise<{ count: number; partitions: string[][] }> {
    const source = (index: number) => {
      const item = partitionSources[index] ?? '';
      return expressions ? item : quoteIdentifier(item);
    };
    const directory = path.join(this.workDirectory, 'writes', queryId);
    fs.mkdirSync(directory, { recursive: true });
    try {
      const groups: Array<{ values: string[]; where: string }> = [];
      if (partitionSources.length === 0) {
        groups.push({ values: [], where: 'true' });
      } else {
        const distinct = await write.run(
          `SELECT DISTINCT ${partitionSources.map((_source, index) => `CAST(${source(index)} AS VARCHAR)`).join(', ')} FROM ${write.relation}`,
        );
        for (const row of distinct.getRows()) {
          const values = row.map((value) => formatValue(value, VARCHAR) ?? '__HIVE_DEFAULT_PARTITION__');
          const where = row
            .map((value, index) => `CAST(${source(index)} AS VARCHAR) ${value === null ? 'IS NULL' : `= ${quoteString(String(value))}`}`)
            .join(' AND ');
          groups.push({ values, where });
        }
      }
      let count = 0;
      const partitions: string[][] = [];
      for (const [index, group] of groups.entries()) {
        const file = path.join(directory, `part-${index}`);
        const copied = await write.run(
          `COPY (SELECT ${projection.join(', ') || 'NULL'} FROM ${write.relation} WHERE ${group.where}) TO ${quoteString(file)} (${target.copyOptions})`,
        );
        const written = Number(copied.getRows()[0]?.[0] ?? 0);
        if (written === 0) continue;
        count += written;
        const base = group.values.length === 0 ? (table.StorageDescriptor?.Location ?? '') : this.partitionLocation(table, group.values);
        await this.upload(file, base, `${queryId}_${index}`);
        if (group.values.length > 0) partitions.push(group.values);
      }
      return { count, partitions };
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  }

  private partitionLocation(table: Table, values: string[]): string {
    const existing = this.lake.catalog.table(table.DatabaseName!, table.Name!)?.partitions.get(JSON.stringify(values));
    return existing?.StorageDescriptor?.Location ?? defaultPartitionLocation(table, { Values: values });
  }

  private async upload(file: string, location: string, name: string): Promise<void> {
    const parsed = parseS3Location(location)!;
    const prefix = parsed.key === '' || parsed.key.endsWith('/') ? parsed.key : `${parsed.key}/`;
    try {
      await this.lake.writeObject(parsed.bucket, `${prefix}${name}`, fs.readFileSync(file));
    } catch (error) {
      throw QueryFailure.named(
        'HIVE_WRITER_OPEN_ERROR',
        `Error opening writer for s3://${parsed.bucket}/${prefix}${name}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private registerPartitions(table: Table, partitions: string[][]): void {
    const entry = this.lake.catalog.table(table.DatabaseName!, table.Name!);
    if (!entry) return;
    const inputs: PartitionInput[] = partitions
      .filter((values) => !entry.partitions.has(JSON.stringify(values)))
      .map((values) => {
        const descriptor = structuredClone(entry.table.StorageDescriptor ?? {});
        descriptor.Location = defaultPartitionLocation(entry.table, { Values: values });
        return { Values: values, StorageDescriptor: descriptor, Parameters: {} };
      });
    if (inputs.length > 0)
      this.lake.catalogWrites.batchCreatePartition({ DatabaseName: table.DatabaseName, TableName: table.Name, PartitionInputList: inputs });
  }
}

function parseOrRefuse<S>(sql: string, parse: (sql: string) => S): S {
  try {
    return parse(sql);
  } catch (error) {
    if (error instanceof HiveSyntaxError) {
      const { line, column } = lineColumn(sql, error.position);
      throw InvalidRequestException.malformedQuery(`line ${line}:${column}: ${error.message}`);
    }
    throw error;
  }
}

function writeTarget(table: Table): WriteTarget {
  const format = storageFormat(table);
  const parameters = table.StorageDescriptor?.SerdeInfo?.Parameters ?? {};
  switch (format) {
    case 'parquet':
      return { format, copyOptions: 'FORMAT PARQUET' };
    case 'json':
      return { format, copyOptions: 'FORMAT JSON' };
    case 'opencsv':
      return {
        format,
        copyOptions: `FORMAT CSV, HEADER false, DELIMITER ${quoteString(parameters.separatorChar ?? ',')}, QUOTE ${quoteString(parameters.quoteChar ?? '"')}, ESCAPE ${quoteString(parameters.escapeChar ?? '\\')}`,
      };
    case 'text': {
      const delimiter =
        parameters['field.delim'] ??
        (parameters['serialization.format'] && !/^[0-9]+$/.test(parameters['serialization.format'])
          ? parameters['serialization.format']
          : '\u0001');
      const nullFormat = parameters['serialization.null.format'] ?? '\\N';
      return {
        format,
        copyOptions: `FORMAT CSV, HEADER false, DELIMITER ${quoteString(delimiter)}, QUOTE '', ESCAPE '', NULLSTR ${quoteString(nullFormat)}`,
      };
    }
  }
}

/** The Hive type a CTAS column gets for its Trino type; types Hive lacks are refused as Athena refuses them. */
export function hiveTypeOf(type: TrinoType): string {
  try {
    return hiveTypeName(type);
  } catch (error) {
    if (error instanceof UnsupportedHiveType) throw QueryFailure.named('NOT_SUPPORTED', error.message);
    throw error;
  }
}

function rowsColumn() {
  return {
    CatalogName: 'hive',
    SchemaName: '',
    TableName: '',
    Name: 'rows',
    Label: 'rows',
    Type: 'bigint',
    Precision: 19,
    Scale: 0,
    Nullable: 'UNKNOWN' as const,
    CaseSensitive: false,
  };
}

function where(sql: string, position: number): string {
  const { line, column } = lineColumn(sql, position);
  return `line ${line}:${column}: `;
}
