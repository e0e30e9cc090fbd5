import { AwsError, ValidationException, type MachineRequirement } from '../../core/aws-error';

/**
 * Lambda error codes, with the messages Lambda answers (see test/parity/lambda). Lambda's
 * modelled errors carry `Type` (`User` or `Service`) beside the message; the REST-JSON binding
 * writes them as `{"Type": …, "Message": …}` with the code in `x-amzn-ErrorType`.
 */
class LambdaError extends AwsError {
  constructor(code: string, message: string, statusCode: number, type: 'User' | 'Service' = 'User') {
    super(code, message, statusCode, type === 'User', { Type: type });
  }
}

export class ResourceNotFoundException extends LambdaError {
  constructor(message: string) {
    super('ResourceNotFoundException', message, 404);
  }
}

/** Invoke of a function (or version) that does not exist: `Function not found: <arn with qualifier>`. */
export class FunctionNotFound extends ResourceNotFoundException {
  constructor(functionArn: string) {
    super(`Function not found: ${functionArn}`);
  }
}

export class ResourceConflictException extends LambdaError {
  constructor(message: string) {
    super('ResourceConflictException', message, 409);
  }
}

export class InvalidParameterValueException extends LambdaError {
  constructor(message: string) {
    super('InvalidParameterValueException', message, 400);
  }
}

/** A function this machine cannot run as Lambda would (no Python 3 with boto3): the machine needs it, not the template. */
export class MachineRequirementMissing extends InvalidParameterValueException implements MachineRequirement {
  readonly machineRequirement = true;
}

export class InvalidRequestContentException extends LambdaError {
  constructor(message: string) {
    super('InvalidRequestContentException', message, 400);
  }
}

export class RequestTooLargeException extends LambdaError {
  constructor(limitBytes: number) {
    super('RequestTooLargeException', `Request must be smaller than ${limitBytes} bytes for the InvokeFunction operation`, 413);
  }
}

/** Lambda's unmodelled validation error (`{"message": "1 validation error detected: …"}`). */
export function constraintViolation(value: string, member: string, constraint: string): ValidationException {
  return new ValidationException(
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}
