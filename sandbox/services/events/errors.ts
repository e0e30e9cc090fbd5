import { AwsError } from '../../core/aws-error';

/** EventBridge errors (awsJson 1.1: `{"__type": Code, "message": …}`), with EventBridge's messages. */
export class ResourceNotFoundException extends AwsError {
  constructor(message: string) {
    super('ResourceNotFoundException', message, 400);
  }
}

export class ResourceAlreadyExistsException extends AwsError {
  constructor(message: string) {
    super('ResourceAlreadyExistsException', message, 400);
  }
}

export class InvalidEventPatternException extends AwsError {
  constructor(message: string) {
    super('InvalidEventPatternException', message, 400);
  }
}

export class EventsValidationException extends AwsError {
  constructor(message: string) {
    super('ValidationException', message, 400);
  }
}

export class LimitExceededException extends AwsError {
  constructor(message: string) {
    super('LimitExceededException', message, 400);
  }
}

export class ManagedRuleException extends AwsError {
  constructor(message: string) {
    super('ManagedRuleException', message, 400);
  }
}

export const ruleNotFound = (rule: string, bus: string) => new ResourceNotFoundException(`Rule ${rule} does not exist on EventBus ${bus}.`);
export const busNotFound = (bus: string) => new ResourceNotFoundException(`Event bus ${bus} does not exist.`);
