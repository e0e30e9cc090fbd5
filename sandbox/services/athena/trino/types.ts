import { quoteIdentifier } from '../sql-lexer';

/**
 * Trino's types as Athena engine 3 has them, how they are spelled (`typeof`, error messages,
 * information_schema), and how each is represented in DuckDB. Most map one to one; the exceptions:
 * varchar(n) and char(n) are VARCHAR (the length is a property of the type, checked here);
 * timestamp(p) is a microsecond TIMESTAMP rounded to p digits; `timestamp(p) with time zone` is a
 * STRUCT of the instant and the zone it was written in (Athena renders a value in its own zone);
 * both interval types are DuckDB INTERVALs.
 */
export type TrinoType =
  | { name: 'boolean' | 'tinyint' | 'smallint' | 'integer' | 'bigint' | 'real' | 'double' }
  | { name: 'decimal'; precision: number; scale: number }
  | { name: 'varchar'; length?: number }
  | { name: 'char'; length: number }
  | { name: 'varbinary' | 'json' | 'date' | 'uuid' | 'unknown' }
  | { name: 'time' | 'timestamp'; precision: number; withTimeZone: boolean }
  | { name: 'interval day to second' | 'interval year to month' }
  | { name: 'array'; element: TrinoType }
  | { name: 'map'; key: TrinoType; value: TrinoType }
  | { name: 'row'; fields: RowField[] };

export interface RowField {
  /** Absent for anonymous fields (`ROW(1, 'a')`). */
  name?: string;
  type: TrinoType;
}

export const BOOLEAN: TrinoType = { name: 'boolean' };
export const TINYINT: TrinoType = { name: 'tinyint' };
export const SMALLINT: TrinoType = { name: 'smallint' };
export const INTEGER: TrinoType = { name: 'integer' };
export const BIGINT: TrinoType = { name: 'bigint' };
export const REAL: TrinoType = { name: 'real' };
export const DOUBLE: TrinoType = { name: 'double' };
export const VARCHAR: TrinoType = { name: 'varchar' };
export const VARBINARY: TrinoType = { name: 'varbinary' };
export const JSON_TYPE: TrinoType = { name: 'json' };
export const DATE: TrinoType = { name: 'date' };
export const UUID: TrinoType = { name: 'uuid' };
export const UNKNOWN: TrinoType = { name: 'unknown' };
export const INTERVAL_DAY_TO_SECOND: TrinoType = { name: 'interval day to second' };
export const INTERVAL_YEAR_TO_MONTH: TrinoType = { name: 'interval year to month' };

export function decimal(precision: number, scale = 0): TrinoType {
  return { name: 'decimal', precision, scale };
}

export function varchar(length?: number): TrinoType {
  return length === undefined ? VARCHAR : { name: 'varchar', length };
}

export function timestamp(precision = 3, withTimeZone = false): TrinoType {
  return { name: 'timestamp', precision, withTimeZone };
}

export function time(precision = 3, withTimeZone = false): TrinoType {
  return { name: 'time', precision, withTimeZone };
}

export function arrayOf(element: TrinoType): TrinoType {
  return { name: 'array', element };
}

export function mapOf(key: TrinoType, value: TrinoType): TrinoType {
  return { name: 'map', key, value };
}

export function rowOf(fields: RowField[]): TrinoType {
  return { name: 'row', fields };
}

export const INTEGER_TYPES = ['tinyint', 'smallint', 'integer', 'bigint'] as const;

export function isIntegerType(type: TrinoType): boolean {
  return (INTEGER_TYPES as readonly string[]).includes(type.name);
}

export function isExactNumeric(type: TrinoType): boolean {
  return isIntegerType(type) || type.name === 'decimal';
}

export function isNumeric(type: TrinoType): boolean {
  return isExactNumeric(type) || type.name === 'real' || type.name === 'double';
}

export function isCharacter(type: TrinoType): boolean {
  return type.name === 'varchar' || type.name === 'char';
}

export function isTimestampWithZone(type: TrinoType): boolean {
  return type.name === 'timestamp' && type.withTimeZone;
}

