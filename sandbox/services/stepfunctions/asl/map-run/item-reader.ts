import { gunzipSync } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse/sync';
import type { ServiceClient } from '../../../../core/internal-client';
import { getObject, listAllObjects } from '../../integrations/s3-objects';
import { RuntimeFailure, StatesFailure } from '../failures';
import { readRequired } from '../input-output';
import { isJsonObject, toJsonText, type JsonObject, type JsonValue } from '../json';
import type { StateContext } from '../runtime';
import { evaluateInLanguage, evaluateTyped, isJsonata, sourcesOf, statesOf } from '../state-fields';
import { javaHashMapOrder } from './java-hash-order';

/** A distributed Map's ItemReader, as the definition declares it. */
export interface ItemReaderDefinition {
  Resource: string;
  Parameters?: JsonValue;
  Arguments?: JsonValue;
  ReaderConfig?: {
    InputType?: string;
    CSVHeaderLocation?: string;
    CSVHeaders?: string[];
    CSVDelimiter?: string;
    MaxItems?: number | string;
    MaxItemsPath?: string;
    ManifestType?: string;
  };
}

/** The reader with its request and limits evaluated, ready to read once the Map Run has started. */
export interface PreparedReader {
  resource: 's3:getObject' | 's3:listObjectsV2';
  request: JsonObject;
  inputType: 'CSV' | 'JSON' | 'JSONL' | 'MANIFEST';
  headerLocation: 'FIRST_ROW' | 'GIVEN';
  headers?: string[];
  delimiter: string;
  /** 0: no limit. */
  maxItems: number;
}

export const ITEM_READER_FAILED = 'States.ItemReaderFailed';

/** The items could not be read: the Map Run fails with `States.ItemReaderFailed` (MapRunFailed). */
export class ItemReaderFailure extends StatesFailure {
  constructor(cause: string) {
    super(ITEM_READER_FAILED, cause);
  }
}

const DELIMITERS: Readonly<Record<string, string>> = { COMMA: ',', PIPE: '|', SEMICOLON: ';', SPACE: ' ', TAB: '\t' };

/**
 * Evaluates the ItemReader's request (Parameters over the state's effective input; JSONata:
 * Arguments) and its ReaderConfig. A MaxItemsPath that does not lead to an integer is the
 * state's runtime error, as recorded.
 */
export async function prepareItemReader(
  context: StateContext,
  reader: ItemReaderDefinition,
  effective: JsonValue,
): Promise<PreparedReader> {
  const jsonata = isJsonata(context);
  const fields = jsonata ? reader.Arguments : reader.Parameters;
  const request = fields === undefined ? {} : await evaluateInLanguage(context, fields, 'ItemReader', effective);
  if (!isJsonObject(request))
    throw new RuntimeFailure(`The ItemReader's ${jsonata ? 'Arguments' : 'Parameters'} must be a JSON object: ${toJsonText(request)}`);
  const config = reader.ReaderConfig ?? {};
  const resource = /:s3:listObjectsV2$/.test(reader.Resource) ? 's3:listObjectsV2' : 's3:getObject';
  let maxItems: JsonValue = 0;
  if (config.MaxItemsPath !== undefined) {
    const found = readRequired(config.MaxItemsPath, sourcesOf(context, effective));
    // As for MaxConcurrencyPath: text holding an integer is taken as that integer.
    const read = typeof found === 'string' && /^-?\d+$/.test(found) ? Number(found) : found;
    if (typeof read !== 'number' || !Number.isInteger(read)) {
      throw new RuntimeFailure(
        `The MaxItemsPath field refers to value "${typeof read === 'string' ? read : toJsonText(read)}" which is not a valid integer: ${config.MaxItemsPath}`,
      );
    }
    maxItems = read;
  } else if (config.MaxItems !== undefined) {
    maxItems = jsonata
      ? await evaluateTyped(context, config.MaxItems, 'ItemReader.ReaderConfig.MaxItems', statesOf(context), 'number')
      : config.MaxItems;
  }
  return {
    resource,
    request,
    inputType: (['CSV', 'JSONL', 'MANIFEST'].includes(config.InputType ?? '') ? config.InputType : 'JSON') as PreparedReader['inputType'],
    headerLocation: config.CSVHeaderLocation === 'GIVEN' ? 'GIVEN' : 'FIRST_ROW',
    headers: config.CSVHeaders,
    delimiter: DELIMITERS[config.CSVDelimiter ?? 'COMMA'] ?? ',',
    maxItems: typeof maxItems === 'number' ? maxItems : Number(maxItems),
  };
}

