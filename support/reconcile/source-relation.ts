import { CopyObjectCommand } from '@aws-sdk/client-s3';
import { GetTableCommand } from '@aws-sdk/client-glue';
import { parse } from 'csv-parse/sync';
import type { FileMetaData, SchemaElement } from 'hyparquet';
import type { PostflightWorld } from '../world';
import { type TableReference, s3Url } from '../../model/locations';
import { quoteIdentifier } from '../environment/resources';
import { dataFormatOf } from '../data-files/rows';
import { firstObjectUnder, readHead, readParquetMetadata } from '../s3/object-probe';
import { RUN_TAG, SCENARIO_TAG } from '../s3/objects';
import { scenarioQueryOrThrow } from '../athena/scenario-query';
import { assertWritable } from '../guards/write-guard';

/** A relation reconciliation can query: an existing table, or a temporary one over S3 files. */
export interface Relation {
  /** As the user wrote it (`s3://landing/…` or `curated.positions`). */
  label: string;
  sql: string;
  /** Column names as the user writes them → SQL column names, with their catalog types. */
  columns: Map<string, { sql: string; type: string }>;
}

/** A source that could not be read as data: says what was expected. */
export class SourceError extends Error {}

const SERDE = {
  csv: "ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES ('separatorChar' = ',', 'quoteChar' = '\"', 'escapeChar' = '\\\\') STORED AS TEXTFILE",
  jsonl: "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' STORED AS TEXTFILE",
  parquet: 'STORED AS PARQUET',
};

/** A table of the environment, with its declared columns (partition keys included) from the catalog. */
export async function tableRelation(world: PostflightWorld, name: string): Promise<Relation & { table: TableReference }> {
  const table = world.resources.table(name);
  const { Table } = await world.aws.glue.send(new GetTableCommand({ DatabaseName: table.database, Name: table.table }));
  const declared = [...(Table?.StorageDescriptor?.Columns ?? []), ...(Table?.PartitionKeys ?? [])];
  const columns = new Map(
    declared.map((column) => [
      (column.Name ?? '').toLowerCase(),
      { sql: quoteIdentifier((column.Name ?? '').toLowerCase()), type: column.Type ?? 'string' },
    ]),
  );
  return { label: name, sql: table.sql, columns, table };
}

/**
 * An S3 object or prefix as a temporary external table (its name carries the run id; dropped
 * after the scenario, also on failure). A single object is first copied server-side to its own
 * prefix under the Athena output location, because a table's LOCATION is always a prefix.
 */
export async function s3Relation(world: PostflightWorld, url: string, database: string): Promise<Relation> {
  if (world.environment.protected && !world.environment.resources.athena.scratchDatabase) {
    throw new SourceError(
      `Reconciling ${url} creates a temporary table; on protected environment "${world.environment.name}" that needs an explicit resources.athena.scratchDatabase.`,
    );
  }
  const location = world.resources.s3Location(url);
  const isPrefix = location.key === '' || location.key.endsWith('/');
  const sampleKey = isPrefix ? await firstObjectUnder(world.aws, location) : location.key;
  if (!sampleKey) throw new SourceError(`${url}: no data object under this prefix to reconcile.`);
  const format = dataFormatOf(sampleKey);
  if (!format || format === 'json') {
    throw new SourceError(
      `${url}: reconciliation reads CSV with a header (.csv), JSON lines (.jsonl/.ndjson) or Parquet (.parquet); ${sampleKey} is none of these.`,
    );
  }
  const sample = { bucket: location.bucket, key: sampleKey };
  const sourceColumns =
    format === 'parquet'
      ? parquetColumns(await readParquetMetadata(world.aws, sample))
      : textColumns(format, await readHead(world.aws, sample), s3Url(sample));
  const tableLocation = isPrefix ? location : await copyToScratch(world, location);
  const tableName = temporaryTableName(world);
  const columnsSql = sourceColumns.map((column) => `\`${column.sql}\` ${column.type}`).join(', ');
  const ddl =
    `CREATE EXTERNAL TABLE \`${database}\`.\`${tableName}\` (${columnsSql}) ${SERDE[format]} ` +
    `LOCATION '${s3Url({ bucket: tableLocation.bucket, key: tableLocation.key })}'` +
    (format === 'csv' ? " TBLPROPERTIES ('skip.header.line.count' = '1')" : '');
  world.ledger.recordTable({ database, table: tableName });
  await scenarioQueryOrThrow(world, `temporary table for ${url}`, ddl);
  return {
    label: url,
    sql: `${quoteIdentifier(database)}.${quoteIdentifier(tableName)}`,
    columns: new Map(sourceColumns.map((column) => [column.name, { sql: quoteIdentifier(column.sql), type: column.type }])),
  };
}

