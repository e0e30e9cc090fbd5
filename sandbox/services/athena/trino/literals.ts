import { quoteString } from '../sql-lexer';
import type { Expression, IntervalField } from './ast';
import type { Typed } from './scope';
import { SemanticError } from './syntax-error';
import {
  BIGINT,
  decimal,
  DOUBLE,
  INTEGER,
  INTERVAL_DAY_TO_SECOND,
  INTERVAL_YEAR_TO_MONTH,
  JSON_TYPE,
  parseType,
  TypeParseError,
  VARBINARY,
  duckType,
  type TrinoType,
} from './types';

/**
 * Literals typed as Trino types them: `'abc'` is varchar(3), `1.50` decimal(3,2), `1e3` double,
 * `TIMESTAMP '2020-06-10 15:55:23.383'` timestamp(3) (precision from the digits written), a zone
 * in a timestamp literal makes it `timestamp with time zone`, intervals are day-to-second or
 * year-to-month. Invalid literals fail as Athena does (INVALID_LITERAL).
 */
export function stringLiteral(value: string): Typed {
  return { type: { name: 'varchar', length: [...value].length }, sql: quoteString(value), literal: value };
}

export function numberLiteral(text: string, position: number): Typed {
  if (/^[0-9]+$/.test(text)) {
    const value = BigInt(text);
    if (value <= 2147483647n) return { type: INTEGER, sql: text, literal: Number(text) };
    if (value <= 9223372036854775807n) return { type: BIGINT, sql: `CAST(${text} AS BIGINT)`, literal: Number(text) };
    throw new SemanticError('INVALID_LITERAL', `Invalid numeric literal: ${text}`, position);
  }
  if (/[eE]/.test(text)) return { type: DOUBLE, sql: `CAST(${quoteString(text)} AS DOUBLE)`, literal: Number(text) };
  return decimalLiteral(text, position);
}

/** `1.50` (leading zeros ignored) or, with `countLeadingZeros`, `DECIMAL '0012.50'` (every digit counts). */
export function decimalLiteral(text: string, position: number, countLeadingZeros = false): Typed {
  const match = /^\s*([+-]?)([0-9]*)(?:\.([0-9]*))?\s*$/.exec(text);
  if (!match || ((match[2] ?? '') === '' && (match[3] ?? '') === ''))
    throw new SemanticError('INVALID_LITERAL', `'${text}' is not a valid decimal literal`, position);
  const integer = match[2] ?? '';
  const fraction = match[3] ?? '';
  // Leading zeros of the integer part do not count; the precision covers at least the scale.
  const significantInteger = countLeadingZeros ? integer : integer.replace(/^0+/, '');
  const precision = Math.max(significantInteger.length + fraction.length, 1);
  if (precision > 38) throw new SemanticError('INVALID_LITERAL', `Decimal literal is too long: ${text}`, position);
  const type = decimal(precision, fraction.length);
  return { type, sql: `CAST(${quoteString(text.trim())} AS ${duckType(type)})`, literal: Number(text) };
}

