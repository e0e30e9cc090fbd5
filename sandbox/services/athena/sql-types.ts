import { quoteIdentifier } from './sql-lexer';

/**
 * Column types in their three spellings: Hive's in the Glue catalog (`array<struct<a:int>>`),
 * Trino's in queries (`array(row(a integer))`), DuckDB's for the engine (`STRUCT("a" INTEGER)[]`).
 */
export interface SqlType {
  /** Lower-case base name in Hive terms: string, varchar, char, int, bigint, decimal, array, … */
  base: string;
  params?: number[];
  element?: SqlType;
  key?: SqlType;
  value?: SqlType;
  fields?: Array<{ name: string; type: SqlType }>;
  /** Trino `timestamp … with time zone`. */
  withTimeZone?: boolean;
}

export class TypeSyntaxError extends Error {}

const HIVE_SCALARS = new Set([
  'string',
  'varchar',
  'char',
  'tinyint',
  'smallint',
  'int',
  'integer',
  'bigint',
  'float',
  'double',
  'real',
  'decimal',
  'numeric',
  'boolean',
  'date',
  'timestamp',
  'binary',
  'varbinary',
  'json',
  'uuid',
  'time',
]);

/** Parses a Hive (Glue) type string such as `map<string,array<int>>` or `decimal(10,2)`. */
export function parseHiveType(text: string): SqlType {
  const parser = new TypeParser(text);
  const type = parser.hiveType();
  parser.expectEnd();
  return type;
}

/** Parses a Trino type such as `array(row(a integer, b varchar))` or `timestamp(3) with time zone`. */
export function parseTrinoType(text: string): SqlType {
  const parser = new TypeParser(text);
  const type = parser.trinoType();
  parser.expectEnd();
  return type;
}

export function duckdbType(type: SqlType): string {
  switch (type.base) {
    case 'string':
    case 'varchar':
    case 'char':
      return 'VARCHAR';
    case 'tinyint':
      return 'TINYINT';
    case 'smallint':
      return 'SMALLINT';
    case 'int':
    case 'integer':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'float':
    case 'real':
      return 'FLOAT';
    case 'double':
      return 'DOUBLE';
    case 'decimal':
    case 'numeric': {
      const [precision, scale] = decimalParams(type);
      return `DECIMAL(${precision},${scale})`;
    }
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'timestamp':
      return type.withTimeZone ? 'TIMESTAMPTZ' : 'TIMESTAMP';
    case 'time':
      return 'TIME';
    case 'binary':
    case 'varbinary':
      return 'BLOB';
    case 'json':
      return 'JSON';
    case 'uuid':
      return 'UUID';
    case 'array':
      return `${duckdbType(type.element!)}[]`;
    case 'map':
      return `MAP(${duckdbType(type.key!)}, ${duckdbType(type.value!)})`;
    case 'struct':
      return `STRUCT(${type.fields!.map((field) => `${quoteIdentifier(field.name)} ${duckdbType(field.type)}`).join(', ')})`;
    default:
      throw new TypeSyntaxError(`Unknown type: ${type.base}`);
  }
}

/** Hive decimals default to decimal(10,0); DuckDB caps precision at 38 like Athena. */
export function decimalParams(type: SqlType): [number, number] {
  return [type.params?.[0] ?? 10, type.params?.[1] ?? 0];
}

/** The Hive spelling Glue stores and DESCRIBE prints (`int`, `string`, `array<string>`). */
export function hiveTypeName(type: SqlType): string {
  switch (type.base) {
    case 'integer':
      return 'int';
    case 'real':
      return 'float';
    case 'varbinary':
      return 'binary';
    case 'numeric':
      return hiveTypeName({ ...type, base: 'decimal' });
    case 'array':
      return `array<${hiveTypeName(type.element!)}>`;
    case 'map':
      return `map<${hiveTypeName(type.key!)},${hiveTypeName(type.value!)}>`;
    case 'struct':
      return `struct<${type.fields!.map((field) => `${field.name}:${hiveTypeName(field.type)}`).join(',')}>`;
    default:
      return type.params?.length ? `${type.base}(${type.params.join(',')})` : type.base;
  }
}

class TypeParser {
  private position = 0;

  constructor(private readonly text: string) {}

