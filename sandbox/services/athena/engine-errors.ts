import { ErrorCategory, QueryFailure } from './errors';
import { identifierValue, isIdentifier, isSymbol, lineColumn, significant, tokenize, type Token } from './sql-lexer';
import type { TrinoRewrite } from './trino-dialect';

/**
 * DuckDB's errors (read as JSON: `errors_as_json`) turned into Athena's FAILED reasons:
 * `COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved`, `TABLE_NOT_FOUND: line 1:15: Table
 * 'awsdatacatalog.db.t' does not exist`, SCHEMA_NOT_FOUND, FUNCTION_NOT_FOUND, TYPE_MISMATCH,
 * INVALID_CAST_ARGUMENT, DIVISION_BY_ZERO, HIVE_BAD_DATA (files named by their s3:// URI).
 * Positions are DuckDB's, mapped back through the dialect rewrite to the user's line:column.
 * Anything else keeps DuckDB's text behind a generic Athena error name, so nothing is lost.
 */
export interface DuckDBError {
  type: string;
  message: string;
  /** UTF-8 byte offset in the SQL DuckDB ran. */
  position?: number;
  subtype?: string;
  name?: string;
  objectType?: string;
}

export interface ErrorContext {
  originalSql: string;
  rewrite?: TrinoRewrite;
  /** The QueryExecutionContext database (Athena's `default` when none). */
  database: string;
  databaseExists(name: string): boolean;
  /** Local file path → s3:// URI. */
  locations: ReadonlyMap<string, string>;
}

export function parseDuckDBError(error: unknown): DuckDBError {
  const text = error instanceof Error ? error.message : String(error);
  const start = text.indexOf('{');
  if (start >= 0) {
    try {
      const json = JSON.parse(text.slice(start)) as Record<string, string>;
      return {
        type: json.exception_type ?? 'Unknown',
        message: json.exception_message ?? text,
        position: json.position !== undefined ? Number(json.position) : undefined,
        subtype: json.error_subtype,
        name: json.name,
        objectType: json.type,
      };
    } catch {
      // not JSON: fall through
    }
  }
  const match = /^([A-Za-z ]+?) Error: ([\s\S]*)$/.exec(text);
  return match ? { type: match[1], message: match[2] } : { type: 'Unknown', message: text };
}

export function isInterrupt(error: DuckDBError): boolean {
  return error.type === 'INTERRUPT' || /interrupted/i.test(error.message);
}

/** The identifier chain (`db.t`) DuckDB reports as a missing table, read from the user's SQL. */
export function missingTableName(error: DuckDBError, context: ErrorContext): string[] | undefined {
  if (!isMissingTable(error)) return undefined;
  const offset = originalOffset(error, context);
  if (offset === undefined) return undefined;
  return identifierChainAt(context.originalSql, offset);
}

function isMissingTable(error: DuckDBError): boolean {
  return error.type === 'Catalog' && (error.objectType === 'Table' || /^Table with name .* does not exist/.test(error.message));
}

