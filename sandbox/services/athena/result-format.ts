import type { ColumnInfo } from '@aws-sdk/client-athena';
import {
  DuckDBTimestampValue,
  DuckDBTypeId,
  type DuckDBArrayValue,
  type DuckDBBlobValue,
  type DuckDBDateValue,
  type DuckDBDecimalValue,
  type DuckDBIntervalValue,
  type DuckDBListValue,
  type DuckDBMapValue,
  type DuckDBStructValue,
  type DuckDBTimeValue,
  type DuckDBTimestampTZValue,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';

/**
 * How Athena shows a result: its type names in ColumnInfo and its text for each value, as
 * GetQueryResults and the results CSV carry them (decimals keep their scale, timestamps have
 * milliseconds, doubles use Java's notation, arrays/maps/rows their bracket notation).
 *
 * Fidelity gap: varchar columns always report Precision 2147483647 (Athena reports the length of
 * a bounded varchar such as a literal's).
 */
export type Cell = string | null;

interface AthenaType {
  name: string;
  precision: number;
  scale: number;
  caseSensitive: boolean;
}

export function athenaType(type: DuckDBType): AthenaType {
  const plain = (name: string, precision = 0): AthenaType => ({ name, precision, scale: 0, caseSensitive: false });
  if (type.alias === 'JSON') return plain('json');
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return plain('boolean');
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.UTINYINT:
      return plain('tinyint', 3);
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.USMALLINT:
      return plain('smallint', 5);
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UINTEGER:
      return plain('integer', 10);
    // DuckDB widens integer sums to HUGEINT where Trino answers bigint.
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return plain('bigint', 19);
    case DuckDBTypeId.FLOAT:
      return plain('float', 17);
    case DuckDBTypeId.DOUBLE:
      return plain('double', 17);
    case DuckDBTypeId.DECIMAL:
      return { name: 'decimal', precision: type.width, scale: type.scale, caseSensitive: false };
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.ENUM:
      return { name: 'varchar', precision: 2147483647, scale: 0, caseSensitive: true };
    case DuckDBTypeId.BLOB:
      return plain('varbinary', 1073741824);
    case DuckDBTypeId.DATE:
      return plain('date');
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_TZ:
      return plain('time', 3);
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return plain('timestamp', 3);
    case DuckDBTypeId.TIMESTAMP_TZ:
      return plain('timestamp with time zone', 3);
    case DuckDBTypeId.INTERVAL:
      return plain('interval day to second');
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return plain('array');
    case DuckDBTypeId.MAP:
      return plain('map');
    case DuckDBTypeId.STRUCT:
      return plain('row');
    case DuckDBTypeId.UUID:
      return plain('uuid');
    case DuckDBTypeId.SQLNULL:
      return plain('unknown');
    default:
      return plain(type.toString().toLowerCase());
  }
}

