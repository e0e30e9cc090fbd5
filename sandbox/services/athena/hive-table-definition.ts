import type { Column, StorageDescriptor, TableInput } from '@aws-sdk/client-glue';
import type { ColumnDefinition, HiveStatement } from './hive-ddl';

/**
 * CREATE EXTERNAL TABLE → the Glue TableInput Athena stores: InputFormat / OutputFormat / SerDe
 * per `STORED AS` and `ROW FORMAT`, SerDe parameters, `EXTERNAL=TRUE` and the TBLPROPERTIES.
 */
const TEXT_INPUT = 'org.apache.hadoop.mapred.TextInputFormat';
const TEXT_OUTPUT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';
const LAZY_SIMPLE = 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe';

const STORED_AS: Record<string, { input: string; output: string; serde: string; parameters: Record<string, string> }> = {
  PARQUET: {
    input: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    serde: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    parameters: { 'serialization.format': '1' },
  },
  TEXTFILE: { input: TEXT_INPUT, output: TEXT_OUTPUT, serde: LAZY_SIMPLE, parameters: { 'serialization.format': '1' } },
  JSON: { input: TEXT_INPUT, output: TEXT_OUTPUT, serde: 'org.openx.data.jsonserde.JsonSerDe', parameters: {} },
  JSONFILE: { input: TEXT_INPUT, output: TEXT_OUTPUT, serde: 'org.openx.data.jsonserde.JsonSerDe', parameters: {} },
  ORC: {
    input: 'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat',
    serde: 'org.apache.hadoop.hive.ql.io.orc.OrcSerde',
    parameters: { 'serialization.format': '1' },
  },
  AVRO: {
    input: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat',
    serde: 'org.apache.hadoop.hive.serde2.avro.AvroSerDe',
    parameters: {},
  },
};

export function tableInputFor(statement: Extract<HiveStatement, { kind: 'createTable' }>, now: Date): TableInput {
  const stored = STORED_AS[statement.storedAs ?? 'TEXTFILE'];
  const serde = statement.rowFormat?.serde ?? stored?.serde ?? LAZY_SIMPLE;
  const serdeParameters = statement.rowFormat ? { ...statement.rowFormat.serdeProperties } : { ...(stored?.parameters ?? {}) };
  if (statement.rowFormat && !statement.rowFormat.serde && !serdeParameters['serialization.format'])
    serdeParameters['serialization.format'] = '1';
  const descriptor: StorageDescriptor = {
    Columns: statement.columns.map(glueColumn),
    Location: statement.location,
    InputFormat: statement.inputFormat ?? stored?.input ?? TEXT_INPUT,
    OutputFormat: statement.outputFormat ?? stored?.output ?? TEXT_OUTPUT,
    Compressed: false,
    NumberOfBuckets: -1,
    SerdeInfo: { SerializationLibrary: serde, Parameters: serdeParameters },
    BucketColumns: [],
    SortColumns: [],
    Parameters: {},
    SkewedInfo: { SkewedColumnNames: [], SkewedColumnValues: [], SkewedColumnValueLocationMaps: {} },
    StoredAsSubDirectories: false,
  };
  return {
    Name: statement.table.name,
    Description: statement.comment,
    Owner: 'hadoop',
    Retention: 0,
    StorageDescriptor: descriptor,
    PartitionKeys: statement.partitionKeys.map(glueColumn),
    TableType: 'EXTERNAL_TABLE',
    Parameters: { ...statement.tableProperties, EXTERNAL: 'TRUE', transient_lastDdlTime: String(Math.floor(now.getTime() / 1000)) },
  };
}

export function glueColumn(column: ColumnDefinition): Column {
  return column.comment === undefined
    ? { Name: column.name, Type: column.type }
    : { Name: column.name, Type: column.type, Comment: column.comment };
}

/** A knowingly unsupported storage format is still catalogued; reading it fails at query time. */
export function isKnownStorage(storedAs: string | undefined): boolean {
  return storedAs === undefined || storedAs in STORED_AS;
}
