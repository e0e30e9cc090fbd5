import { identifierValue, isIdentifier, isSymbol, isWord, significant, stringValue, tokenize, type Token } from './sql-lexer';
import { hiveTypeName, parseHiveType, TypeSyntaxError } from './sql-types';

/**
 * A parser for the Hive DDL and utility statements Athena runs against the Glue catalog (never
 * as DuckDB DDL): CREATE [EXTERNAL] TABLE, CREATE/DROP DATABASE, DROP TABLE, ALTER TABLE ADD/DROP
 * PARTITION, ADD COLUMNS, SET TBLPROPERTIES / LOCATION, MSCK REPAIR TABLE, SHOW …, DESCRIBE.
 * Identifiers fold to lower case (Athena's catalog is lower-case); backquotes keep names whole.
 *
 * Fidelity gaps: a CREATE TABLE without EXTERNAL is catalogued as an external table; CLUSTERED BY
 * is accepted and ignored (bucketing is not recorded); syntax errors use Trino's `mismatched input`
 * wording rather than the Hive parser's.
 */
export interface TableName {
  database?: string;
  name: string;
  /** Offset of the name in the statement, for error positions. */
  position: number;
}

export interface ColumnDefinition {
  name: string;
  /** The Hive type as Glue stores it (`int`, `decimal(10,2)`, `array<string>`). */
  type: string;
  comment?: string;
}

export type PartitionSpec = Array<[key: string, value: string]>;

export interface RowFormat {
  serde?: string;
  serdeProperties: Record<string, string>;
}

export type HiveStatement =
  | {
      kind: 'createTable';
      external: boolean;
      ifNotExists: boolean;
      table: TableName;
      columns: ColumnDefinition[];
      partitionKeys: ColumnDefinition[];
      comment?: string;
      rowFormat?: RowFormat;
      storedAs?: string;
      inputFormat?: string;
      outputFormat?: string;
      location?: string;
      tableProperties: Record<string, string>;
    }
  | { kind: 'createDatabase'; ifNotExists: boolean; name: string; comment?: string; location?: string; properties: Record<string, string> }
  | { kind: 'dropTable'; ifExists: boolean; table: TableName }
  | { kind: 'dropDatabase'; ifExists: boolean; name: string; cascade: boolean }
  | { kind: 'addPartitions'; table: TableName; ifNotExists: boolean; partitions: Array<{ spec: PartitionSpec; location?: string }> }
  | { kind: 'dropPartitions'; table: TableName; ifExists: boolean; partitions: PartitionSpec[] }
  | { kind: 'addColumns'; table: TableName; columns: ColumnDefinition[] }
  | { kind: 'setTableProperties'; table: TableName; properties: Record<string, string> }
  | { kind: 'setLocation'; table: TableName; location: string }
  | { kind: 'repairTable'; table: TableName }
  | { kind: 'showPartitions'; table: TableName }
  | { kind: 'showTables'; database?: string; pattern?: string }
  | { kind: 'showDatabases'; pattern?: string }
  | { kind: 'showColumns'; table: TableName }
  | { kind: 'showTableProperties'; table: TableName }
  | { kind: 'showCreateTable'; table: TableName }
  | { kind: 'describe'; table: TableName };

export class HiveSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/** True when the statement is one this parser owns (rather than a query for the engine). */
export function isHiveStatement(sql: string): boolean {
  const tokens = significant(tokenize(sql));
  const [first, second, third] = tokens;
  if (isWord(first, 'SHOW', 'DESCRIBE', 'DESC', 'MSCK', 'ALTER')) return true;
  if (isWord(first, 'DROP')) return isWord(second, 'TABLE', 'DATABASE', 'SCHEMA');
  if (isWord(first, 'CREATE')) {
    if (isWord(second, 'EXTERNAL', 'DATABASE', 'SCHEMA')) return true;
    // CREATE TABLE t (cols) … is Hive DDL; CREATE TABLE t [WITH (…)] AS SELECT is a CTAS.
    return isWord(second, 'TABLE') && !tokens.slice(2).some((token) => isWord(token, 'AS')) && third !== undefined;
  }
  return false;
}

export function parseHiveStatement(sql: string): HiveStatement {
  const parser = new DdlParser(significant(tokenize(sql)), sql.length);
  const statement = parser.statement();
  parser.expectEnd();
  return statement;
}

