import { AwsError } from '../../core/aws-error';

/**
 * DynamoDB's errors. On the wire DynamoDB names them `com.amazonaws.dynamodb.v20120810#Code`
 * (`com.amazon.coral.validate#ValidationException`); the SDKs read only the part after `#`,
 * which is what the sandbox answers, with the lower-case `message` DynamoDB uses.
 */
export class DynamoDbError extends AwsError {
  constructor(code: string, message: string, fields: Record<string, unknown> = {}, statusCode = 400) {
    super(code, message, statusCode, statusCode < 500, fields);
  }
}

export class ResourceNotFoundException extends DynamoDbError {
  /** Item operations say only this; table operations add `: Table: <name> not found`. */
  constructor(tableName?: string) {
    super('ResourceNotFoundException', `Requested resource not found${tableName === undefined ? '' : `: Table: ${tableName} not found`}`);
  }
}

export class ValidationException extends DynamoDbError {
  constructor(message: string) {
    super('ValidationException', message);
  }
}

export class ConditionalCheckFailedException extends DynamoDbError {
  constructor(item?: Record<string, unknown>) {
    super('ConditionalCheckFailedException', 'The conditional request failed', item ? { Item: item } : {});
  }
}

/** Why each action of a cancelled transaction was (or was not) the reason, in the order of the actions. */
export interface CancellationReason {
  Code: string;
  Message?: string;
  Item?: Record<string, unknown>;
}

export class TransactionCanceledException extends DynamoDbError {
  constructor(reasons: CancellationReason[]) {
    super(
      'TransactionCanceledException',
      `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((reason) => reason.Code).join(', ')}]`,
      { CancellationReasons: reasons },
    );
  }
}

/** An error the engine (dynalite) answered — `{statusCode, body: {__type, message}}` — as the sandbox's AwsError. */
export function fromEngineError(error: unknown): unknown {
  if (error instanceof AwsError || !error || typeof error !== 'object') return error;
  const { statusCode, body } = error as { statusCode?: number; body?: { __type?: string; message?: string; Message?: string } };
  if (typeof statusCode !== 'number' || !body?.__type) return error;
  const code = body.__type.slice(body.__type.indexOf('#') + 1);
  return new DynamoDbError(code, body.message ?? body.Message ?? '', {}, statusCode);
}
