import { identifierValue, isIdentifier, isSymbol, isWord, stringValue, type Token } from './sql-lexer';

/**
 * A cursor over a statement's significant tokens, for the hand-written statement parsers (Hive
 * DDL, CREATE TABLE AS, INSERT, views): accept or expect keywords, symbols, identifiers and
 * literals, and fail with Athena's parser wording (`mismatched input 'x'. Expecting: 'TABLE'`).
 * Identifiers fold to lower case, as Athena's catalog does.
 */
export class StatementSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

export interface TableName {
  database?: string;
  name: string;
  /** Offset of the name in the statement, for error positions. */
  position: number;
}

export class TokenCursor {
  position = 0;

  constructor(
    readonly tokens: Token[],
    /** The statement's length: the position of `<EOF>`. */
    private readonly length: number,
  ) {}

  peek(ahead = 0): Token | undefined {
    return this.tokens[this.position + ahead];
  }

  next(): Token | undefined {
    return this.tokens[this.position++];
  }

  atEnd(): boolean {
    return this.position >= this.tokens.length;
  }

  /** Consumes one of the words if it comes next; answers it in upper case. */
  acceptWord(...words: string[]): string | undefined {
    const token = this.peek();
    if (!token || !isWord(token, ...words)) return undefined;
    this.position++;
    return token.text.toUpperCase();
  }

  keyword(...words: string[]): string {
    const word = this.acceptWord(...words);
    if (!word) throw this.mismatch(words.map((candidate) => `'${candidate}'`).join(', '));
    return word;
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
    if (!token || !isIdentifier(token)) throw this.mismatch('<identifier>');
    this.position++;
    return identifierValue(token).toLowerCase();
  }

  /** A string literal (Hive also takes double quotes), with Hive's backslash escapes decoded. */
  string(): string {
    const token = this.peek();
    if (token?.kind !== 'string' && token?.kind !== 'quoted') throw this.mismatch('<string>');
    this.position++;
    return unescapeHiveString(token.kind === 'string' ? stringValue(token) : token.text.slice(1, -1));
  }

  number(): number {
    const token = this.peek();
    if (token?.kind !== 'number') throw this.mismatch('<number>');
    this.position++;
    return Number(token.text);
  }

  ifNotExists(): boolean {
    if (!this.acceptWord('IF')) return false;
    this.keyword('NOT');
    this.keyword('EXISTS');
    return true;
  }

  ifExists(): boolean {
    if (!this.acceptWord('IF')) return false;
    this.keyword('EXISTS');
    return true;
  }

  /** `db.t`, `` `db`.`t` `` or `` `db.t` `` (Hive reads a dotted backquoted name as two parts); no double quotes. */
  hiveTableName(): TableName {
    const first = this.peek();
    if (first?.kind === 'quoted') throw new StatementSyntaxError(`mismatched input '${first.text}'. Expecting: <identifier>`, first.start);
    const position = first?.start ?? this.length;
    const parts = [this.identifier()];
    while (this.acceptSymbol('.')) parts.push(this.identifier());
    const names = parts.length === 1 && first?.kind === 'backquoted' && parts[0]?.includes('.') ? (parts[0] ?? '').split('.') : parts;
    return tableName(names, position);
  }

  /** A Trino name: `t`, `db.t`, `"db"."t"` or `awsdatacatalog.db.t`. */
  trinoTableName(): TableName {
    const position = this.peek()?.start ?? this.length;
    const names = [this.identifier()];
    while (this.acceptSymbol('.')) names.push(this.identifier());
    if (names.length === 3 && names[0] === 'awsdatacatalog') names.shift();
    return tableName(names, position);
  }

  /** Athena's parser wording: `mismatched input 'x'. Expecting: 'TABLE'`. */
  mismatch(expected: string, token = this.peek()): StatementSyntaxError {
    return new StatementSyntaxError(
      `mismatched input '${token ? token.text : '<EOF>'}'. Expecting: ${expected}`,
      token?.start ?? this.length,
    );
  }

  /** Accepts an optional `;` and nothing after it. */
  expectEnd(): void {
    this.acceptSymbol(';');
    if (!this.atEnd()) throw this.mismatch('<EOF>');
  }
}

function tableName(names: string[], position: number): TableName {
  if (names.length > 2) throw new StatementSyntaxError(`Invalid table name ${names.join('.')}`, position);
  const [first = '', second] = names;
  return second === undefined ? { name: first, position } : { database: first, name: second, position };
}

/** Hive string literals unescape `\t`, `\n`, `\\`, `\'` and octal `\001` (the default delimiter). */
export function unescapeHiveString(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|[0-7]{1,3}|.)/g, (_match, escape: string) => {
    if (escape.startsWith('u') && escape.length === 5) return String.fromCharCode(parseInt(escape.slice(1), 16));
    if (/^[0-7]+$/.test(escape)) return String.fromCharCode(parseInt(escape, 8));
    return ({ t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', '0': '\0' } as Record<string, string>)[escape] ?? escape;
  });
}