class DdlParser {
  private position = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  statement(): HiveStatement {
    const first = this.keyword('CREATE', 'DROP', 'ALTER', 'MSCK', 'SHOW', 'DESCRIBE', 'DESC');
    switch (first) {
      case 'CREATE':
        return this.create();
      case 'DROP':
        return this.drop();
      case 'ALTER':
        return this.alter();
      case 'MSCK':
        this.keyword('REPAIR');
        this.keyword('TABLE');
        return { kind: 'repairTable', table: this.tableName() };
      case 'SHOW':
        return this.show();
      default:
        this.acceptWord('EXTENDED', 'FORMATTED');
        return { kind: 'describe', table: this.tableName() };
    }
  }

  expectEnd(): void {
    if (isSymbol(this.peek(), ';')) this.position++;
    if (this.position < this.tokens.length) throw this.mismatch('<EOF>');
  }

  private create(): HiveStatement {
    if (this.acceptWord('DATABASE', 'SCHEMA')) {
      const ifNotExists = this.ifNotExists();
      const name = this.identifier();
      const statement: HiveStatement = { kind: 'createDatabase', ifNotExists, name, properties: {} };
      for (;;) {
        if (this.acceptWord('COMMENT')) statement.comment = this.string();
        else if (this.acceptWord('LOCATION')) statement.location = this.string();
        else if (this.acceptWord('WITH')) {
          this.keyword('DBPROPERTIES');
          statement.properties = this.properties();
        } else break;
      }
      return statement;
    }
    const external = this.acceptWord('EXTERNAL') !== undefined;
    this.keyword('TABLE');
    const ifNotExists = this.ifNotExists();
    const table = this.tableName();
    this.symbol('(');
    const columns = this.columnList();
    const statement: Extract<HiveStatement, { kind: 'createTable' }> = {
      kind: 'createTable',
      external,
      ifNotExists,
      table,
      columns,
      partitionKeys: [],
      tableProperties: {},
    };
    for (;;) {
      if (this.acceptWord('COMMENT')) statement.comment = this.string();
      else if (this.acceptWord('PARTITIONED')) {
        this.keyword('BY');
        this.symbol('(');
        statement.partitionKeys = this.columnList();
      } else if (this.acceptWord('CLUSTERED')) {
        this.skipClustering();
      } else if (this.acceptWord('ROW')) {
        this.keyword('FORMAT');
        statement.rowFormat = this.rowFormat();
      } else if (this.acceptWord('STORED')) {
        this.keyword('AS');
        if (this.acceptWord('INPUTFORMAT')) {
          statement.inputFormat = this.string();
          this.keyword('OUTPUTFORMAT');
          statement.outputFormat = this.string();
        } else {
          statement.storedAs = this.identifier().toUpperCase();
        }
      } else if (this.acceptWord('LOCATION')) statement.location = this.string();
      else if (this.acceptWord('TBLPROPERTIES')) statement.tableProperties = this.properties();
      else break;
    }
    return statement;
  }

  private drop(): HiveStatement {
    if (this.acceptWord('DATABASE', 'SCHEMA')) {
      const ifExists = this.ifExists();
      const name = this.identifier();
      const mode = this.acceptWord('CASCADE', 'RESTRICT');
      return { kind: 'dropDatabase', ifExists, name, cascade: mode === 'CASCADE' };
    }
    this.keyword('TABLE');
    const ifExists = this.ifExists();
    const table = this.tableName();
    this.acceptWord('PURGE');
    return { kind: 'dropTable', ifExists, table };
  }

  private alter(): HiveStatement {
    this.keyword('TABLE');
    const table = this.tableName();
    const action = this.keyword('ADD', 'DROP', 'SET');
    if (action === 'SET') {
      if (this.acceptWord('LOCATION')) return { kind: 'setLocation', table, location: this.string() };
      this.keyword('TBLPROPERTIES');
      return { kind: 'setTableProperties', table, properties: this.properties() };
    }
    if (action === 'ADD' && this.acceptWord('COLUMNS')) {
      this.symbol('(');
      return { kind: 'addColumns', table, columns: this.columnList() };
    }
    if (action === 'ADD') {
      const ifNotExists = this.ifNotExists();
      const partitions: Array<{ spec: PartitionSpec; location?: string }> = [];
      do {
        this.keyword('PARTITION');
        const spec = this.partitionSpec();
        const location = this.acceptWord('LOCATION') ? this.string() : undefined;
        partitions.push({ spec, location });
      } while (isWord(this.peek(), 'PARTITION'));
      return { kind: 'addPartitions', table, ifNotExists, partitions };
    }
    const ifExists = this.ifExists();
    const partitions: PartitionSpec[] = [];
    do {
      this.keyword('PARTITION');
      partitions.push(this.partitionSpec());
    } while (this.acceptSymbol(','));
    this.acceptWord('PURGE');
    return { kind: 'dropPartitions', table, ifExists, partitions };
  }

