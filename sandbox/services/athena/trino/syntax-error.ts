/**
 * Why a statement cannot be run, found before it reaches the engine. A syntax error is refused at
 * StartQueryExecution (MALFORMED_QUERY); a semantic error or a construct the sandbox does not
 * implement makes the query FAILED with Athena's error name, as Athena does after analysis.
 */
export class TrinoSyntaxError extends Error {
  constructor(
    message: string,
    /** Offset in the user's SQL. */
    readonly position: number,
  ) {
    super(message);
  }
}

/** More than one statement in one query string (`SELECT 1; SELECT 2`). */
export class MultipleStatements extends Error {}

export class SemanticError extends Error {
  constructor(
    /** Trino's error name: TYPE_MISMATCH, COLUMN_NOT_FOUND, FUNCTION_NOT_FOUND, … */
    readonly errorName: string,
    message: string,
    /** Offset in the user's SQL, reported as `line L:C: `; absent for errors Trino reports without one. */
    readonly position?: number,
  ) {
    super(message);
  }
}

/** Valid Trino the sandbox cannot run faithfully: refused by name rather than answered differently. */
export function notSupported(what: string, position?: number): SemanticError {
  return new SemanticError('NOT_SUPPORTED', `The postflight sandbox does not support ${what}`, position);
}
