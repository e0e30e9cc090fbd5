import { isWord, significant, tokenize } from './sql-lexer';
import { columnList, parseCreateDatabase, parseCreateTable, partitionSpec, properties } from './hive-create-parser';
import type { HiveStatement, PartitionSpec } from './hive-statements';
import { TokenCursor } from './token-cursor';

/**
 * A parser for the Hive DDL and utility statements Athena runs against the Glue catalog: CREATE
 * [EXTERNAL] TABLE and CREATE/DROP DATABASE (hive-create-parser.ts), DROP TABLE, ALTER TABLE
 * ADD/DROP PARTITION, ADD COLUMNS, SET TBLPROPERTIES / LOCATION, MSCK REPAIR TABLE, SHOW …,
 * DESCRIBE. Identifiers fold to lower case; backquotes keep names whole.
 *
 * Fidelity gaps: a CREATE TABLE without EXTERNAL is catalogued as an external table; CLUSTERED BY
 * is accepted and ignored (bucketing is not recorded); syntax errors use Trino's `mismatched input`
 * wording rather than the Hive parser's.
 */
export type { ColumnDefinition, HiveStatement, PartitionSpec, RowFormat, TableName } from './hive-statements';
export { StatementSyntaxError as HiveSyntaxError, unescapeHiveString } from './token-cursor';

/** True when the statement is one this parser owns (rather than a query for the engine). */
export function isHiveStatement(sql: string): boolean {
  const tokens = significant(tokenize(sql));
  const [first, second, third] = tokens;
  if (isWord(first, 'SHOW')) return !isWord(second, 'VIEWS') && (!isWord(second, 'CREATE') || !isWord(third, 'VIEW'));
  if (isWord(first, 'DESCRIBE', 'DESC', 'MSCK', 'ALTER')) return true;
  if (isWord(first, 'DROP')) return isWord(second, 'TABLE', 'DATABASE', 'SCHEMA');
  if (isWord(first, 'CREATE')) {
    if (isWord(second, 'EXTERNAL', 'DATABASE', 'SCHEMA')) return true;
    // CREATE TABLE t (cols) … is Hive DDL; CREATE TABLE t [WITH (…)] AS SELECT is a CTAS.
    return isWord(second, 'TABLE') && !tokens.slice(2).some((token) => isWord(token, 'AS')) && third !== undefined;
  }
  return false;
}

export function parseHiveStatement(sql: string): HiveStatement {
  const cursor = new TokenCursor(significant(tokenize(sql)), sql.length);
  const statement = parseStatement(cursor);
  cursor.expectEnd();
  return statement;
}

function parseStatement(cursor: TokenCursor): HiveStatement {
  switch (cursor.keyword('CREATE', 'DROP', 'ALTER', 'MSCK', 'SHOW', 'DESCRIBE', 'DESC')) {
    case 'CREATE':
      return cursor.acceptWord('DATABASE', 'SCHEMA') ? parseCreateDatabase(cursor) : parseCreateTable(cursor);
    case 'DROP':
      return parseDrop(cursor);
    case 'ALTER':
      return parseAlter(cursor);
    case 'MSCK':
      cursor.keyword('REPAIR');
      cursor.keyword('TABLE');
      return { kind: 'repairTable', table: cursor.hiveTableName() };
    case 'SHOW':
      return parseShow(cursor);
    default:
      cursor.acceptWord('EXTENDED', 'FORMATTED');
      return { kind: 'describe', table: cursor.hiveTableName() };
  }
}

function parseDrop(cursor: TokenCursor): HiveStatement {
  if (cursor.acceptWord('DATABASE', 'SCHEMA')) {
    const ifExists = cursor.ifExists();
    const name = cursor.identifier();
    const mode = cursor.acceptWord('CASCADE', 'RESTRICT');
    return { kind: 'dropDatabase', ifExists, name, cascade: mode === 'CASCADE' };
  }
  cursor.keyword('TABLE');
  const ifExists = cursor.ifExists();
  const table = cursor.hiveTableName();
  cursor.acceptWord('PURGE');
  return { kind: 'dropTable', ifExists, table };
}

function parseAlter(cursor: TokenCursor): HiveStatement {
  cursor.keyword('TABLE');
  const table = cursor.hiveTableName();
  const action = cursor.keyword('ADD', 'DROP', 'SET');
  if (action === 'SET') {
    if (cursor.acceptWord('LOCATION')) return { kind: 'setLocation', table, location: cursor.string() };
    cursor.keyword('TBLPROPERTIES');
    return { kind: 'setTableProperties', table, properties: properties(cursor) };
  }
  if (action === 'ADD' && cursor.acceptWord('COLUMNS')) {
    cursor.symbol('(');
    return { kind: 'addColumns', table, columns: columnList(cursor) };
  }
  if (action === 'ADD') {
    const ifNotExists = cursor.ifNotExists();
    const partitions: Array<{ spec: PartitionSpec; location?: string }> = [];
    do {
      cursor.keyword('PARTITION');
      const spec = partitionSpec(cursor);
      const location = cursor.acceptWord('LOCATION') ? cursor.string() : undefined;
      partitions.push({ spec, location });
    } while (isWord(cursor.peek(), 'PARTITION'));
    return { kind: 'addPartitions', table, ifNotExists, partitions };
  }
  const ifExists = cursor.ifExists();
  const partitions: PartitionSpec[] = [];
  do {
    cursor.keyword('PARTITION');
    partitions.push(partitionSpec(cursor));
  } while (cursor.acceptSymbol(','));
  cursor.acceptWord('PURGE');
  return { kind: 'dropPartitions', table, ifExists, partitions };
}

function parseShow(cursor: TokenCursor): HiveStatement {
  const pattern = () => {
    cursor.acceptWord('LIKE');
    return cursor.peek()?.kind === 'string' ? cursor.string() : undefined;
  };
  switch (cursor.keyword('PARTITIONS', 'TABLES', 'DATABASES', 'SCHEMAS', 'COLUMNS', 'TBLPROPERTIES', 'CREATE')) {
    case 'PARTITIONS':
      return { kind: 'showPartitions', table: cursor.hiveTableName() };
    case 'TABLES': {
      const database = cursor.acceptWord('IN', 'FROM') ? cursor.identifier() : undefined;
      return { kind: 'showTables', database, pattern: pattern() };
    }
    case 'COLUMNS': {
      cursor.keyword('IN', 'FROM');
      const table = cursor.hiveTableName();
      if (cursor.acceptWord('IN', 'FROM')) table.database = cursor.identifier();
      return { kind: 'showColumns', table };
    }
    case 'TBLPROPERTIES':
      return { kind: 'showTableProperties', table: cursor.hiveTableName() };
    case 'CREATE':
      cursor.keyword('TABLE');
      return { kind: 'showCreateTable', table: cursor.hiveTableName() };
    default:
      return { kind: 'showDatabases', pattern: pattern() };
  }
}