  private show(): HiveStatement {
    const what = this.keyword('PARTITIONS', 'TABLES', 'DATABASES', 'SCHEMAS', 'COLUMNS', 'TBLPROPERTIES', 'CREATE');
    switch (what) {
      case 'PARTITIONS':
        return { kind: 'showPartitions', table: this.tableName() };
      case 'TABLES': {
        const database = this.acceptWord('IN', 'FROM') ? this.identifier() : undefined;
        this.acceptWord('LIKE');
        const pattern = this.peek()?.kind === 'string' ? this.string() : undefined;
        return { kind: 'showTables', database, pattern };
      }
      case 'COLUMNS': {
        this.keyword('IN', 'FROM');
        const table = this.tableName();
        if (this.acceptWord('IN', 'FROM')) table.database = this.identifier();
        return { kind: 'showColumns', table };
      }
      case 'TBLPROPERTIES':
        return { kind: 'showTableProperties', table: this.tableName() };
      case 'CREATE':
        this.keyword('TABLE');
        return { kind: 'showCreateTable', table: this.tableName() };
      default: {
        this.acceptWord('LIKE');
        const pattern = this.peek()?.kind === 'string' ? this.string() : undefined;
        return { kind: 'showDatabases', pattern };
      }
    }
  }

  private rowFormat(): RowFormat {
    if (this.acceptWord('SERDE')) {
      const serde = this.string();
      let serdeProperties: Record<string, string> = {};
      if (this.acceptWord('WITH')) {
        this.keyword('SERDEPROPERTIES');
        serdeProperties = this.properties();
      }
      return { serde, serdeProperties };
    }
    this.keyword('DELIMITED');
    const properties: Record<string, string> = {};
    for (;;) {
      if (this.acceptWord('FIELDS')) {
        this.keyword('TERMINATED');
        this.keyword('BY');
        const delimiter = this.string();
        properties['field.delim'] = delimiter;
        properties['serialization.format'] = delimiter;
        if (this.acceptWord('ESCAPED')) {
          this.keyword('BY');
          properties['escape.delim'] = this.string();
        }
      } else if (this.acceptWord('COLLECTION')) {
        this.keyword('ITEMS');
        this.keyword('TERMINATED');
        this.keyword('BY');
        // Hive's own misspelling, kept because Glue and every Hive reader use it.
        properties['colelction.delim'] = this.string();
      } else if (this.acceptWord('MAP')) {
        this.keyword('KEYS');
        this.keyword('TERMINATED');
        this.keyword('BY');
        properties['mapkey.delim'] = this.string();
      } else if (this.acceptWord('LINES')) {
        this.keyword('TERMINATED');
        this.keyword('BY');
        properties['line.delim'] = this.string();
      } else if (this.acceptWord('NULL')) {
        this.keyword('DEFINED');
        this.keyword('AS');
        properties['serialization.null.format'] = this.string();
      } else break;
    }
    return { serdeProperties: properties };
  }

  private skipClustering(): void {
    this.keyword('BY');
    this.symbol('(');
    this.identifierList();
    if (this.acceptWord('SORTED')) {
      this.keyword('BY');
      this.symbol('(');
      let depth = 1;
      while (depth > 0 && this.peek()) {
        const token = this.next();
        if (isSymbol(token, '(')) depth++;
        if (isSymbol(token, ')')) depth--;
      }
    }
    this.keyword('INTO');
    this.number();
    this.keyword('BUCKETS');
  }

  /** `name type [COMMENT '…'], …)` — the opening parenthesis is already consumed. */
  private columnList(): ColumnDefinition[] {
    const columns: ColumnDefinition[] = [];
    do {
      const name = this.identifier();
      const type = this.typeText();
      const comment = this.acceptWord('COMMENT') ? this.string() : undefined;
      columns.push({ name, type, comment });
    } while (this.acceptSymbol(','));
    this.symbol(')');
    return columns;
  }

  /** A Hive type runs until the next top-level `,`, `)` or COMMENT; angle brackets nest. */
  private typeText(): string {
    const start = this.peek();
    if (!start) throw this.mismatch('<type>');
    let depth = 0;
    let text = '';
    while (this.peek()) {
      const token = this.peek()!;
      if (depth === 0 && (isSymbol(token, ',') || isSymbol(token, ')') || isWord(token, 'COMMENT'))) break;
      if (isSymbol(token, '<') || isSymbol(token, '(')) depth++;
      if (isSymbol(token, '>') || isSymbol(token, ')')) depth--;
      text += token.kind === 'backquoted' ? `\`${identifierValue(token)}\`` : token.text;
      this.position++;
    }
    try {
      return hiveTypeName(parseHiveType(text));
    } catch (error) {
      if (error instanceof TypeSyntaxError) throw new HiveSyntaxError(error.message, start.start);
      throw error;
    }
  }

