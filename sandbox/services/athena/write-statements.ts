import { HiveSyntaxError, type TableName } from './hive-ddl';
import { identifierValue, isIdentifier, isSymbol, isWord, significant, stringValue, tokenize, type Token } from './sql-lexer';

/**
 * The two statements that write table data: CREATE TABLE … [WITH (…)] AS <query> [WITH [NO] DATA]
 * and INSERT INTO t [(columns)] <query>. Only their heads are parsed here; the query part is a
 * Trino query for the engine, kept with its offset so error positions stay the user's.
 */
export type PropertyValue = string | string[];

export interface CreateTableAsStatement {
  kind: 'ctas';
  table: TableName;
  ifNotExists: boolean;
  /** Athena's CTAS properties, lower-cased names: format, external_location, partitioned_by, field_delimiter, … */
  properties: Record<string, PropertyValue>;
  query: string;
  queryOffset: number;
  withData: boolean;
}

export interface InsertStatement {
  kind: 'insert';
  table: TableName;
  columns?: string[];
  query: string;
  queryOffset: number;
}

export function parseCreateTableAs(sql: string): CreateTableAsStatement {
  const cursor = new Cursor(significant(tokenize(sql)), sql.length);
  cursor.keyword('CREATE');
  cursor.keyword('TABLE');
  let ifNotExists = false;
  if (cursor.accept('IF')) {
    cursor.keyword('NOT');
    cursor.keyword('EXISTS');
    ifNotExists = true;
  }
  const table = cursor.tableName();
  const properties: Record<string, PropertyValue> = {};
  if (cursor.accept('WITH')) {
    cursor.symbol('(');
    do {
      const name = cursor.identifier().toLowerCase();
      cursor.symbol('=');
      properties[name] = cursor.propertyValue();
    } while (cursor.acceptSymbol(','));
    cursor.symbol(')');
  }
  cursor.keyword('AS');
  const start = cursor.peek();
  if (!start) throw cursor.mismatch('<query>');
  // A trailing WITH [NO] DATA belongs to the CTAS, not to the query.
  let end = sql.length;
  let withData = true;
  const tail = significant(tokenize(sql));
  const last = tail.length - 1 - (isSymbol(tail[tail.length - 1], ';') ? 1 : 0);
  if (isWord(tail[last], 'DATA') && isWord(tail[last - 1], 'NO') && isWord(tail[last - 2], 'WITH')) {
    end = tail[last - 2].start;
    withData = false;
  } else if (isWord(tail[last], 'DATA') && isWord(tail[last - 1], 'WITH')) {
    end = tail[last - 1].start;
  }
  return { kind: 'ctas', table, ifNotExists, properties, query: sql.slice(start.start, end), queryOffset: start.start, withData };
}

export function parseInsert(sql: string): InsertStatement {
  const cursor = new Cursor(significant(tokenize(sql)), sql.length);
  cursor.keyword('INSERT');
  cursor.keyword('INTO');
  const table = cursor.tableName();
  let columns: string[] | undefined;
  if (isSymbol(cursor.peek(), '(') && !isWord(cursor.peek(1), 'SELECT', 'WITH', 'VALUES')) {
    cursor.symbol('(');
    columns = [];
    do columns.push(cursor.identifier().toLowerCase());
    while (cursor.acceptSymbol(','));
    cursor.symbol(')');
  }
  const start = cursor.peek();
  if (!start) throw cursor.mismatch('<query>');
  return { kind: 'insert', table, columns, query: sql.slice(start.start), queryOffset: start.start };
}

class Cursor {
  private position = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  peek(ahead = 0): Token | undefined {
    return this.tokens[this.position + ahead];
  }

  accept(word: string): boolean {
    if (!isWord(this.peek(), word)) return false;
    this.position++;
    return true;
  }

  keyword(word: string): void {
    if (!this.accept(word)) throw this.mismatch(`'${word}'`);
  }

  acceptSymbol(symbol: string): boolean {
    if (!isSymbol(this.peek(), symbol)) return false;
    this.position++;
    return true;
  }

  symbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) throw this.mismatch(`'${symbol}'`);
  }

  identifier(): string {
    const token = this.peek();
    if (!isIdentifier(token)) throw this.mismatch('<identifier>');
    this.position++;
    return identifierValue(token!);
  }

  tableName(): TableName {
    const position = this.peek()?.start ?? this.length;
    const parts = [this.identifier()];
    while (this.acceptSymbol('.')) parts.push(this.identifier());
    const names = parts.map((part) => part.toLowerCase());
    if (names.length === 3 && names[0] === 'awsdatacatalog') names.shift();
    if (names.length > 2) throw new HiveSyntaxError(`Invalid table name ${names.join('.')}`, position);
    return names.length === 2 ? { database: names[0], name: names[1], position } : { name: names[0], position };
  }

  /** 'text', a number, true/false, or ARRAY['a', 'b']. */
  propertyValue(): PropertyValue {
    const token = this.peek();
    if (isWord(token, 'ARRAY')) {
      this.position++;
      this.symbol('[');
      const items: string[] = [];
      if (!isSymbol(this.peek(), ']')) {
        do items.push(this.scalar());
        while (this.acceptSymbol(','));
      }
      this.symbol(']');
      return items;
    }
    return this.scalar();
  }

  mismatch(expected: string): HiveSyntaxError {
    const token = this.peek();
    return new HiveSyntaxError(`mismatched input '${token?.text ?? '<EOF>'}'. Expecting: ${expected}`, token?.start ?? this.length);
  }

  private scalar(): string {
    const token = this.peek();
    if (token?.kind === 'string') {
      this.position++;
      return stringValue(token);
    }
    if (token?.kind === 'number' || isWord(token, 'TRUE', 'FALSE')) {
      this.position++;
      return token!.text.toLowerCase();
    }
    throw this.mismatch('<literal>');
  }
}