export function toQueryFailure(error: DuckDBError, context: ErrorContext): QueryFailure {
  const where = position(error, context);
  const message = withS3Paths(firstLine(error.message), context.locations);
  if (error.type === 'Binder' && error.subtype === 'COLUMN_NOT_FOUND') {
    const name = nameAt(error, context) ?? error.name ?? '?';
    return QueryFailure.named('COLUMN_NOT_FOUND', `${where}Column '${name}' cannot be resolved`);
  }
  if (isMissingTable(error)) {
    const chain = missingTableName(error, context) ?? [error.name ?? '?'];
    const [catalog, schema, table] =
      chain.length >= 3
        ? chain.slice(-3)
        : chain.length === 2
          ? ['awsdatacatalog', ...chain]
          : ['awsdatacatalog', context.database, chain[0]];
    if (catalog.toLowerCase() !== 'awsdatacatalog')
      return QueryFailure.named('CATALOG_NOT_FOUND', `${where}Catalog '${catalog.toLowerCase()}' does not exist`);
    if (!context.databaseExists(schema))
      return QueryFailure.named('SCHEMA_NOT_FOUND', `${where}Schema '${schema.toLowerCase()}' does not exist`);
    return QueryFailure.named(
      'TABLE_NOT_FOUND',
      `${where}Table 'awsdatacatalog.${schema.toLowerCase()}.${table.toLowerCase()}' does not exist`,
    );
  }
  if (error.type === 'Catalog' && /Function/.test(error.objectType ?? error.message)) {
    const name = wordAt(error, context) ?? error.name ?? '?';
    return QueryFailure.named('FUNCTION_NOT_FOUND', `${where}Function '${name.toLowerCase()}' not registered`);
  }
  if (error.type === 'Binder') {
    const noMatch =
      /No function matches the given name and argument types '([^(]+)\((.*)\)'/.exec(message) ??
      /Could not choose a best candidate function for the function call "([^(]+)\((.*)\)"/.exec(message);
    if (noMatch) {
      const name = wordAt(error, context) ?? noMatch[1];
      return QueryFailure.named(
        'TYPE_MISMATCH',
        `${where}Unexpected parameters (${trinoTypeList(noMatch[2])}) for function ${name.toLowerCase()}`,
      );
    }
    const compare = /Cannot compare values of type (\S+) and type (\S+)/.exec(message);
    if (compare) {
      return QueryFailure.named(
        'TYPE_MISMATCH',
        `${where}Cannot apply operator: ${trinoTypeName(compare[1])} ${operatorNear(error, context)} ${trinoTypeName(compare[2])}`,
      );
    }
    if (/must be a boolean|cannot be cast|Cannot mix values|implicit cast|explicit cast/i.test(message)) {
      return QueryFailure.named('TYPE_MISMATCH', `${where}${message}`);
    }
    if (/must appear in the GROUP BY clause|must be part of an aggregate/i.test(message)) {
      return QueryFailure.named('MISSING_GROUP_BY', `${where}${message}`);
    }
    return QueryFailure.named('SYNTAX_ERROR', `${where}${message}`);
  }
  if (error.type === 'Conversion') return conversionFailure(error, context, where, message);
  if (/division by zero/i.test(message)) return QueryFailure.named('DIVISION_BY_ZERO', 'Division by zero');
  if (error.type === 'Out of Range') return QueryFailure.named('NUMERIC_VALUE_OUT_OF_RANGE', message);
  if (/^[A-Z_]+: /.test(message)) {
    // Raised by our own macros in Athena's form already (`INVALID_FUNCTION_ARGUMENT: …`).
    const [name, ...rest] = message.split(': ');
    return QueryFailure.named(name, rest.join(': '));
  }
  if (error.type === 'Invalid Input' || error.type === 'IO') {
    if (mentionsFile(error.message, context.locations))
      return QueryFailure.named('HIVE_BAD_DATA', withS3Paths(error.message.trim(), context.locations).split('\n')[0]);
    return QueryFailure.named('INVALID_FUNCTION_ARGUMENT', message);
  }
  if (error.type === 'Catalog' || error.type === 'Parser' || error.type === 'Not implemented') {
    return QueryFailure.named(error.type === 'Not implemented' ? 'NOT_SUPPORTED' : 'SYNTAX_ERROR', `${where}${message}`);
  }
  return new QueryFailure(`GENERIC_INTERNAL_ERROR: ${error.type} Error: ${message}`, ErrorCategory.SYSTEM, 200);
}

