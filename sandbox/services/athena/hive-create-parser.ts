import { identifierValue, isSymbol, isWord } from './sql-lexer';
import { hiveTypeName, parseType, TypeParseError, UnsupportedHiveType } from './trino/types';
import type { ColumnDefinition, CreateDatabaseStatement, CreateTableStatement, PartitionSpec, RowFormat } from './hive-statements';
import { StatementSyntaxError, unescapeHiveString, type TokenCursor } from './token-cursor';

/**
 * The clauses of Hive's CREATE DATABASE and CREATE [EXTERNAL] TABLE (the leading CREATE is
 * consumed): column lists with Hive types, PARTITIONED BY, ROW FORMAT DELIMITED / SERDE,
 * STORED AS, LOCATION, TBLPROPERTIES. CLUSTERED BY is accepted and not recorded.
 */
export function parseCreateDatabase(cursor: TokenCursor): CreateDatabaseStatement {
  const ifNotExists = cursor.ifNotExists();
  const name = cursor.identifier();
  const statement: CreateDatabaseStatement = { kind: 'createDatabase', ifNotExists, name, properties: {} };
  for (;;) {
    if (cursor.acceptWord('COMMENT')) statement.comment = cursor.string();
    else if (cursor.acceptWord('LOCATION')) statement.location = cursor.string();
    else if (cursor.acceptWord('WITH')) {
      cursor.keyword('DBPROPERTIES');
      statement.properties = properties(cursor);
    } else break;
  }
  return statement;
}

export function parseCreateTable(cursor: TokenCursor): CreateTableStatement {
  const external = cursor.acceptWord('EXTERNAL') !== undefined;
  cursor.keyword('TABLE');
  const ifNotExists = cursor.ifNotExists();
  const table = cursor.hiveTableName();
  cursor.symbol('(');
  const statement: CreateTableStatement = {
    kind: 'createTable',
    external,
    ifNotExists,
    table,
    columns: columnList(cursor),
    partitionKeys: [],
    tableProperties: {},
  };
  for (;;) {
    if (cursor.acceptWord('COMMENT')) statement.comment = cursor.string();
    else if (cursor.acceptWord('PARTITIONED')) {
      cursor.keyword('BY');
      cursor.symbol('(');
      statement.partitionKeys = columnList(cursor);
    } else if (cursor.acceptWord('CLUSTERED')) {
      skipClustering(cursor);
    } else if (cursor.acceptWord('ROW')) {
      cursor.keyword('FORMAT');
      statement.rowFormat = rowFormat(cursor);
    } else if (cursor.acceptWord('STORED')) {
      cursor.keyword('AS');
      if (cursor.acceptWord('INPUTFORMAT')) {
        statement.inputFormat = cursor.string();
        cursor.keyword('OUTPUTFORMAT');
        statement.outputFormat = cursor.string();
      } else {
        statement.storedAs = cursor.identifier().toUpperCase();
      }
    } else if (cursor.acceptWord('LOCATION')) statement.location = cursor.string();
    else if (cursor.acceptWord('TBLPROPERTIES')) statement.tableProperties = properties(cursor);
    else break;
  }
  return statement;
}

/** `name type [COMMENT '…'], …)` — the opening parenthesis is already consumed. */
export function columnList(cursor: TokenCursor): ColumnDefinition[] {
  const columns: ColumnDefinition[] = [];
  do {
    const name = cursor.identifier();
    const type = typeText(cursor);
    const comment = cursor.acceptWord('COMMENT') ? cursor.string() : undefined;
    columns.push({ name, type, comment });
  } while (cursor.acceptSymbol(','));
  cursor.symbol(')');
  return columns;
}

/** `('key' = 'value', …)` */
export function properties(cursor: TokenCursor): Record<string, string> {
  cursor.symbol('(');
  const result: Record<string, string> = {};
  if (cursor.acceptSymbol(')')) return result;
  do {
    const key = cursor.string();
    cursor.symbol('=');
    result[key] = cursor.string();
  } while (cursor.acceptSymbol(','));
  cursor.symbol(')');
  return result;
}