/** `DATE '…'`, `TIMESTAMP '…'`, `DECIMAL '…'`, `REAL '…'`, `JSON '…'`, `X'…'`, `CHAR '…'`, … */
export function typedLiteral(typeText: string, value: string, position: number): Typed {
  const invalid = (what: string) => new SemanticError('INVALID_LITERAL', `'${value}' is not a valid ${what} literal`, position);
  switch (typeText) {
    case 'decimal':
    case 'numeric':
      try {
        return decimalLiteral(value, position, true);
      } catch {
        throw invalid('decimal');
      }
    case 'date': {
      if (!/^\s*[+-]?\d{4,}-\d{1,2}-\d{1,2}\s*$/.test(value) || Number.isNaN(Date.parse(`${value.trim()}T00:00:00Z`)))
        throw invalid('date');
      return { type: { name: 'date' }, sql: `CAST(${quoteString(value.trim())} AS DATE)`, literal: value };
    }
    case 'timestamp':
      return timestampLiteral(value, position);
    case 'time': {
      const match = /^\s*(\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.(\d+))?)?)\s*([+-]\d{1,2}(?::?\d{2})?)?\s*$/.exec(value);
      if (!match) throw invalid('time');
      const precision = match[2]?.length ?? 0;
      if (match[3]) {
        return {
          type: { name: 'time', precision, withTimeZone: true },
          sql: `CAST(${quoteString(`${match[1]}${match[3]}`)} AS TIMETZ)`,
        };
      }
      return { type: { name: 'time', precision, withTimeZone: false }, sql: `CAST(${quoteString(match[1] ?? '')} AS TIME)` };
    }
    case 'real':
    case 'float':
    case 'double': {
      const text = value.trim();
      if (!/^[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|NaN|Infinity)$/.test(text)) throw invalid(typeText === 'double' ? 'double' : 'real');
      const type: TrinoType = typeText === 'double' ? DOUBLE : { name: 'real' };
      return { type, sql: `CAST(${quoteString(text)} AS ${duckType(type)})`, literal: Number(text) };
    }
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'int':
    case 'bigint': {
      const type = parseType(typeText);
      if (!/^\s*[+-]?\d+\s*$/.test(value)) throw invalid(type.name);
      return { type, sql: `CAST(${quoteString(value.trim())} AS ${duckType(type)})`, literal: Number(value) };
    }
    case 'varchar':
      return stringLiteral(value);
    case 'char':
      return { type: { name: 'char', length: Math.max(1, [...value].length) }, sql: quoteString(value), literal: value };
    case 'varbinary': {
      const hex = value.replace(/\s+/g, '');
      if (!/^([0-9A-Fa-f]{2})*$/.test(hex))
        throw new SemanticError('INVALID_LITERAL', `Binary literal can only contain hexadecimal digits`, position);
      return { type: VARBINARY, sql: `unhex(${quoteString(hex)})` };
    }
    case 'json': {
      try {
        JSON.parse(value);
      } catch {
        throw new SemanticError('INVALID_LITERAL', `Cannot convert '${value}' to JSON`, position);
      }
      return { type: JSON_TYPE, sql: `json(${quoteString(value)})` };
    }
    case 'boolean': {
      const lower = value.trim().toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw invalid('boolean');
      return { type: { name: 'boolean' }, sql: lower, literal: lower === 'true' };
    }
    case 'uuid':
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value.trim())) throw invalid('uuid');
      return { type: { name: 'uuid' }, sql: `CAST(${quoteString(value.trim())} AS UUID)` };
    default: {
      try {
        parseType(typeText);
      } catch (error) {
        if (error instanceof TypeParseError) throw new SemanticError('TYPE_NOT_FOUND', `Unknown type: ${typeText}`, position);
        throw error;
      }
      throw new SemanticError('NOT_SUPPORTED', `The postflight sandbox does not support ${typeText} literals`, position);
    }
  }
}

/** `TIMESTAMP 'YYYY-MM-DD[ HH:MM[:SS[.f…]]][ zone]'`: the precision is the number of fractional digits written. */
export function timestampLiteral(value: string, position: number): Typed {
  const match = /^\s*(\d{4,}-\d{1,2}-\d{1,2})(?: +(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,12}))?)?)?\s*(.*?)\s*$/.exec(value);
  const invalid = () => new SemanticError('INVALID_LITERAL', `'${value}' is not a valid timestamp literal`, position);
  if (!match) throw invalid();
  const [, date = '', hours = '0', minutes = '0', seconds = '0', fraction = '', zoneText = ''] = match;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59 || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw invalid();
  const precision = fraction.length;
  if (precision > 6)
    throw new SemanticError('NOT_SUPPORTED', 'The postflight sandbox keeps timestamps to microseconds (precision 6 at most)', position);
  const local = `${date} ${hours.padStart(2, '0')}:${minutes.padStart(2, '0')}:${seconds.padStart(2, '0')}${fraction ? `.${fraction}` : ''}`;
  const localSql = `CAST(${quoteString(local)} AS TIMESTAMP)`;
  if (zoneText === '') return { type: { name: 'timestamp', precision, withTimeZone: false }, sql: localSql, literal: value };
  const zone = normalizeZone(zoneText);
  if (!zone) throw invalid();
  return {
    type: { name: 'timestamp', precision, withTimeZone: true },
    sql: `trino_tstz(trino_instant_at(${localSql}, ${quoteString(zone)}), ${quoteString(zone)})`,
    literal: value,
  };
}

