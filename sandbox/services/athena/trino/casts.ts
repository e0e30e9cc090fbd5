import { quoteIdentifier, quoteString } from '../sql-lexer';
import { canCoerce } from './coercion';
import type { Typed } from './scope';
import { duckType, fieldKey, isCharacter, isNumeric, rowField, sameType, typeName, type TrinoType } from './types';

/**
 * CAST between Trino types as DuckDB SQL, with Trino's semantics where DuckDB's differ: text
 * parsed as strictly as Trino parses it (`'1.5'` is not an integer, `'2020-01-01T00:00'` not a
 * timestamp), doubles and reals printed as Java prints them, timestamps rounded to their
 * precision, varchar(n) truncated, `timestamp with time zone` carrying its zone, JSON scalars
 * unquoted. `try` answers NULL where `cast` fails; `implicit` is a widening coercion.
 */
export type CastMode = 'implicit' | 'cast' | 'try';

export class CastError extends Error {}

/** Whether Trino can CAST (explicitly) between the two types at all. */
export function canCast(from: TrinoType, to: TrinoType): boolean {
  if (from.name === 'unknown' || sameType(from, to) || canCoerce(from, to)) return true;
  const scalarText = (type: TrinoType) =>
    isNumeric(type) ||
    isCharacter(type) ||
    ['boolean', 'date', 'time', 'timestamp', 'json', 'uuid', 'interval day to second', 'interval year to month'].includes(type.name);
  if (isCharacter(to)) return scalarText(from);
  switch (from.name) {
    case 'varchar':
    case 'char':
      return scalarText(to) || to.name === 'varbinary';
    case 'boolean':
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'real':
    case 'double':
    case 'decimal':
      return isNumeric(to) || to.name === 'boolean' || to.name === 'json';
    case 'date':
    case 'timestamp':
      return to.name === 'date' || to.name === 'timestamp' || to.name === 'time';
    case 'time':
      return to.name === 'time' || to.name === 'timestamp';
    case 'json':
      return isNumeric(to) || to.name === 'boolean' || to.name === 'date' || to.name === 'time' || containerOfJsonable(to);
    case 'array':
      return (to.name === 'array' && canCast(from.element, to.element)) || (to.name === 'json' && jsonable(from));
    case 'map':
      return (to.name === 'map' && canCast(from.key, to.key) && canCast(from.value, to.value)) || (to.name === 'json' && jsonable(from));
    case 'row':
      return (
        (to.name === 'row' &&
          to.fields.length === from.fields.length &&
          from.fields.every((field, index) => canCast(field.type, to.fields[index]!.type))) ||
        (to.name === 'json' && jsonable(from))
      );
    default:
      return false;
  }
}

function jsonable(type: TrinoType): boolean {
  switch (type.name) {
    case 'array':
      return jsonable(type.element);
    case 'map':
      return isCharacter(type.key) && jsonable(type.value);
    case 'row':
      return type.fields.every((field) => jsonable(field.type));
    default:
      return isNumeric(type) || isCharacter(type) || type.name === 'boolean' || type.name === 'json' || type.name === 'unknown';
  }
}

function containerOfJsonable(type: TrinoType): boolean {
  return (type.name === 'array' || type.name === 'map' || type.name === 'row') && jsonable(type);
}

/** The SQL of `value` as `target`. */
export function castSql(value: Typed, target: TrinoType, mode: CastMode): string {
  return new Caster(mode).cast(value.sql, value.type, target);
}

class Caster {
  private lambdas = 0;

  constructor(private readonly mode: CastMode) {}

