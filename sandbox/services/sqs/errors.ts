import { AwsError } from '../../core/aws-error';

/**
 * SQS errors. SQS speaks two protocols with one error model: the Query protocol answers the
 * `code` (`AWS.SimpleQueueService.NonExistentQueue`), the JSON protocol answers the shape name
 * (`QueueDoesNotExist`) as `__type` and the Query code in `x-amzn-query-error`, from which the SDK
 * names the error. Messages are SQS's own (see test/parity/sqs).
 */
export class SqsError extends AwsError {
  constructor(
    code: string,
    /** The JSON protocol's shape name. */
    readonly jsonType: string,
    message: string,
    statusCode = 400,
    /** The Query protocol's wording, where it differs. */
    readonly queryMessage?: string,
  ) {
    super(code, message, statusCode, true);
  }
}

export class QueueDoesNotExist extends SqsError {
  constructor() {
    super(
      'AWS.SimpleQueueService.NonExistentQueue',
      'QueueDoesNotExist',
      'The specified queue does not exist.',
      400,
      'The specified queue does not exist for this wsdl version.',
    );
  }
}

export class QueueNameExists extends SqsError {
  constructor(attribute: string) {
    super(
      'QueueAlreadyExists',
      'QueueNameExists',
      `A queue already exists with the same name and a different value for attribute ${attribute}`,
    );
  }
}

export class InvalidParameterValue extends SqsError {
  constructor(message: string) {
    super('InvalidParameterValue', 'InvalidParameterValueException', message);
  }
}

/** `Value X for parameter P is invalid. Reason: R` */
export function invalidParameter(value: unknown, parameter: string, reason: string): InvalidParameterValue {
  return new InvalidParameterValue(`Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${reason}`);
}

export class MissingParameter extends SqsError {
  constructor(parameter: string) {
    super('MissingParameter', 'MissingRequiredParameterException', `The request must contain the parameter ${parameter}.`);
  }
}

export class InvalidAttributeName extends SqsError {
  constructor(message: string) {
    super('InvalidAttributeName', 'InvalidAttributeName', message);
  }
}

export class InvalidAttributeValue extends SqsError {
  constructor(attribute: string, reason: string) {
    super('InvalidAttributeValue', 'InvalidAttributeValue', `Invalid value for the parameter ${attribute}. Reason: ${reason}`);
  }
}

export class ReceiptHandleIsInvalid extends SqsError {
  constructor(handle: string) {
    super('ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`);
  }
}

export class MessageNotInflight extends SqsError {
  constructor() {
    super(
      'AWS.SimpleQueueService.MessageNotInflight',
      'MessageNotInflight',
      'Message does not exist or is not available for visibility timeout change.',
    );
  }
}

export class TooManyEntriesInBatchRequest extends SqsError {
  constructor(count: number) {
    super(
      'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
      'TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are 10. You have sent ${count}.`,
    );
  }
}

export class EmptyBatchRequest extends SqsError {
  constructor(entryName: string) {
    super('AWS.SimpleQueueService.EmptyBatchRequest', 'EmptyBatchRequest', `There should be at least one ${entryName} in the request.`);
  }
}

export class BatchEntryIdsNotDistinct extends SqsError {
  constructor(id: string) {
    super('AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 'BatchEntryIdsNotDistinct', `Id ${id} repeated.`);
  }
}

export class InvalidBatchEntryId extends SqsError {
  constructor() {
    super(
      'AWS.SimpleQueueService.InvalidBatchEntryId',
      'InvalidBatchEntryId',
      'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
    );
  }
}

export class BatchRequestTooLong extends SqsError {
  constructor(limit: number, size: number) {
    super(
      'AWS.SimpleQueueService.BatchRequestTooLong',
      'BatchRequestTooLong',
      `Batch requests cannot be longer than ${limit} bytes. You have sent ${size} bytes.`,
    );
  }
}

export class PurgeQueueInProgress extends SqsError {
  constructor(queueName: string) {
    super(
      'AWS.SimpleQueueService.PurgeQueueInProgress',
      'PurgeQueueInProgress',
      `Only one PurgeQueue operation on ${queueName} is allowed every 60 seconds.`,
      403,
    );
  }
}