/** The decimal an integer type widens to (tinyint → decimal(3,0), …). */
export function integerAsDecimal(type: TrinoType): TrinoType {
  switch (type.name) {
    case 'tinyint':
      return decimal(3);
    case 'smallint':
      return decimal(5);
    case 'integer':
      return decimal(10);
    case 'bigint':
      return decimal(19);
    default:
      return type;
  }
}

export function sameType(a: TrinoType, b: TrinoType): boolean {
  return typeName(a) === typeName(b);
}

/** Trino's spelling: `varchar(3)`, `decimal(4,2)`, `timestamp(3) with time zone`, `array(integer)`, `row(x integer)`. */
export function typeName(type: TrinoType): string {
  switch (type.name) {
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    case 'varchar':
      return type.length === undefined ? 'varchar' : `varchar(${type.length})`;
    case 'char':
      return `char(${type.length})`;
    case 'time':
    case 'timestamp':
      return `${type.name}(${type.precision})${type.withTimeZone ? ' with time zone' : ''}`;
    case 'array':
      return `array(${typeName(type.element)})`;
    case 'map':
      return `map(${typeName(type.key)}, ${typeName(type.value)})`;
    case 'row':
      return `row(${type.fields.map((field) => (field.name ? `${quoteFieldName(field.name)} ${typeName(field.type)}` : typeName(field.type))).join(', ')})`;
    default:
      return type.name;
  }
}

function quoteFieldName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** The DuckDB type that holds values of a Trino type. */
export function duckType(type: TrinoType): string {
  switch (type.name) {
    case 'boolean':
      return 'BOOLEAN';
    case 'tinyint':
      return 'TINYINT';
    case 'smallint':
      return 'SMALLINT';
    case 'integer':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'real':
      return 'FLOAT';
    case 'double':
      return 'DOUBLE';
    case 'decimal':
      return `DECIMAL(${type.precision},${type.scale})`;
    case 'varchar':
    case 'char':
      return 'VARCHAR';
    case 'varbinary':
      return 'BLOB';
    case 'json':
      return 'JSON';
    case 'date':
      return 'DATE';
    case 'uuid':
      return 'UUID';
    case 'unknown':
      return 'INTEGER';
    case 'time':
      return type.withTimeZone ? 'TIMETZ' : 'TIME';
    case 'timestamp':
      return type.withTimeZone ? TIMESTAMP_TZ_STRUCT : 'TIMESTAMP';
    case 'interval day to second':
    case 'interval year to month':
      return 'INTERVAL';
    case 'array':
      return `${duckType(type.element)}[]`;
    case 'map':
      return `MAP(${duckType(type.key)}, ${duckType(type.value)})`;
    case 'row':
      return `STRUCT(${type.fields.map((field, index) => `${quoteIdentifier(fieldKey(field, index))} ${duckType(field.type)}`).join(', ')})`;
  }
}

/** A `timestamp with time zone` value: the instant, and the zone it is shown in. */
export const TIMESTAMP_TZ_STRUCT = 'STRUCT("instant" TIMESTAMPTZ, "zone" VARCHAR)';

/** The DuckDB struct key of a row field: its name, or `field<N>` (0-based) for anonymous fields, as Athena shows them. */
export function fieldKey(field: RowField, index: number): string {
  return field.name ?? `field${index}`;
}

/** Glue (Hive) has no such type: `Unsupported Hive type: timestamp(3) with time zone`. */
export class UnsupportedHiveType extends Error {}

