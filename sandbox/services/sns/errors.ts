import { AwsError } from '../../core/aws-error';

/** SNS errors (awsQuery `<Error>`), with the messages SNS answers (see test/parity/sns). */
export class NotFound extends AwsError {
  constructor(message: string) {
    super('NotFound', message, 404);
  }
}

export class InvalidParameter extends AwsError {
  constructor(message: string) {
    super('InvalidParameter', message, 400);
  }
}

export class InvalidParameterValue extends AwsError {
  constructor(message: string) {
    super('ParameterValueInvalid', message, 400);
  }
}

export class TooManyEntriesInBatchRequest extends AwsError {
  constructor() {
    super('TooManyEntriesInBatchRequest', 'The batch request contains more entries than permissible.', 400);
  }
}

export class BatchEntryIdsNotDistinct extends AwsError {
  constructor() {
    super('BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.', 400);
  }
}

export const topicNotFound = () => new NotFound('Topic does not exist');
export const subscriptionNotFound = () => new NotFound('Subscription does not exist');

/** `Invalid parameter: <Name> Reason: <why>` — SNS's wording for a bad argument. */
export function invalidParameter(name: string, reason?: string): InvalidParameter {
  return new InvalidParameter(`Invalid parameter: ${name}${reason ? ` Reason: ${reason}` : ''}`);
}
