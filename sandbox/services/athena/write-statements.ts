import { isSymbol, isWord, significant, stringValue, tokenize } from './sql-lexer';
import { TokenCursor, type TableName } from './token-cursor';

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
  const cursor = new TokenCursor(significant(tokenize(sql)), sql.length);
  cursor.keyword('CREATE');
  cursor.keyword('TABLE');
  const ifNotExists = cursor.ifNotExists();
  const table = cursor.trinoTableName();
  const properties: Record<string, PropertyValue> = {};
  if (cursor.acceptWord('WITH')) {
    cursor.symbol('(');
    do {
      const name = cursor.identifier();
      cursor.symbol('=');
      properties[name] = propertyValue(cursor);
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
  const [with_, no, data] = [tail[last - 2], tail[last - 1], tail[last]];
  if (with_ && isWord(data, 'DATA') && isWord(no, 'NO') && isWord(with_, 'WITH')) {
    end = with_.start;
    withData = false;
  } else if (no && isWord(data, 'DATA') && isWord(no, 'WITH')) {
    end = no.start;
  }
  return { kind: 'ctas', table, ifNotExists, properties, query: sql.slice(start.start, end), queryOffset: start.start, withData };
}

export function parseInsert(sql: string): InsertStatement {
  const cursor = new TokenCursor(significant(tokenize(sql)), sql.length);
  cursor.keyword('INSERT');
  cursor.keyword('INTO');
  const table = cursor.trinoTableName();
  let columns: string[] | undefined;
  if (isSymbol(cursor.peek(), '(') && !isWord(cursor.peek(1), 'SELECT', 'WITH', 'VALUES')) {
    cursor.symbol('(');
    columns = [];
    do columns.push(cursor.identifier());
    while (cursor.acceptSymbol(','));
    cursor.symbol(')');
  }
  const start = cursor.peek();
  if (!start) throw cursor.mismatch('<query>');
  return { kind: 'insert', table, columns, query: sql.slice(start.start), queryOffset: start.start };
}

/** 'text', a number, true/false, or ARRAY['a', 'b']. */
function propertyValue(cursor: TokenCursor): PropertyValue {
  if (!cursor.acceptWord('ARRAY')) return scalar(cursor);
  cursor.symbol('[');
  const items: string[] = [];
  if (!isSymbol(cursor.peek(), ']')) {
    do items.push(scalar(cursor));
    while (cursor.acceptSymbol(','));
  }
  cursor.symbol(']');
  return items;
}

function scalar(cursor: TokenCursor): string {
  const token = cursor.peek();
  if (token?.kind === 'string') {
    cursor.position++;
    return stringValue(token);
  }
  if (token && (token.kind === 'number' || isWord(token, 'TRUE', 'FALSE'))) {
    cursor.position++;
    return token.text.toLowerCase();
  }
  throw cursor.mismatch('<literal>');
}