/** `(key = 'value', key = 1, …)` of ALTER TABLE … PARTITION. */
export function partitionSpec(cursor: TokenCursor): PartitionSpec {
  cursor.symbol('(');
  const spec: PartitionSpec = [];
  do {
    const key = cursor.identifier();
    cursor.symbol('=');
    const token = cursor.next();
    if (token?.kind === 'string' || token?.kind === 'quoted') spec.push([key, unescapeHiveString(token.text.slice(1, -1))]);
    else if (token?.kind === 'number' || token?.kind === 'word') spec.push([key, token.text]);
    else throw cursor.mismatch('<partition value>', token);
  } while (cursor.acceptSymbol(','));
  cursor.symbol(')');
  return spec;
}

function rowFormat(cursor: TokenCursor): RowFormat {
  if (cursor.acceptWord('SERDE')) {
    const serde = cursor.string();
    let serdeProperties: Record<string, string> = {};
    if (cursor.acceptWord('WITH')) {
      cursor.keyword('SERDEPROPERTIES');
      serdeProperties = properties(cursor);
    }
    return { serde, serdeProperties };
  }
  cursor.keyword('DELIMITED');
  const result: Record<string, string> = {};
  const terminatedBy = (...words: string[]) => {
    for (const word of words) cursor.keyword(word);
    cursor.keyword('TERMINATED');
    cursor.keyword('BY');
    return cursor.string();
  };
  for (;;) {
    if (cursor.acceptWord('FIELDS')) {
      const delimiter = terminatedBy();
      result['field.delim'] = delimiter;
      result['serialization.format'] = delimiter;
      if (cursor.acceptWord('ESCAPED')) {
        cursor.keyword('BY');
        result['escape.delim'] = cursor.string();
      }
    } else if (cursor.acceptWord('COLLECTION')) {
      // Hive's own misspelling, kept because Glue and every Hive reader use it.
      result['colelction.delim'] = terminatedBy('ITEMS');
    } else if (cursor.acceptWord('MAP')) {
      result['mapkey.delim'] = terminatedBy('KEYS');
    } else if (cursor.acceptWord('LINES')) {
      result['line.delim'] = terminatedBy();
    } else if (cursor.acceptWord('NULL')) {
      cursor.keyword('DEFINED');
      cursor.keyword('AS');
      result['serialization.null.format'] = cursor.string();
    } else break;
  }
  return { serdeProperties: result };
}

function skipClustering(cursor: TokenCursor): void {
  cursor.keyword('BY');
  cursor.symbol('(');
  do cursor.identifier();
  while (cursor.acceptSymbol(','));
  cursor.symbol(')');
  if (cursor.acceptWord('SORTED')) {
    cursor.keyword('BY');
    cursor.symbol('(');
    let depth = 1;
    while (depth > 0 && cursor.peek()) {
      const token = cursor.next();
      if (isSymbol(token, '(')) depth++;
      if (isSymbol(token, ')')) depth--;
    }
  }
  cursor.keyword('INTO');
  cursor.number();
  cursor.keyword('BUCKETS');
}

/** A Hive type runs until the next top-level `,`, `)` or COMMENT; angle brackets nest. */
function typeText(cursor: TokenCursor): string {
  const start = cursor.peek();
  if (!start) throw cursor.mismatch('<type>');
  let depth = 0;
  let text = '';
  for (let token = cursor.peek(); token; token = cursor.peek()) {
    if (depth === 0 && (isSymbol(token, ',') || isSymbol(token, ')') || isWord(token, 'COMMENT'))) break;
    if (isSymbol(token, '<') || isSymbol(token, '(')) depth++;
    if (isSymbol(token, '>') || isSymbol(token, ')')) depth--;
    text += token.kind === 'backquoted' ? `\`${identifierValue(token)}\`` : token.text;
    cursor.position++;
  }
  try {
    return hiveTypeName(parseType(text, 'hive'));
  } catch (error) {
    if (error instanceof TypeParseError || error instanceof UnsupportedHiveType) throw new StatementSyntaxError(error.message, start.start);
    throw error;
  }
}