  hiveType(): SqlType {
    const name = this.word().toLowerCase();
    if (name === 'array') {
      this.expect('<');
      const element = this.hiveType();
      this.expect('>');
      return { base: 'array', element };
    }
    if (name === 'map') {
      this.expect('<');
      const key = this.hiveType();
      this.expect(',');
      const value = this.hiveType();
      this.expect('>');
      return { base: 'map', key, value };
    }
    if (name === 'struct') {
      this.expect('<');
      const fields: SqlType['fields'] = [];
      if (!this.peek('>')) {
        do {
          const fieldName = this.fieldName();
          this.expect(':');
          fields.push({ name: fieldName, type: this.hiveType() });
          this.skipComment();
        } while (this.accept(','));
      }
      this.expect('>');
      return { base: 'struct', fields };
    }
    return this.scalar(name);
  }

  trinoType(): SqlType {
    const name = this.word().toLowerCase();
    if (name === 'array') {
      this.expect('(');
      const element = this.trinoType();
      this.expect(')');
      return { base: 'array', element };
    }
    if (name === 'map') {
      this.expect('(');
      const key = this.trinoType();
      this.expect(',');
      const value = this.trinoType();
      this.expect(')');
      return { base: 'map', key, value };
    }
    if (name === 'row') {
      this.expect('(');
      const fields: SqlType['fields'] = [];
      let index = 1;
      do {
        const save = this.position;
        const first = this.fieldName();
        // `row(a integer)` names the field; `row(integer)` does not.
        if (this.peek(',') || this.peek(')')) {
          this.position = save;
          fields.push({ name: `field${index}`, type: this.trinoType() });
        } else {
          fields.push({ name: first, type: this.trinoType() });
        }
        index++;
      } while (this.accept(','));
      this.expect(')');
      return { base: 'struct', fields };
    }
    if (name === 'double' && this.acceptWord('precision')) return { base: 'double' };
    const type = this.scalar(name);
    if (type.base === 'timestamp' || type.base === 'time') {
      if (this.acceptWord('with')) {
        if (!this.acceptWord('time') || !this.acceptWord('zone')) throw this.error('expected WITH TIME ZONE');
        type.withTimeZone = true;
      } else if (this.acceptWord('without')) {
        if (!this.acceptWord('time') || !this.acceptWord('zone')) throw this.error('expected WITHOUT TIME ZONE');
      }
    }
    return type;
  }

  expectEnd(): void {
    this.skipSpace();
    if (this.position < this.text.length) throw this.error(`unexpected '${this.text.slice(this.position)}'`);
  }

  private scalar(name: string): SqlType {
    if (!HIVE_SCALARS.has(name)) throw this.error(`unknown type '${name}'`);
    const type: SqlType = { base: name };
    if (this.accept('(')) {
      type.params = [this.number()];
      while (this.accept(',')) type.params.push(this.number());
      this.expect(')');
    }
    return type;
  }

  private fieldName(): string {
    this.skipSpace();
    const quote = this.text[this.position];
    if (quote === '`' || quote === '"') {
      const end = this.text.indexOf(quote, this.position + 1);
      if (end < 0) throw this.error('unterminated field name');
      const name = this.text.slice(this.position + 1, end);
      this.position = end + 1;
      return name;
    }
    return this.word();
  }

  private skipComment(): void {
    this.skipSpace();
    if (this.text.slice(this.position, this.position + 7).toLowerCase() === 'comment') {
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
    if (!match) throw this.error('expected a type name');
    this.position += match[0].length;
    return match[0];
  }

  private acceptWord(word: string): boolean {
    this.skipSpace();
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.position));
    if (match && match[0].toLowerCase() === word) {
      this.position += match[0].length;
      return true;
    }
    return false;
  }

  private number(): number {
    this.skipSpace();
    const match = /^[0-9]+/.exec(this.text.slice(this.position));
    if (!match) throw this.error('expected a number');
    this.position += match[0].length;
    return Number(match[0]);
  }

  private peek(symbol: string): boolean {
    this.skipSpace();
    return this.text.startsWith(symbol, this.position);
  }

  private accept(symbol: string): boolean {
    if (!this.peek(symbol)) return false;
    this.position += symbol.length;
    return true;
  }

  private expect(symbol: string): void {
    if (!this.accept(symbol)) throw this.error(`expected '${symbol}'`);
  }

  private skipSpace(): void {
    while (this.position < this.text.length && /\s/.test(this.text[this.position])) this.position++;
  }

  private error(detail: string): TypeSyntaxError {
    return new TypeSyntaxError(`Invalid type '${this.text}': ${detail}`);
  }
}