  cast(sql: string, from: TrinoType, to: TrinoType): string {
    if (from.name === 'unknown') return `CAST(${sql} AS ${duckType(to)})`;
    if (sameType(from, to)) return sql;
    switch (to.name) {
      case 'varchar':
      case 'char':
        return this.toCharacter(sql, from, to);
      case 'boolean':
        return this.toBoolean(sql, from);
      case 'tinyint':
      case 'smallint':
      case 'integer':
      case 'bigint':
        return this.toInteger(sql, from, to);
      case 'real':
      case 'double':
      case 'decimal':
        return this.toNumber(sql, from, to);
      case 'date':
        return this.toDate(sql, from);
      case 'timestamp':
        return to.withTimeZone ? this.toTimestampWithZone(sql, from, to.precision) : this.toTimestamp(sql, from, to.precision);
      case 'time':
        return this.toTime(sql, from, to);
      case 'json':
        return this.toJson(sql, from);
      case 'varbinary':
        if (isCharacter(from)) return `encode(${sql})`;
        break;
      case 'uuid':
        if (isCharacter(from)) return this.native(sql, to);
        break;
      case 'array':
        if (from.name === 'array') return this.elements(sql, from.element, to.element);
        if (from.name === 'json') return this.native(sql, to);
        break;
      case 'map':
        if (from.name === 'map') {
          const entry = this.variable();
          return `map_from_entries(list_transform(map_entries(${sql}), lambda ${entry}: struct_pack("key" := ${this.cast(`${entry}."key"`, from.key, to.key)}, "value" := ${this.cast(`${entry}."value"`, from.value, to.value)})))`;
        }
        if (from.name === 'json') return this.native(sql, to);
        break;
      case 'row':
        if (from.name === 'row' && from.fields.length === to.fields.length) {
          const fields = to.fields.map((field, index) => {
            const source = from.fields[index]!;
            const value = this.cast(rowField(sql, from, index), source.type, field.type);
            return `${quoteIdentifier(fieldKey(field, index))} := ${value}`;
          });
          return `CASE WHEN ${sql} IS NULL THEN NULL ELSE struct_pack(${fields.join(', ')}) END`;
        }
        if (from.name === 'json') return this.jsonToRow(sql, to);
        break;
      case 'interval day to second':
      case 'interval year to month':
        if (from.name === to.name) return sql;
        break;
    }
    throw new CastError(`Cannot cast ${typeName(from)} to ${typeName(to)}`);
  }

  private toCharacter(sql: string, from: TrinoType, to: Extract<TrinoType, { name: 'varchar' | 'char' }>): string {
    let text: string;
    switch (from.name) {
      case 'varchar':
      case 'char':
        text = sql;
        break;
      case 'double':
        text = `trino_double_text(${sql})`;
        break;
      case 'real':
        text = `trino_real_text(${sql})`;
        break;
      case 'timestamp':
        text = from.withTimeZone ? `trino_tstz_text(${sql}, ${from.precision})` : `trino_timestamp_text(${sql}, ${from.precision})`;
        break;
      case 'time':
        text = `trino_time_text(${sql}, ${from.precision})`;
        break;
      case 'interval day to second':
        text = `trino_interval_ds_text(${sql})`;
        break;
      case 'interval year to month':
        text = `trino_interval_ym_text(${sql})`;
        break;
      case 'json':
        text = this.guard(
          `json_type(${sql}) IN ('OBJECT', 'ARRAY')`,
          `'Cannot cast to varchar. ' || CAST(${sql} AS VARCHAR)`,
          `CASE json_type(${sql}) WHEN 'NULL' THEN NULL WHEN 'VARCHAR' THEN ${sql} ->> '$' ELSE CAST(${sql} AS VARCHAR) END`,
        );
        break;
      default:
        text = `CAST(${sql} AS VARCHAR)`;
    }
    if (to.name === 'char') return `rpad(left(${text}, ${to.length}), ${to.length}, ' ')`;
    const fromLength = from.name === 'varchar' || from.name === 'char' ? from.length : undefined;
    if (to.length === undefined || (fromLength !== undefined && fromLength <= to.length)) return text;
    if (isCharacter(from)) return `left(${text}, ${to.length})`;
    // Trino refuses to cut a number or a date short.
    return this.guard(
      `length(${text}) > ${to.length}`,
      `'Value ' || ${text} || ' cannot be represented as varchar(${to.length})'`,
      text,
      'INVALID_CAST_ARGUMENT',
    );
  }

  private toBoolean(sql: string, from: TrinoType): string {
    if (isNumeric(from)) return `(${sql} <> 0)`;
    if (isCharacter(from)) {
      const lower = `lower(${sql})`;
      return this.guard(
        `${lower} NOT IN ('t', 'true', '1', 'f', 'false', '0')`,
        `'Cannot cast ''' || ${sql} || ''' to BOOLEAN'`,
        `(${lower} IN ('t', 'true', '1'))`,
      );
    }
    if (from.name === 'json') return this.fromJsonScalar(sql, 'BOOLEAN');
    return this.native(sql, { name: 'boolean' });
  }