  private partitionSpec(): PartitionSpec {
    this.symbol('(');
    const spec: PartitionSpec = [];
    do {
      const key = this.identifier();
      this.symbol('=');
      const token = this.next();
      if (token?.kind === 'string' || token?.kind === 'quoted') spec.push([key, unescapeHiveString(token.text.slice(1, -1))]);
      else if (token?.kind === 'number' || token?.kind === 'word') spec.push([key, token.text]);
      else throw this.mismatch('<partition value>', token);
    } while (this.acceptSymbol(','));
    this.symbol(')');
    return spec;
  }

  private properties(): Record<string, string> {
    this.symbol('(');
    const properties: Record<string, string> = {};
    if (this.acceptSymbol(')')) return properties;
    do {
      const key = this.string();
      this.symbol('=');
      properties[key] = this.string();
    } while (this.acceptSymbol(','));
    this.symbol(')');
    return properties;
  }

  private tableName(): TableName {
    const first = this.peek();
    if (first?.kind === 'quoted') {
      throw new HiveSyntaxError(`mismatched input '${first.text}'. Expecting: <identifier>`, first.start);
    }
    const position = first?.start ?? this.length;
    // `db.t`, `` `db`.`t` `` or `` `db.t` `` (Hive reads a dotted backquoted name as two parts).
    const parts = [this.identifier()];
    while (this.acceptSymbol('.')) parts.push(this.identifier());
    const names = parts.length === 1 && first?.kind === 'backquoted' && parts[0].includes('.') ? parts[0].split('.') : parts;
    if (names.length > 2) throw new HiveSyntaxError(`Invalid table name ${names.join('.')}`, position);
    return names.length === 2 ? { database: names[0], name: names[1], position } : { name: names[0], position };
  }

  private identifierList(): string[] {
    const names = [this.identifier()];
    while (this.acceptSymbol(',')) names.push(this.identifier());
    this.symbol(')');
    return names;
  }

  private identifier(): string {
    const token = this.peek();
    if (!isIdentifier(token)) throw this.mismatch('<identifier>');
    this.position++;
    return identifierValue(token!).toLowerCase();
  }

  private string(): string {
    const token = this.peek();
    if (token?.kind !== 'string' && token?.kind !== 'quoted') throw this.mismatch('<string>');
    this.position++;
    return token.kind === 'string' ? unescapeHiveString(stringValue(token)) : unescapeHiveString(token.text.slice(1, -1));
  }

  private number(): number {
    const token = this.peek();
    if (token?.kind !== 'number') throw this.mismatch('<number>');
    this.position++;
    return Number(token.text);
  }

  private ifNotExists(): boolean {
    if (!this.acceptWord('IF')) return false;
    this.keyword('NOT');
    this.keyword('EXISTS');
    return true;
  }

  private ifExists(): boolean {
    if (!this.acceptWord('IF')) return false;
    this.keyword('EXISTS');
    return true;
  }

  private keyword(...words: string[]): string {
    const word = this.acceptWord(...words);
    if (!word) throw this.mismatch(words.map((candidate) => `'${candidate}'`).join(', '));
    return word;
  }

  private acceptWord(...words: string[]): string | undefined {
    const token = this.peek();
    if (isWord(token, ...words)) {
      this.position++;
      return token!.text.toUpperCase();
    }
    return undefined;
  }

  private symbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) throw this.mismatch(`'${symbol}'`);
  }

  private acceptSymbol(symbol: string): boolean {
    if (isSymbol(this.peek(), symbol)) {
      this.position++;
      return true;
    }
    return false;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private next(): Token | undefined {
    return this.tokens[this.position++];
  }

  /** Athena's parser wording: `line 1:8: mismatched input 'x'. Expecting: 'TABLE'`. */
  private mismatch(expected: string, token = this.peek()): HiveSyntaxError {
    const position = token?.start ?? this.length;
    const input = token ? token.text : '<EOF>';
    return new HiveSyntaxError(`mismatched input '${input}'. Expecting: ${expected}`, position);
  }
}

/** Hive string literals unescape `\t`, `\n`, `\\`, `\'` and octal `\001` (the default delimiter). */
export function unescapeHiveString(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|[0-7]{1,3}|.)/g, (_match, escape: string) => {
    if (escape.startsWith('u') && escape.length === 5) return String.fromCharCode(parseInt(escape.slice(1), 16));
    if (/^[0-7]+$/.test(escape)) return String.fromCharCode(parseInt(escape, 8));
    return { t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', '0': '\0' }[escape] ?? escape;
  });
}
