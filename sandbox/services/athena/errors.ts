import { AwsError } from '../../core/aws-error';

/**
 * Athena's API errors. InvalidRequestException carries `AthenaErrorCode` (and, as measured on
 * the wire, the same value as `ErrorCode`).
 */
export class InvalidRequestException extends AwsError {
  constructor(message: string, athenaErrorCode?: string) {
    super(
      'InvalidRequestException',
      message,
      400,
      true,
      athenaErrorCode ? { AthenaErrorCode: athenaErrorCode, ErrorCode: athenaErrorCode } : {},
    );
  }

  /** A statement Athena's parser refuses: no query execution is created. */
  static malformedQuery(message: string): InvalidRequestException {
    return new InvalidRequestException(message, 'MALFORMED_QUERY');
  }

  static invalidInput(message: string): InvalidRequestException {
    return new InvalidRequestException(message, 'INVALID_INPUT');
  }

  /** Athena's wording, two spaces in "for  your" included. */
  static noOutputLocation(): InvalidRequestException {
    return InvalidRequestException.invalidInput(
      'No output location provided. You did not provide an output location for  your query results. Either specify an S3 bucket location or enable Athena managed query results in your workgroup settings.',
    );
  }

  static queryNotFound(id: string): InvalidRequestException {
    return new InvalidRequestException(`QueryExecution ${id} was not found`, 'QUERY_EXECUTION_NOT_FOUND');
  }

  static workGroupNotFound(): InvalidRequestException {
    return new InvalidRequestException('WorkGroup is not found.');
  }
}

export class MetadataException extends AwsError {
  constructor(message: string) {
    super('MetadataException', message, 400);
  }
}

export class InternalServerException extends AwsError {
  constructor(message: string) {
    super('InternalServerException', message, 500, false);
  }
}

/** Athena's `AthenaError.ErrorCategory`. */
export const ErrorCategory = { SYSTEM: 1, USER: 2, OTHER: 3 } as const;

/**
 * Why a query ended FAILED: the `StateChangeReason` text and the `AthenaError` numbers. The
 * ErrorType values are those Athena uses for the Trino error names (measured: TABLE_NOT_FOUND
 * and SCHEMA_NOT_FOUND 1301, COLUMN_NOT_FOUND and CATALOG_NOT_FOUND 1006, TYPE_MISMATCH 1002,
 * FUNCTION_NOT_FOUND 1303, DIVISION_BY_ZERO 1001, INVALID_CAST_ARGUMENT 1100, NOT_SUPPORTED 1200);
 * other user errors get 1000 (unverified for HIVE_BAD_DATA, MISSING_COLUMN_NAME and the others).
 */
export class QueryFailure extends Error {
  constructor(
    readonly reason: string,
    readonly category: number = ErrorCategory.USER,
    readonly errorType: number = 1000,
    readonly retryable = false,
  ) {
    super(reason);
  }

  /** `NAME: detail` with the ErrorType Athena gives that name. */
  static named(name: string, detail: string): QueryFailure {
    return new QueryFailure(`${name}: ${detail}`, ErrorCategory.USER, ERROR_TYPES[name] ?? 1000);
  }

  /** A failure of Athena's Hive DDL path (`FAILED: SemanticException …`). */
  static hive(reason: string): QueryFailure {
    return new QueryFailure(reason, ErrorCategory.USER, 1006);
  }
}

const ERROR_TYPES: Record<string, number> = {
  TABLE_NOT_FOUND: 1301,
  SCHEMA_NOT_FOUND: 1301,
  COLUMN_NOT_FOUND: 1006,
  CATALOG_NOT_FOUND: 1006,
  TYPE_MISMATCH: 1002,
  FUNCTION_NOT_FOUND: 1303,
  DIVISION_BY_ZERO: 1001,
  INVALID_CAST_ARGUMENT: 1100,
  NOT_SUPPORTED: 1200,
};