  private toInteger(sql: string, from: TrinoType, to: TrinoType): string {
    const target = duckType(to);
    if (isCharacter(from)) {
      return this.guard(
        `NOT regexp_full_match(${sql}, '\\s*[+-]?[0-9]+\\s*')`,
        `'Cannot cast ''' || ${sql} || ''' to ${integerName(to)}'`,
        this.native(sql, to),
      );
    }
    if (from.name === 'real' || from.name === 'double') {
      return this.guard(`isnan(${sql})`, `'Cannot cast ${typeName(from)} NaN to ${typeName(to)}'`, this.native(`round(${sql})`, to));
    }
    if (from.name === 'json') return this.fromJsonScalar(sql, target);
    return this.native(sql, to);
  }

  private toNumber(sql: string, from: TrinoType, to: TrinoType): string {
    if (from.name === 'json') return this.fromJsonScalar(sql, duckType(to));
    if (isCharacter(from) && to.name === 'decimal') {
      return this.guard(
        `NOT regexp_full_match(${sql}, '\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*')`,
        `'Cannot cast VARCHAR ''' || ${sql} || ''' to DECIMAL(${to.precision}, ${to.scale}). Value is not a number.'`,
        this.native(sql, to),
      );
    }
    return this.native(sql, to);
  }

  private toDate(sql: string, from: TrinoType): string {
    if (isCharacter(from)) {
      return this.guard(
        `NOT regexp_full_match(${sql}, '\\s*[+-]?[0-9]{4,}-[0-9]{1,2}-[0-9]{1,2}\\s*')`,
        `'Value cannot be cast to date: ' || ${sql}`,
        this.native(`trim(${sql})`, { name: 'date' }),
      );
    }
    if (from.name === 'timestamp' && from.withTimeZone) return `CAST(trino_local(${sql}) AS DATE)`;
    if (from.name === 'json') {
      return this.guard(
        `json_type(${sql}) NOT IN ('VARCHAR', 'NULL')`,
        `'Cannot cast JSON value to date; expected a JSON string'`,
        this.toDate(`(${sql} ->> '$')`, { name: 'varchar' }),
      );
    }
    return this.native(sql, { name: 'date' });
  }

  private toTimestamp(sql: string, from: TrinoType, precision: number): string {
    let value: string;
    let sourcePrecision = 12;
    if (isCharacter(from)) {
      value = this.guard(
        `NOT regexp_full_match(${sql}, '\\s*[+-]?[0-9]{4,}-[0-9]{1,2}-[0-9]{1,2}( +[0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2}(\\.[0-9]{1,12})?)?)?\\s*')`,
        `'Value cannot be cast to timestamp: ' || ${sql}`,
        this.native(`trim(${sql})`, { name: 'timestamp', precision: 6, withTimeZone: false }),
      );
    } else if (from.name === 'timestamp') {
      value = from.withTimeZone ? `trino_local(${sql})` : sql;
      sourcePrecision = from.precision;
    } else if (from.name === 'date') {
      value = `CAST(${sql} AS TIMESTAMP)`;
      sourcePrecision = 0;
    } else if (from.name === 'time') {
      value = `(current_date + ${sql})`;
      sourcePrecision = from.precision;
    } else {
      value = this.native(sql, { name: 'timestamp', precision: 6, withTimeZone: false });
    }
    return sourcePrecision > precision ? roundTimestamp(value, precision) : value;
  }

  private toTimestampWithZone(sql: string, from: TrinoType, precision: number): string {
    if (from.name === 'timestamp' && from.withTimeZone) {
      if (from.precision <= precision) return sql;
      return `trino_tstz(${roundTimestampTz(`${sql}."instant"`, precision)}, ${sql}."zone")`;
    }
    if (isCharacter(from)) {
      const parsed = `trino_parse_tstz(${sql})`;
      const checked = this.guard(`${parsed} IS NULL`, `'Value cannot be cast to timestamp with time zone: ' || ${sql}`, parsed);
      return precision >= 6 ? checked : `trino_tstz(${roundTimestampTz(`(${checked})."instant"`, precision)}, (${checked})."zone")`;
    }
    // A timestamp without a zone is read in the session zone (UTC in Athena).
    const local = this.toTimestamp(sql, from, precision);
    return `trino_tstz(CAST(${local} AS TIMESTAMPTZ), 'UTC')`;
  }