/**
 * Reads the items from S3 through the internal client: a JSON array, JSON Lines, CSV rows (headers
 * from the first row or as given; a missing field is "", an extra one dropped), an S3 inventory
 * manifest (its CSV files, gzip or not, one item per object, members named by its fileSchema), or
 * the objects of a listing (`s3:listObjectsV2`).
 */
export async function readItems(reader: PreparedReader, services: ServiceClient, region: string): Promise<JsonValue[]> {
  if (reader.maxItems < 0) throw new ItemReaderFailure('field MaxItems must be positive');
  const limit = (items: JsonValue[]) => (reader.maxItems > 0 ? items.slice(0, reader.maxItems) : items);
  const request = reader.request;
  if (reader.resource === 's3:listObjectsV2') {
    const objects = await listAllObjects(
      services,
      {
        Bucket: String(request.Bucket),
        Prefix: optional(request.Prefix),
        Delimiter: optional(request.Delimiter),
        StartAfter: optional(request.StartAfter),
      },
      region,
    );
    return limit(
      objects.map((object) => ({
        Etag: object.ETag,
        Key: object.Key,
        LastModified: object.LastModified instanceof Date ? object.LastModified.toISOString() : String(object.LastModified),
        Size: object.Size,
        StorageClass: object.StorageClass ?? 'STANDARD',
      })),
    );
  }
  const { body } = await getObject(services, { Bucket: String(request.Bucket), Key: String(request.Key) }, region);
  const text = body.toString('utf8');
  switch (reader.inputType) {
    case 'JSON': {
      const document = parseJson(text);
      if (!Array.isArray(document)) throw new ItemReaderFailure('Attempting to map over non-iterable node.');
      return limit(document);
    }
    case 'JSONL':
      return limit(
        text
          .split(/\r?\n/)
          .filter((line) => line.trim() !== '')
          .map(parseJson),
      );
    case 'CSV':
      return csvItems(text, reader);
    case 'MANIFEST':
      return limit(await inventoryItems(parseJson(text), services, region));
  }
}

function optional(value: JsonValue | undefined): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

function parseJson(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new ItemReaderFailure(`The item reader could not parse the object as JSON: ${(error as Error).message}`);
  }
}

function csvRows(text: string, delimiter: string): string[][] {
  try {
    return parseCsv(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw new ItemReaderFailure(`The item reader could not parse the object as CSV: ${(error as Error).message}`);
  }
}

function csvItems(text: string, reader: PreparedReader): JsonObject[] {
  const rows = csvRows(text, reader.delimiter);
  const headers = reader.headerLocation === 'GIVEN' ? (reader.headers ?? []) : (rows.shift() ?? []);
  if (new Set(headers).size < headers.length) throw new ItemReaderFailure('CSV headers cannot contain duplicates.');
  const data = reader.maxItems > 0 ? rows.slice(0, reader.maxItems) : rows;
  const order = javaHashMapOrder(headers);
  return data.map((row) => {
    const item: JsonObject = {};
    for (const header of order) item[header] = row[headers.indexOf(header)] ?? '';
    return item;
  });
}

/**
 * An S3 inventory manifest (`manifest.json`): `destinationBucket` (an ARN), `fileFormat` (CSV),
 * `fileSchema` (the column names) and `files` (their keys, gzip-compressed CSV without headers).
 */
async function inventoryItems(manifest: JsonValue, services: ServiceClient, region: string): Promise<JsonObject[]> {
  if (!isJsonObject(manifest) || !Array.isArray(manifest.files) || typeof manifest.fileSchema !== 'string') {
    throw new ItemReaderFailure('The manifest is not an S3 inventory manifest (it needs files and fileSchema).');
  }
  if (manifest.fileFormat !== undefined && manifest.fileFormat !== 'CSV') {
    throw new ItemReaderFailure(`S3 inventory manifests of format ${String(manifest.fileFormat)} are not supported; use CSV.`);
  }
  const bucket = String(manifest.destinationBucket ?? '').replace(/^arn:aws[a-z-]*:s3:::/, '');
  const columns = manifest.fileSchema.split(',').map((column) => column.trim());
  const items: JsonObject[] = [];
  for (const file of manifest.files) {
    if (!isJsonObject(file) || typeof file.key !== 'string') continue;
    const { body } = await getObject(services, { Bucket: bucket, Key: file.key }, region);
    const text = (file.key.endsWith('.gz') ? gunzipSync(body) : body).toString('utf8');
    for (const row of csvRows(text, ',')) {
      const item: JsonObject = {};
      columns.forEach((column, index) => (item[column] = row[index] ?? ''));
      items.push(item);
    }
  }
  return items;
}
