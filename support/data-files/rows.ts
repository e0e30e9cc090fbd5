import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { toCell, type Cell } from './cells';

/** The rows of a data file, by its extension: CSV (with header), JSON lines, Parquet. */
export interface DataRows {
  columns: string[];
  rows: Cell[][];
}

export type DataFormat = 'csv' | 'jsonl' | 'parquet' | 'json';

export class DataFileError extends Error {}

export function dataFormatOf(key: string): DataFormat | undefined {
  const name = key.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.parquet')) return 'parquet';
  if (name.endsWith('.json')) return 'json';
  return undefined;
}

function decompress(key: string, bytes: Buffer): Buffer {
  return key.toLowerCase().endsWith('.gz') ? gunzipSync(bytes) : bytes;
}

/** Row count without decoding values where the format allows it (Parquet metadata). */
export function countRows(key: string, bytes: Buffer): number {
  const format = dataFormatOf(key);
  if (format === 'parquet') return Number(parquetMetadata(toArrayBuffer(bytes)).num_rows);
  return readRows(key, bytes).rows.length;
}

export async function readRowsAsync(key: string, bytes: Buffer): Promise<DataRows> {
  if (dataFormatOf(key) !== 'parquet') return readRows(key, bytes);
  const objects = (await parquetReadObjects({ file: toArrayBuffer(bytes) })) as Array<Record<string, unknown>>;
  const columns = objects.length
    ? Object.keys(objects[0] ?? {})
    : (parquetMetadata(toArrayBuffer(bytes))
        .schema.slice(1)
        .map((element) => element.name) as string[]);
  return { columns, rows: objects.map((object) => columns.map((column) => toCell(object[column]))) };
}

export function readRows(key: string, bytes: Buffer): DataRows {
  const format = dataFormatOf(key);
  const text = () => decompress(key, bytes).toString('utf8');
  switch (format) {
    case 'csv': {
      let records: string[][];
      try {
        records = parse(text(), { skip_empty_lines: true, relax_column_count: false }) as string[][];
      } catch (error) {
        throw new DataFileError(`${key} is not readable CSV: ${(error as Error).message}`);
      }
      const [header = [], ...rows] = records;
      return { columns: header, rows: rows.map((row) => row.map((cell) => cell as Cell)) };
    }
    case 'jsonl':
    case 'json': {
      const objects = format === 'json' ? jsonArray(key, text()) : jsonLines(key, text());
      const columns = [...new Set(objects.flatMap((object) => Object.keys(object)))];
      return { columns, rows: objects.map((object) => columns.map((column) => toCell(object[column]))) };
    }
    case 'parquet':
      throw new DataFileError(`${key}: Parquet rows are read asynchronously (readRowsAsync).`);
    default:
      throw new DataFileError(
        `${key}: rows can be read from .csv, .jsonl/.ndjson, .json and .parquet files (optionally .gz); this one has no such extension.`,
      );
  }
}

function jsonLines(key: string, text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .map((line, index) => ({ line: line.trim(), index }))
    .filter(({ line }) => line !== '')
    .map(({ line, index }) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch (error) {
        throw new DataFileError(`${key} line ${index + 1} is not JSON: ${(error as Error).message}`);
      }
    });
}

function jsonArray(key: string, text: string): Array<Record<string, unknown>> {
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? (parsed as Array<Record<string, unknown>>) : [parsed as Record<string, unknown>];
  } catch (error) {
    throw new DataFileError(`${key} is not JSON: ${(error as Error).message}`);
  }
}

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