  private toTime(sql: string, from: TrinoType, to: TrinoType & { precision: number; withTimeZone: boolean }): string {
    if (to.withTimeZone) return this.native(sql, to);
    if (from.name === 'timestamp') return `CAST(${from.withTimeZone ? `trino_local(${sql})` : sql} AS TIME)`;
    if (from.name === 'json') return this.toTime(`(${sql} ->> '$')`, { name: 'varchar' }, to);
    if (isCharacter(from)) {
      return this.guard(
        `NOT regexp_full_match(${sql}, '\\s*[0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2}(\\.[0-9]{1,12})?)?\\s*')`,
        `'Value cannot be cast to time: ' || ${sql}`,
        this.native(`trim(${sql})`, to),
      );
    }
    return this.native(sql, to);
  }

  private toJson(sql: string, from: TrinoType): string {
    if (isCharacter(from)) return `to_json(${sql})`;
    if (from.name === 'real') return `CAST(trino_real_text(${sql}) AS JSON)`;
    if (from.name === 'double') return `CAST(trino_double_text(${sql}) AS JSON)`;
    if (!jsonable(from)) throw new CastError(`Cannot cast ${typeName(from)} to json`);
    return `to_json(${sql})`;
  }

  /** A JSON scalar as a SQL scalar: `null` is NULL, strings are parsed, arrays and objects fail. */
  private fromJsonScalar(sql: string, target: string): string {
    return this.guard(
      `json_type(${sql}) IN ('OBJECT', 'ARRAY')`,
      `'Cannot cast ''' || CAST(${sql} AS VARCHAR) || ''' to ${target}'`,
      `CASE json_type(${sql}) WHEN 'NULL' THEN NULL ELSE ${this.mode === 'try' ? 'TRY_CAST' : 'CAST'}(${sql} ->> '$' AS ${target}) END`,
    );
  }

  /** JSON objects match row fields by name, JSON arrays by position. */
  private jsonToRow(sql: string, to: Extract<TrinoType, { name: 'row' }>): string {
    const fields = to.fields.map((field, index) => {
      const byName = field.name ? `json_extract(${sql}, ${quoteString(`$."${field.name.replaceAll('"', '\\"')}"`)})` : 'NULL';
      const byPosition = `json_extract(${sql}, '$[${index}]')`;
      const element = `CASE json_type(${sql}) WHEN 'ARRAY' THEN ${byPosition} ELSE ${byName} END`;
      return `${quoteIdentifier(fieldKey(field, index))} := ${this.cast(element, { name: 'json' }, field.type)}`;
    });
    return `CASE WHEN ${sql} IS NULL OR json_type(${sql}) = 'NULL' THEN NULL ELSE struct_pack(${fields.join(', ')}) END`;
  }

  private elements(sql: string, from: TrinoType, to: TrinoType): string {
    const element = this.variable();
    return `list_transform(${sql}, lambda ${element}: ${this.cast(element, from, to)})`;
  }

  private native(sql: string, to: TrinoType): string {
    return `${this.mode === 'try' ? 'TRY_CAST' : 'CAST'}(${sql} AS ${duckType(to)})`;
  }

  /** Fails with INVALID_CAST_ARGUMENT (or answers NULL for TRY_CAST) when `failing` holds. */
  private guard(failing: string, message: string, value: string, errorName = 'INVALID_CAST_ARGUMENT'): string {
    const otherwise = this.mode === 'try' ? 'NULL' : `error('${errorName}: ' || ${message})`;
    return `CASE WHEN ${failing} THEN ${otherwise} ELSE ${value} END`;
  }

  private variable(): string {
    return `trino_cast_${++this.lambdas}`;
  }
}

function integerName(type: TrinoType): string {
  return ({ tinyint: 'TINYINT', smallint: 'SMALLINT', integer: 'INT', bigint: 'BIGINT' } as Record<string, string>)[type.name] ?? type.name;
}

/** Rounds a TIMESTAMP to `precision` fractional digits, half up, as Trino's casts do. */
export function roundTimestamp(sql: string, precision: number): string {
  if (precision >= 6) return sql;
  const unit = 10 ** (6 - precision);
  return `make_timestamp(CAST(floor((epoch_us(${sql}) + ${unit / 2}) / ${unit}) AS BIGINT) * ${unit})`;
}

function roundTimestampTz(sql: string, precision: number): string {
  if (precision >= 6) return sql;
  const unit = 10 ** (6 - precision);
  return `CAST(make_timestamp(CAST(floor((epoch_us(${sql}) + ${unit / 2}) / ${unit}) AS BIGINT) * ${unit}) AS TIMESTAMPTZ)`;
}