export function columnInfo(name: string, type: DuckDBType): ColumnInfo {
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
export function formatValue(value: DuckDBValue, type: DuckDBType): Cell {
  if (value === null || value === undefined) return null;
  return formatNonNull(value, type);
}

function formatNonNull(value: DuckDBValue, type: DuckDBType): string {
  switch (type.typeId) {
    case DuckDBTypeId.FLOAT:
      return javaFloat(value as number);
    case DuckDBTypeId.DOUBLE:
      return javaDouble(value as number);
    case DuckDBTypeId.DECIMAL:
      return (value as DuckDBDecimalValue).toString();
    case DuckDBTypeId.DATE:
      return formatDate((value as DuckDBDateValue).days);
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return formatTimestamp(timestampMicros(value, type.typeId));
    case DuckDBTypeId.TIMESTAMP_TZ:
      return `${formatTimestamp((value as DuckDBTimestampTZValue).micros)} UTC`;
    case DuckDBTypeId.TIME:
      return formatTime((value as DuckDBTimeValue).micros);
    case DuckDBTypeId.BLOB:
      return [...(value as DuckDBBlobValue).bytes].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
    case DuckDBTypeId.INTERVAL:
      return formatInterval(value as DuckDBIntervalValue);
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: {
      const elementType = (type as { valueType: DuckDBType }).valueType;
      const items = (value as DuckDBListValue | DuckDBArrayValue).items;
      return `[${items.map((item) => nested(item, elementType)).join(', ')}]`;
    }
    case DuckDBTypeId.MAP: {
      const { keyType, valueType } = type as { keyType: DuckDBType; valueType: DuckDBType };
      const entries = (value as DuckDBMapValue).entries;
      return `{${entries.map((entry) => `${nested(entry.key, keyType)}=${nested(entry.value, valueType)}`).join(', ')}}`;
    }
    case DuckDBTypeId.STRUCT: {
      const struct = type as { entryNames: readonly string[]; entryTypes: readonly DuckDBType[] };
      const entries = (value as DuckDBStructValue).entries;
      return `{${struct.entryNames.map((name, index) => `${name}=${nested(entries[name], struct.entryTypes[index])}`).join(', ')}}`;
    }
    default:
      return typeof value === 'string' ? value : String(value);
  }
}

/** Inside arrays, maps and rows NULL reads `null` and strings are not quoted, as in Athena. */
function nested(value: DuckDBValue, type: DuckDBType): string {
  return value === null || value === undefined ? 'null' : formatNonNull(value, type);
}

function timestampMicros(value: DuckDBValue, typeId: DuckDBTypeId): bigint {
  if (value instanceof DuckDBTimestampValue) return value.micros;
  const raw = value as unknown as { seconds?: bigint; millis?: bigint; nanos?: bigint };
  if (typeId === DuckDBTypeId.TIMESTAMP_S && raw.seconds !== undefined) return raw.seconds * 1_000_000n;
  if (typeId === DuckDBTypeId.TIMESTAMP_MS && raw.millis !== undefined) return raw.millis * 1000n;
  if (typeId === DuckDBTypeId.TIMESTAMP_NS && raw.nanos !== undefined) return raw.nanos / 1000n;
  return BigInt(String((value as unknown as { micros?: bigint }).micros ?? 0));
}

const MICROS_PER_DAY = 86_400_000_000n;

export function formatDate(days: number): string {
  const date = new Date(days * 86_400_000);
  const year = date.getUTCFullYear();
  const yearText = year < 0 ? `-${String(-year).padStart(4, '0')}` : String(year).padStart(4, '0');
  return `${yearText}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** `2026-01-01 10:00:00.000`: Athena's timestamp(3), so microseconds are truncated. */
export function formatTimestamp(micros: bigint): string {
  let days = micros / MICROS_PER_DAY;
  let rest = micros % MICROS_PER_DAY;
  if (rest < 0n) {
    rest += MICROS_PER_DAY;
    days -= 1n;
  }
  return `${formatDate(Number(days))} ${formatTime(rest)}`;
}

export function formatTime(micros: bigint): string {
  const totalMillis = Number(micros / 1000n);
  const hours = Math.floor(totalMillis / 3_600_000);
  const minutes = Math.floor((totalMillis % 3_600_000) / 60_000);
  const seconds = Math.floor((totalMillis % 60_000) / 1000);
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}.${String(totalMillis % 1000).padStart(3, '0')}`;
}

function formatInterval(interval: DuckDBIntervalValue): string {
  if (interval.months !== 0 && interval.days === 0 && interval.micros === 0n) {
    return `${Math.trunc(interval.months / 12)}-${Math.abs(interval.months % 12)}`;
  }
  const days = interval.days + Number(interval.micros / MICROS_PER_DAY);
  return `${days} ${formatTime(interval.micros % MICROS_PER_DAY)}`;
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
  const [mantissa, exponent] = value.toExponential().split('e');
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