/** The Hive spelling Glue stores and DESCRIBE prints (`string`, `int`, `array<string>`, `struct<a:int>`). */
export function hiveTypeName(type: TrinoType): string {
  switch (type.name) {
    case 'varchar':
      return type.length === undefined ? 'string' : `varchar(${type.length})`;
    case 'char':
      return `char(${type.length})`;
    case 'integer':
      return 'int';
    case 'real':
      return 'float';
    case 'varbinary':
      return 'binary';
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    case 'timestamp':
      if (type.withTimeZone) throw new UnsupportedHiveType(`Unsupported Hive type: ${typeName(type)}`);
      return 'timestamp';
    case 'array':
      return `array<${hiveTypeName(type.element)}>`;
    case 'map':
      return `map<${hiveTypeName(type.key)},${hiveTypeName(type.value)}>`;
    case 'row':
      return `struct<${type.fields.map((field, index) => `${fieldKey(field, index)}:${hiveTypeName(field.type)}`).join(',')}>`;
    case 'boolean':
    case 'tinyint':
    case 'smallint':
    case 'bigint':
    case 'double':
    case 'date':
      return type.name;
    default:
      throw new UnsupportedHiveType(`Unsupported Hive type: ${typeName(type)}`);
  }
}

/** DuckDB SQL reading the index-th (0-based) field of a row value. */
export function rowField(sql: string, type: TrinoType, index: number): string {
  const field = type.name === 'row' ? type.fields[index] : undefined;
  const key = field ? fieldKey(field, index) : `field${index}`;
  return `struct_extract(${sql}, '${key.replaceAll("'", "''")}')`;
}

export class TypeParseError extends Error {}

/**
 * Parses a Trino type (`varchar(10)`, `decimal(10, 2)`, `array(row(a integer))`, `timestamp(6)
 * with time zone`, `interval day to second`) or a Hive one (`string`, `int`, `array<string>`,
 * `struct<a:int>`), since Glue stores Hive spellings.
 */
export function parseType(text: string, dialect: 'trino' | 'hive' = 'trino'): TrinoType {
  const parser = new TypeTextParser(text, dialect === 'hive');
  const type = parser.type();
  parser.end();
  return type;
}

class TypeTextParser {
  private position = 0;

  constructor(
    private readonly text: string,
    /** A decimal without parameters is decimal(38,0) in Trino, decimal(10,0) in Hive's catalog. */
    private readonly hive: boolean,
  ) {}

  type(): TrinoType {
    const word = this.word();
    switch (word) {
      case 'array': {
        const close = this.open();
        const element = this.type();
        this.expect(close);
        return arrayOf(element);
      }
      case 'map': {
        const close = this.open();
        const key = this.type();
        this.expect(',');
        const value = this.type();
        this.expect(close);
        return mapOf(key, value);
      }
      case 'row':
      case 'struct': {
        const close = this.open();
        const fields: RowField[] = [];
        do {
          const saved = this.position;
          const name = this.fieldName();
          this.skipSpace();
          if (this.text[this.position] === ':') this.position++;
          else if (this.peekAny(',', close) || !/^[A-Za-z]/.test(this.text.slice(this.position))) {
            // `row(integer, varchar)`: anonymous fields
            this.position = saved;
            fields.push({ type: this.type() });
            continue;
          }
          fields.push({ name: name.toLowerCase(), type: this.type() });
          this.skipComment();
        } while (this.accept(','));
        this.expect(close);
        return rowOf(fields);
      }
      case 'string':
        return VARCHAR;
      case 'varchar': {
        const params = this.params();
        return varchar(params[0]);
      }
      case 'char':
      case 'character':
        return { name: 'char', length: this.params()[0] ?? 1 };
      case 'boolean':
      case 'tinyint':
      case 'smallint':
      case 'bigint':
      case 'real':
      case 'date':
      case 'json':
      case 'uuid':
      case 'varbinary':
      case 'unknown':
        return { name: word } as TrinoType;
      case 'int':
      case 'integer':
        return INTEGER;
      case 'float':
        return REAL;
      case 'double':
        this.acceptWord('precision');
        return DOUBLE;
      case 'binary':
        return VARBINARY;
      case 'decimal':
      case 'numeric':
      case 'dec': {
        const [precision = this.hive ? 10 : 38, scale = 0] = this.params();
        if (precision < 1 || precision > 38) throw this.error(`DECIMAL precision must be in range [1, 38]: ${precision}`);
        if (scale > precision) throw this.error(`DECIMAL scale must be in range [0, precision (${precision})]: ${scale}`);
        return decimal(precision, scale);
      }
      case 'time':
      case 'timestamp': {
        const [precision = 3] = this.params();
        if (precision > 12) throw this.error(`${word.toUpperCase()} precision must be in range [0, 12]: ${precision}`);
        let withTimeZone = false;
        if (this.acceptWord('with')) {
          this.expectWord('time');
          this.expectWord('zone');
          withTimeZone = true;
        } else if (this.acceptWord('without')) {
          this.expectWord('time');
          this.expectWord('zone');
        }
        return { name: word, precision, withTimeZone };
      }
      case 'interval': {
        const from = this.word();
        this.expectWord('to');
        const to = this.word();
        if (from === 'day' && to === 'second') return INTERVAL_DAY_TO_SECOND;
        if (from === 'year' && to === 'month') return INTERVAL_YEAR_TO_MONTH;
        throw this.error(`Unknown type: interval ${from} to ${to}`);
      }
      default:
        throw this.error(`Unknown type: ${word}`);
    }
  }