/**
 * Trino's spelling of a zone: `UTC` for UTC's aliases and zero offsets, `+hh:mm` for offsets
 * (with or without a `UTC`/`GMT` prefix), IANA names as written; undefined for an unknown zone.
 */
export function normalizeZone(text: string): string | undefined {
  const zone = text.trim();
  if (/^(utc|z|ut|gmt|uct|zulu|gmt0|utc0|etc\/(utc|gmt|uct|zulu|ut|gmt0))$/i.test(zone)) return 'UTC';
  const offset = /^(?:utc|gmt|ut)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(zone);
  if (offset) {
    const [, sign = '+', hours = '0', minutes = '00'] = offset;
    if (Number(hours) > 14 || Number(minutes) > 59) return undefined;
    if (Number(hours) === 0 && Number(minutes) === 0) return 'UTC';
    return `${sign}${hours.padStart(2, '0')}:${minutes.padStart(2, '0')}`;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

const YEAR_MONTH: IntervalField[] = ['YEAR', 'MONTH'];

/** `INTERVAL '2' DAY`, `INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL '1 02:03:04.5' DAY TO SECOND`. */
export function intervalLiteral(node: Extract<Expression, { kind: 'interval' }>): Typed {
  const invalid = () => new SemanticError('INVALID_LITERAL', `'${node.value}' is not a valid interval literal`, node.start);
  const sign = node.negative ? -1 : 1;
  const text = node.value.trim();
  const negativeText = text.startsWith('-');
  const body = text.replace(/^[+-]/, '');
  const direction = sign * (negativeText ? -1 : 1);
  if (YEAR_MONTH.includes(node.from)) {
    if (node.to && !YEAR_MONTH.includes(node.to)) throw invalid();
    let months: number;
    if (node.from === 'YEAR' && node.to === 'MONTH') {
      const match = /^(\d+)-(\d+)$/.exec(body);
      if (!match) throw invalid();
      months = Number(match[1]) * 12 + Number(match[2]);
    } else {
      if (!/^\d+$/.test(body)) throw invalid();
      months = Number(body) * (node.from === 'YEAR' ? 12 : 1);
    }
    return { type: INTERVAL_YEAR_TO_MONTH, sql: `to_months(${direction * months})` };
  }
  if (node.to && YEAR_MONTH.includes(node.to)) throw invalid();
  const units: Record<string, number> = { DAY: 86_400_000_000, HOUR: 3_600_000_000, MINUTE: 60_000_000, SECOND: 1_000_000 };
  const order = ['DAY', 'HOUR', 'MINUTE', 'SECOND'];
  const fields = order.slice(order.indexOf(node.from), order.indexOf(node.to ?? node.from) + 1);
  const parts = body.split(/[ :]/);
  if (parts.length !== fields.length) throw invalid();
  let micros = 0;
  parts.forEach((part, index) => {
    const field = fields[index]!;
    const isLastSecond = field === 'SECOND';
    if (!(isLastSecond ? /^\d+(\.\d{1,9})?$/ : /^\d+$/).test(part)) throw invalid();
    micros += Math.round(Number(part) * (units[field] ?? 0));
  });
  return { type: INTERVAL_DAY_TO_SECOND, sql: `to_microseconds(CAST(${direction * micros} AS BIGINT))` };
}