function conversionFailure(error: DuckDBError, context: ErrorContext, where: string, message: string): QueryFailure {
  const number = /Could not convert string ['"](.*)['"] to ([A-Z0-9_]+(?:\(\d+,\s*\d+\))?)/.exec(message);
  // DuckDB casts a column implicitly where Trino refuses the comparison at analysis time; an
  // explicit CAST at the error position is a value that does not cast.
  const explicit = /^(TRY_)?CAST$/i.test(wordAt(error, context) ?? 'CAST');
  if (number && !explicit && /when casting from source column/.test(message)) {
    return QueryFailure.named(
      'TYPE_MISMATCH',
      `${where}Cannot apply operator: varchar ${operatorNear(error, context)} ${trinoTypeName(number[2])}`,
    );
  }
  if (number) {
    const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(number[2]);
    if (decimal)
      return QueryFailure.named(
        'INVALID_CAST_ARGUMENT',
        `Cannot cast VARCHAR '${number[1]}' to DECIMAL(${decimal[1]}, ${decimal[2]}). Value is not a number.`,
      );
    return QueryFailure.named('INVALID_CAST_ARGUMENT', `Cannot cast '${number[1]}' to ${castTarget(number[2])}`);
  }
  const temporal = /(date|timestamp|time)(?: field value out of range| field format)?[^"]*"(.*)"/i.exec(message);
  if (temporal) return QueryFailure.named('INVALID_CAST_ARGUMENT', `Value cannot be cast to ${temporal[1].toLowerCase()}: ${temporal[2]}`);
  if (mentionsFile(error.message, context.locations)) return QueryFailure.named('HIVE_BAD_DATA', message);
  return QueryFailure.named('INVALID_CAST_ARGUMENT', message);
}

/** `line 1:8: ` for the error's position in the user's SQL, or '' when DuckDB gave none. */
function position(error: DuckDBError, context: ErrorContext): string {
  const offset = originalOffset(error, context);
  if (offset === undefined) return '';
  const { line, column } = lineColumn(context.originalSql, offset);
  return `line ${line}:${column}: `;
}

export function originalOffset(error: DuckDBError, context: ErrorContext): number | undefined {
  if (error.position === undefined || Number.isNaN(error.position) || error.position > 1e12) return undefined;
  const ranSql = context.rewrite?.sql ?? context.originalSql;
  const charOffset = Buffer.from(ranSql).subarray(0, error.position).toString('utf8').length;
  return context.rewrite ? context.rewrite.toOriginal(charOffset) : charOffset;
}

function tokenAt(sql: string, offset: number): { tokens: Token[]; index: number } | undefined {
  let tokens: Token[];
  try {
    tokens = significant(tokenize(sql));
  } catch {
    return undefined;
  }
  const index = tokens.findIndex((token) => token.start <= offset && offset < token.end);
  return index < 0 ? undefined : { tokens, index };
}

/** The dotted name starting at an offset (`awsdatacatalog.db.t` → three parts). */
export function identifierChainAt(sql: string, offset: number): string[] | undefined {
  const found = tokenAt(sql, offset);
  if (!found || !isIdentifier(found.tokens[found.index])) return undefined;
  const parts = [identifierValue(found.tokens[found.index])];
  let i = found.index + 1;
  while (isSymbol(found.tokens[i], '.') && isIdentifier(found.tokens[i + 1])) {
    parts.push(identifierValue(found.tokens[i + 1]));
    i += 2;
  }
  return parts;
}

function nameAt(error: DuckDBError, context: ErrorContext): string | undefined {
  const offset = originalOffset(error, context);
  if (offset === undefined) return undefined;
  return identifierChainAt(context.originalSql, offset)?.join('.');
}

function wordAt(error: DuckDBError, context: ErrorContext): string | undefined {
  const offset = originalOffset(error, context);
  if (offset === undefined) return undefined;
  const found = tokenAt(context.originalSql, offset);
  return found && found.tokens[found.index].kind === 'word' ? found.tokens[found.index].text : undefined;
}

function operatorNear(error: DuckDBError, context: ErrorContext): string {
  const offset = originalOffset(error, context);
  if (offset === undefined) return '=';
  const found = tokenAt(context.originalSql, offset);
  if (!found) return '=';
  for (let i = Math.max(0, found.index - 3); i < Math.min(found.tokens.length, found.index + 4); i++) {
    const token = found.tokens[i];
    if (token.kind === 'symbol' && ['=', '<>', '!=', '<', '>', '<=', '>='].includes(token.text)) return token.text;
  }
  return '=';
}

const TRINO_TYPE_NAMES: Record<string, string> = {
  VARCHAR: 'varchar',
  STRING_LITERAL: 'varchar',
  INTEGER: 'integer',
  INTEGER_LITERAL: 'integer',
  INT32: 'integer',
  BIGINT: 'bigint',
  INT64: 'bigint',
  SMALLINT: 'smallint',
  INT16: 'smallint',
  TINYINT: 'tinyint',
  INT8: 'tinyint',
  DOUBLE: 'double',
  FLOAT: 'real',
  BOOLEAN: 'boolean',
  DATE: 'date',
  TIMESTAMP: 'timestamp(3)',
  'TIMESTAMP WITH TIME ZONE': 'timestamp(3) with time zone',
  BLOB: 'varbinary',
  HUGEINT: 'bigint',
};

function trinoTypeName(duckdb: string): string {
  const upper = duckdb.toUpperCase();
  if (TRINO_TYPE_NAMES[upper]) return TRINO_TYPE_NAMES[upper];
  if (upper.startsWith('DECIMAL')) return duckdb.toLowerCase();
  if (upper.endsWith('[]')) return `array(${trinoTypeName(duckdb.slice(0, -2))})`;
  return duckdb.toLowerCase();
}

function trinoTypeList(list: string): string {
  return list.split(/,\s*/).filter(Boolean).map(trinoTypeName).join(', ');
}

/** Trino's cast messages name the target as INT, BIGINT, DOUBLE, … */
function castTarget(duckdb: string): string {
  return (
    ({ INT32: 'INT', INT64: 'BIGINT', INT16: 'SMALLINT', INT8: 'TINYINT', FLOAT: 'REAL' } as Record<string, string>)[
      duckdb.toUpperCase()
    ] ?? duckdb.toUpperCase()
  );
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

function mentionsFile(message: string, locations: ReadonlyMap<string, string>): boolean {
  for (const file of locations.keys()) if (message.includes(file)) return true;
  return false;
}

function withS3Paths(message: string, locations: ReadonlyMap<string, string>): string {
  let text = message;
  for (const [file, uri] of locations) if (text.includes(file)) text = text.replaceAll(file, uri);
  return text;
}
