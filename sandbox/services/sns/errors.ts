import { AwsError, awsErrorType } from '../../core/aws-error';

/** SNS errors (awsQuery `<Error>`), with the messages SNS answers (see test/parity/sns). */
export const NotFound = awsErrorType('NotFound', 404);
export const InvalidParameter = awsErrorType('InvalidParameter');
export const InvalidParameterValue = awsErrorType('ParameterValueInvalid');

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
export function invalidParameter(name: string, reason?: string): AwsError {
  return new InvalidParameter(`Invalid parameter: ${name}${reason ? ` Reason: ${reason}` : ''}`);
}
