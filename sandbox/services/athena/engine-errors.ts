import { ErrorCategory, QueryFailure } from './errors';

/**
 * DuckDB's run-time errors (read as JSON: `errors_as_json`) turned into Athena's FAILED reasons.
 * Analysis (trino/) has already raised Athena's semantic errors with their positions, so what
 * reaches here is data: a value that does not cast (INVALID_CAST_ARGUMENT), an overflow
 * (NUMERIC_VALUE_OUT_OF_RANGE), a file that does not read (HIVE_BAD_DATA, named by its s3://
 * URI), or an error the translation raised in Athena's form (`DIVISION_BY_ZERO: …`). Anything else
 * is the sandbox's own failure and says so.
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
  /** The QueryExecutionContext database (Athena's `default` when none). */
  database: string;
  databaseExists(name: string): boolean;
  /** Local file path → s3:// URI. */
  locations: ReadonlyMap<string, string>;
  /** Unused: kept for callers that name the statement. */
  originalSql?: string;
}

export function parseDuckDBError(error: unknown): DuckDBError {
  const text = error instanceof Error ? error.message : String(error);
  const start = text.indexOf('{');
  if (start >= 0) {
    try {
      const json = JSON.parse(text.slice(start)) as Record<string, string | undefined>;
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
  return match ? { type: match[1] ?? 'Unknown', message: match[2] ?? text } : { type: 'Unknown', message: text };
}

export function isInterrupt(error: DuckDBError): boolean {
  return error.type === 'INTERRUPT' || /interrupted/i.test(error.message);
}

export function toQueryFailure(error: DuckDBError, context: ErrorContext): QueryFailure {
  const message = withS3Paths(firstLine(error.message), context.locations);
  if (/^[A-Z_]+: /.test(message)) {
    // Raised by the translation in Athena's form already (`INVALID_FUNCTION_ARGUMENT: …`).
    const [name = '', ...rest] = message.split(': ');
    return QueryFailure.named(name, rest.join(': '));
  }
  if (error.type === 'Conversion') return conversionFailure(error, context, message);
  if (/division by zero/i.test(message)) return QueryFailure.named('DIVISION_BY_ZERO', 'Division by zero');
  if (error.type === 'Out of Range' || /overflow/i.test(message)) return QueryFailure.named('NUMERIC_VALUE_OUT_OF_RANGE', message);
  if (/More than one row returned by a subquery/i.test(message))
    return QueryFailure.named('SUBQUERY_MULTIPLE_ROWS', 'Scalar sub-query has returned multiple rows');
  if (error.type === 'Invalid Input' || error.type === 'IO') {
    if (mentionsFile(error.message, context.locations))
      return QueryFailure.named('HIVE_BAD_DATA', withS3Paths(error.message.trim(), context.locations).split('\n')[0] ?? '');
    if (/Unknown TimeZone/i.test(message))
      return QueryFailure.named(
        'INVALID_FUNCTION_ARGUMENT',
        message.replace(/^.*Unknown TimeZone '([^']*)'.*$/, "'$1' is not a valid time zone"),
      );
    return QueryFailure.named('INVALID_FUNCTION_ARGUMENT', message);
  }
  if (error.type === 'Not implemented') return QueryFailure.named('NOT_SUPPORTED', message);
  return new QueryFailure(
    `GENERIC_INTERNAL_ERROR: The postflight sandbox could not run its translation of the query: ${error.type} Error: ${message}`,
    ErrorCategory.SYSTEM,
    200,
  );
}

function conversionFailure(error: DuckDBError, context: ErrorContext, message: string): QueryFailure {
  const range = /with value (\S+) can't be cast because the value is out of range for the destination type ([A-Z0-9_]+)/.exec(message);
  if (range) return QueryFailure.named('NUMERIC_VALUE_OUT_OF_RANGE', `Out of range for ${trinoTypeName(range[2] ?? '')}: ${range[1]}`);
  const number = /Could not convert string ['"](.*)['"] to ([A-Z0-9_]+(?:\(\d+,\s*\d+\))?)/.exec(message);
  if (number) {
    const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(number[2] ?? '');
    if (decimal)
      return QueryFailure.named(
        'INVALID_CAST_ARGUMENT',
        `Cannot cast VARCHAR '${number[1]}' to DECIMAL(${decimal[1]}, ${decimal[2]}). Value is not a number.`,
      );
    return QueryFailure.named('INVALID_CAST_ARGUMENT', `Cannot cast '${number[1]}' to ${castTarget(number[2] ?? '')}`);
  }
  const temporal = /(date|timestamp|time)(?: field value out of range| field format)?[^"]*"(.*)"/i.exec(message);
  if (temporal)
    return QueryFailure.named('INVALID_CAST_ARGUMENT', `Value cannot be cast to ${(temporal[1] ?? '').toLowerCase()}: ${temporal[2]}`);
  if (mentionsFile(error.message, context.locations)) return QueryFailure.named('HIVE_BAD_DATA', message);
  return QueryFailure.named('INVALID_CAST_ARGUMENT', message);
}

const TRINO_TYPE_NAMES: Record<string, string> = {
  INT8: 'tinyint',
  INT16: 'smallint',
  INT32: 'integer',
  INT64: 'bigint',
  FLOAT: 'real',
  DOUBLE: 'double',
};

function trinoTypeName(duckdb: string): string {
  return TRINO_TYPE_NAMES[duckdb.toUpperCase()] ?? duckdb.toLowerCase();
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
  return (message.split('\n')[0] ?? '').trim();
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
