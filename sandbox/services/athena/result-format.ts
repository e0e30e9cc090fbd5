import type { ColumnInfo } from '@aws-sdk/client-athena';
import {
  DuckDBTimestampValue,
  type DuckDBArrayValue,
  type DuckDBBlobValue,
  type DuckDBDateValue,
  type DuckDBIntervalValue,
  type DuckDBListValue,
  type DuckDBMapValue,
  type DuckDBStructValue,
  type DuckDBTimeValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import { fieldKey, type TrinoType } from './trino/types';

/**
 * How Athena shows a result: its type names in ColumnInfo and its text for each value, as
 * GetQueryResults and the results CSV carry them, driven by the Trino type of each column:
 * decimals keep their scale, timestamps show their precision's digits, doubles and reals use
 * Java's notation, intervals `D HH:MM:SS.mmm` / `Y-M`, arrays / maps / rows their bracket
 * notation (`[1, 2]`, `{k=v}`, `{x=1, y=a}`, anonymous fields `field0`…). A `timestamp with time
 * zone` arrives already as its text (the translation's final projection).
 */
export type Cell = string | null;

interface AthenaType {
  name: string;
  precision: number;
  scale: number;
  caseSensitive: boolean;
}

export function athenaType(type: TrinoType): AthenaType {
  const plain = (name: string, precision = 0): AthenaType => ({ name, precision, scale: 0, caseSensitive: false });
  switch (type.name) {
    case 'tinyint':
      return plain('tinyint', 3);
    case 'smallint':
      return plain('smallint', 5);
    case 'integer':
      return plain('integer', 10);
    case 'bigint':
      return plain('bigint', 19);
    case 'real':
      return plain('float', 17);
    case 'double':
      return plain('double', 17);
    case 'decimal':
      return { name: 'decimal', precision: type.precision, scale: type.scale, caseSensitive: false };
    case 'varchar':
      return { name: 'varchar', precision: type.length ?? 2147483647, scale: 0, caseSensitive: true };
    case 'char':
      return { name: 'char', precision: type.length, scale: 0, caseSensitive: true };
    case 'varbinary':
      return plain('varbinary', 1073741824);
    case 'time':
      return plain(type.withTimeZone ? 'time with time zone' : 'time', type.precision);
    case 'timestamp':
      return plain(type.withTimeZone ? 'timestamp with time zone' : 'timestamp', type.precision);
    default:
      return plain(type.name);
  }
}

export function columnInfo(name: string, type: TrinoType): ColumnInfo {
  const athena = athenaType(type);
  return athenaColumn(name, athena.name, athena.precision, athena.scale, athena.caseSensitive);
}

/** A result column as Athena describes it (the catalog and table are never named). */
export function athenaColumn(name: string, type: string, precision: number, scale: number, caseSensitive: boolean): ColumnInfo {
  return {
    CatalogName: 'hive',
    SchemaName: '',
    TableName: '',
    Name: name,
    Label: name,
    Type: type,
    Precision: precision,
    Scale: scale,
    Nullable: 'UNKNOWN',
    CaseSensitive: caseSensitive,
  };
}

/** The text Athena shows for a value; NULL stays null (a Datum without VarCharValue). */
export function formatValue(value: DuckDBValue, type: TrinoType): Cell {
  if (value === null || value === undefined) return null;
  return formatNonNull(value, type);
}

function formatNonNull(value: DuckDBValue, type: TrinoType): string {
  switch (type.name) {
    case 'real':
      return javaFloat(Number(value));
    case 'double':
      return javaDouble(Number(value));
    case 'date':
      return formatDate((value as DuckDBDateValue).days);
    case 'timestamp':
      if (typeof value === 'string') return value;
      return formatTimestamp(timestampMicros(value), type.precision);
    case 'time':
      if (typeof value === 'string') return value;
      return formatTime((value as DuckDBTimeValue).micros, type.precision);
    case 'varbinary':
      return [...(value as DuckDBBlobValue).bytes].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
    case 'interval day to second':
    case 'interval year to month':
      return formatInterval(value as DuckDBIntervalValue, type.name === 'interval year to month');
    case 'array': {
      const items = (value as DuckDBListValue | DuckDBArrayValue).items;
      return `[${items.map((item) => nested(item, type.element)).join(', ')}]`;
    }
    case 'map': {
      const entries = (value as DuckDBMapValue).entries;
      return `{${entries.map((entry) => `${nested(entry.key, type.key)}=${nested(entry.value, type.value)}`).join(', ')}}`;
    }
    case 'row': {
      const entries = (value as DuckDBStructValue).entries;
      return `{${type.fields.map((field, index) => `${fieldKey(field, index)}=${nested(entries[fieldKey(field, index)] ?? null, field.type)}`).join(', ')}}`;
    }
    default:
      return typeof value === 'string' ? value : String(value);
  }
}

/** Inside arrays, maps and rows NULL reads `null` and strings are not quoted, as in Athena. */
function nested(value: DuckDBValue, type: TrinoType): string {
  return value === null || value === undefined ? 'null' : formatNonNull(value, type);
}

function timestampMicros(value: DuckDBValue): bigint {
  if (value instanceof DuckDBTimestampValue) return value.micros;
  return BigInt(String((value as unknown as { micros?: bigint }).micros ?? 0));
}

const MICROS_PER_DAY = 86_400_000_000n;

export function formatDate(days: number): string {
  const date = new Date(days * 86_400_000);
  const year = date.getUTCFullYear();
  const yearText = year < 0 ? `-${String(-year).padStart(4, '0')}` : String(year).padStart(4, '0');
  return `${yearText}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** `2026-01-01 10:00:00.000` with `precision` fractional digits. */
export function formatTimestamp(micros: bigint, precision = 3): string {
  let days = micros / MICROS_PER_DAY;
  let rest = micros % MICROS_PER_DAY;
  if (rest < 0n) {
    rest += MICROS_PER_DAY;
    days -= 1n;
  }
  return `${formatDate(Number(days))} ${formatTime(rest, precision)}`;
}

export function formatTime(micros: bigint, precision = 3): string {
  const seconds = Number(micros / 1_000_000n);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const fraction = precision > 0 ? `.${(String(micros % 1_000_000n).padStart(6, '0') + '000000').slice(0, precision)}` : '';
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds % 60)}${fraction}`;
}

/** Trino's interval text: `2 03:00:00.000` (day to second), `3-5` (year to month). */
function formatInterval(interval: DuckDBIntervalValue, yearToMonth: boolean): string {
  if (yearToMonth) {
    const sign = interval.months < 0 ? '-' : '';
    return `${sign}${Math.floor(Math.abs(interval.months) / 12)}-${Math.abs(interval.months) % 12}`;
  }
  const micros = BigInt(interval.days) * MICROS_PER_DAY + interval.micros;
  const sign = micros < 0n ? '-' : '';
  const magnitude = micros < 0n ? -micros : micros;
  return `${sign}${magnitude / MICROS_PER_DAY} ${formatTime(magnitude % MICROS_PER_DAY, 3)}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Java's Double.toString: `1.5`, `100.0`, `1.0E20`, `1.0E-7`, `0.30000000000000004`. */
export function javaDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** Java's Float.toString: the shortest decimal that reads back as the same 32-bit float. */
export function javaFloat(value: number): string {
  if (!Number.isFinite(value) || value === 0) return javaDouble(value);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === Math.fround(value)) return javaDouble(candidate);
  }
  return javaDouble(value);
}

/**
 * The results file Athena writes: every non-NULL value (and the header) double-quoted, `"`
 * doubled, NULL as an empty field, `\n` after every line.
 */
export function toCsv(header: string[], rows: Cell[][]): string {
  const quote = (cell: Cell) => (cell === null ? '' : `"${cell.replaceAll('"', '""')}"`);
  const lines = [header.map(quote).join(',')];
  for (const row of rows) lines.push(row.map(quote).join(','));
  return `${lines.join('\n')}\n`;
}

/** Reads back a results file written by `toCsv` (quoted values, NULL as an empty unquoted field). */
export function fromCsv(text: string): { header: string[]; rows: Cell[][] } {
  const records: Cell[][] = [];
  let record: Cell[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error('unterminated quoted value in results file');
        value += text.slice(i, quote);
        i = quote + 1;
        if (text[i] !== '"') break;
        value += '"';
        i++;
      }
      record.push(value);
    } else {
      record.push(null);
    }
    if (text[i] === ',') {
      i++;
    } else {
      records.push(record);
      record = [];
      i++;
    }
  }
  const [header = [], ...rows] = records;
  return { header: header.map((cell) => cell ?? ''), rows };
}
