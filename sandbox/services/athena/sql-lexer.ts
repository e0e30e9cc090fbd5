/**
 * A tokenizer for the SQL Athena accepts (Trino queries and Hive DDL): enough to classify a
 * statement, parse DDL, rewrite Trino functions for DuckDB and map error positions back to the
 * user's text. Every token keeps its offsets in the original string.
 */
export type TokenKind =
  | 'space'
  | 'comment'
  | 'word'
  | 'quoted' // "identifier"
  | 'backquoted' // `identifier` (Hive DDL)
  | 'string' // 'literal'
  | 'number'
  | 'symbol';

export interface Token {
  kind: TokenKind;
  /** The token exactly as written. */
  text: string;
  start: number;
  end: number;
}

export class LexError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const TWO_CHAR_SYMBOLS = ['<>', '!=', '<=', '>=', '||', '->', '=>', '::'];

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number) => {
    tokens.push({ kind, text: sql.slice(i, end), start: i, end });
    i = end;
  };
  while (i < sql.length) {
    const char = sql.charAt(i);
    const next = sql.charAt(i + 1);
    if (/\s/.test(char)) {
      let end = i + 1;
      while (end < sql.length && /\s/.test(sql.charAt(end))) end++;
      push('space', end);
    } else if (char === '-' && next === '-') {
      const newline = sql.indexOf('\n', i);
      push('comment', newline < 0 ? sql.length : newline);
    } else if (char === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) throw new LexError('unterminated comment', i);
      push('comment', close + 2);
    } else if (char === "'") {
      push('string', closingQuote(sql, i, "'"));
    } else if (char === '"') {
      push('quoted', closingQuote(sql, i, '"'));
    } else if (char === '`') {
      push('backquoted', closingQuote(sql, i, '`'));
    } else if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(next))) {
      const match = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(sql.slice(i))!;
      push('number', i + match[0].length);
    } else if (/[\p{L}_]/u.test(char)) {
      let end = i + 1;
      while (end < sql.length && /[\p{L}\p{N}_$@]/u.test(sql.charAt(end))) end++;
      push('word', end);
    } else {
      const two = sql.slice(i, i + 2);
      push('symbol', i + (TWO_CHAR_SYMBOLS.includes(two) ? 2 : 1));
    }
  }
  return tokens;
}

function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  throw new LexError(`unterminated ${quote === "'" ? 'string literal' : 'quoted identifier'}`, start);
}

/** Tokens that carry meaning (no whitespace or comments). */
export function significant(tokens: Token[]): Token[] {
  return tokens.filter((token) => token.kind !== 'space' && token.kind !== 'comment');
}

export function isWord(token: Token | undefined, ...words: string[]): boolean {
  return token?.kind === 'word' && words.includes(token.text.toUpperCase());
}

export function isSymbol(token: Token | undefined, symbol: string): boolean {
  return token?.kind === 'symbol' && token.text === symbol;
}

/** The value of a string literal token (`'it''s'` → `it's`). */
export function stringValue(token: Token): string {
  return token.text.slice(1, -1).replaceAll("''", "'");
}

/** The name an identifier token stands for: unquoted names fold to lower case, as in Athena. */
export function identifierValue(token: Token): string {
  if (token.kind === 'quoted') return token.text.slice(1, -1).replaceAll('""', '"');
  if (token.kind === 'backquoted') return token.text.slice(1, -1).replaceAll('``', '`');
  return token.text;
}

export function isIdentifier(token: Token | undefined): boolean {
  return token?.kind === 'word' || token?.kind === 'quoted' || token?.kind === 'backquoted';
}

/** 1-based line and column of an offset, as Athena reports them (`line 1:8`). */
export function lineColumn(sql: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < Math.min(offset, sql.length); i++) {
    if (sql[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Double-quote an identifier for DuckDB. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