  end(): void {
    this.skipSpace();
    if (this.position < this.text.length) throw this.error(`Unknown type: ${this.text}`);
  }

  private open(): string {
    this.skipSpace();
    const char = this.text[this.position];
    if (char === '(') {
      this.position++;
      return ')';
    }
    if (char === '<') {
      this.position++;
      return '>';
    }
    throw this.error(`Unknown type: ${this.text}`);
  }

  private params(): number[] {
    this.skipSpace();
    if (this.text[this.position] !== '(') return [];
    this.position++;
    const values: number[] = [];
    do {
      this.skipSpace();
      const match = /^\d+/.exec(this.text.slice(this.position));
      if (!match) throw this.error(`Unknown type: ${this.text}`);
      values.push(Number(match[0]));
      this.position += match[0].length;
    } while (this.accept(','));
    this.expect(')');
    return values;
  }

  private fieldName(): string {
    this.skipSpace();
    const quote = this.text[this.position];
    if (quote === '"' || quote === '`') {
      let name = '';
      let i = this.position + 1;
      for (;;) {
        const char = this.text[i];
        if (char === undefined) throw this.error('unterminated field name');
        if (char === quote) {
          if (this.text[i + 1] === quote) {
            name += quote;
            i += 2;
            continue;
          }
          break;
        }
        name += char;
        i++;
      }
      this.position = i + 1;
      return name;
    }
    const match = /^[A-Za-z_][A-Za-z0-9_$@]*/.exec(this.text.slice(this.position));
    if (!match) throw this.error(`Unknown type: ${this.text}`);
    this.position += match[0].length;
    return match[0];
  }

  private skipComment(): void {
    this.skipSpace();
    if (/^comment\b/i.test(this.text.slice(this.position))) {
      this.position += 7;
      this.skipSpace();
      if (this.text[this.position] === "'") {
        const end = this.text.indexOf("'", this.position + 1);
        this.position = end < 0 ? this.text.length : end + 1;
      }
    }
  }

  private word(): string {
    this.skipSpace();
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.position));
    if (!match) throw this.error(`Unknown type: ${this.text}`);
    this.position += match[0].length;
    return match[0].toLowerCase();
  }

  private acceptWord(word: string): boolean {
    this.skipSpace();
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.position));
    if (!match || match[0].toLowerCase() !== word) return false;
    this.position += match[0].length;
    return true;
  }

  private expectWord(word: string): void {
    if (!this.acceptWord(word)) throw this.error(`Unknown type: ${this.text}`);
  }

  private peekAny(...symbols: string[]): boolean {
    this.skipSpace();
    return symbols.some((symbol) => this.text.startsWith(symbol, this.position));
  }

  private accept(symbol: string): boolean {
    this.skipSpace();
    if (!this.text.startsWith(symbol, this.position)) return false;
    this.position += symbol.length;
    return true;
  }

  private expect(symbol: string): void {
    if (!this.accept(symbol)) throw this.error(`Unknown type: ${this.text}`);
  }

  private skipSpace(): void {
    while (this.position < this.text.length && /\s/.test(this.text[this.position]!)) this.position++;
  }

  private error(message: string): TypeParseError {
    return new TypeParseError(message);
  }
}