interface SourceColumn {
  /** As in the file (header or key). */
  name: string;
  /** A valid Athena column name. */
  sql: string;
  type: string;
}

function textColumns(format: 'csv' | 'jsonl', head: Buffer, url: string): SourceColumn[] {
  const text = head.toString('utf8');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  let names: string[];
  if (format === 'csv') {
    try {
      names = (parse(firstLine) as string[][])[0] ?? [];
    } catch (error) {
      throw new SourceError(`${url}: the header line is not CSV (${(error as Error).message}).`, { cause: error });
    }
  } else {
    try {
      names = Object.keys(JSON.parse(firstLine) as Record<string, unknown>);
    } catch (error) {
      throw new SourceError(`${url}: the first line is not a JSON object (${(error as Error).message}).`, { cause: error });
    }
  }
  if (names.length === 0) throw new SourceError(`${url}: no columns found in the first line.`);
  // Text sources are read as strings; each compared column is cast to its target column's type.
  return names.map((name) => ({ name: name.trim(), sql: sqlColumnName(name), type: 'string' }));
}

function parquetColumns(metadata: FileMetaData): SourceColumn[] {
  const elements = metadata.schema.slice(1).filter((element) => element.num_children === undefined || element.num_children === 0);
  return elements.map((element) => ({ name: element.name, sql: sqlColumnName(element.name), type: hiveType(element) }));
}

function hiveType(element: SchemaElement): string {
  const logical = element.logical_type?.type;
  if (element.converted_type === 'DECIMAL' || logical === 'DECIMAL') return `decimal(${element.precision ?? 38},${element.scale ?? 0})`;
  if (element.converted_type === 'UTF8' || logical === 'STRING' || logical === 'ENUM' || logical === 'JSON') return 'string';
  if (element.converted_type === 'DATE' || logical === 'DATE') return 'date';
  if (element.converted_type?.startsWith('TIMESTAMP') || logical === 'TIMESTAMP') return 'timestamp';
  switch (element.type) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INT32':
      return 'int';
    case 'INT64':
      return 'bigint';
    case 'FLOAT':
      return 'float';
    case 'DOUBLE':
      return 'double';
    default:
      return 'string';
  }
}

/** Athena column names: lower case, letters, digits and underscores. */
export function sqlColumnName(name: string): string {
  const cleaned = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  return /^[a-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

function temporaryTableName(world: PostflightWorld): string {
  world.temporaryTableCount += 1;
  return `postflight_tmp_${world.scenarioId.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${world.temporaryTableCount}`;
}

async function copyToScratch(world: PostflightWorld, location: { bucket: string; key: string }): Promise<{ bucket: string; key: string }> {
  const output = world.environment.resources.athena.outputLocation;
  if (!output)
    throw new SourceError(
      'Reconciling a single S3 object needs resources.athena.outputLocation in the environment (the object is copied under it).',
    );
  const scratch = world.resources.s3Location(output);
  const base = scratch.key && !scratch.key.endsWith('/') ? `${scratch.key}/` : scratch.key;
  const prefix = `${base}postflight-tmp/${world.scenarioId}/${world.temporaryTableCount + 1}/`;
  const target = { bucket: scratch.bucket, key: `${prefix}${location.key.slice(location.key.lastIndexOf('/') + 1)}` };
  assertWritable(world.environment, target);
  world.ledger.recordObject(target);
  await world.aws.s3.send(
    new CopyObjectCommand({
      Bucket: target.bucket,
      Key: target.key,
      CopySource: `${location.bucket}/${location.key.split('/').map(encodeURIComponent).join('/')}`,
      TaggingDirective: 'REPLACE',
      Tagging: `${RUN_TAG}=${encodeURIComponent(world.parameters.runId)}&${SCENARIO_TAG}=${encodeURIComponent(world.scenarioId)}`,
    }),
  );
  return { bucket: target.bucket, key: prefix };
}
