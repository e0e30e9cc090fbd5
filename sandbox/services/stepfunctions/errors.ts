import { AwsError } from '../../core/aws-error';

/** Step Functions error codes, with the messages Step Functions answers (see test/parity/sfn). */
export class InvalidDefinition extends AwsError {
  constructor(detail: string) {
    super('InvalidDefinition', `Invalid State Machine Definition: '${detail}'`);
  }
}

export class InvalidName extends AwsError {
  constructor(name: string) {
    super('InvalidName', `Invalid Name: '${name}'`);
  }
}

export class InvalidArn extends AwsError {
  constructor(detail: string) {
    super('InvalidArn', `Invalid Arn: '${detail}'`);
  }
}

export class StateMachineDoesNotExist extends AwsError {
  constructor(arn: string) {
    super('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
  }
}

export class StateMachineAlreadyExists extends AwsError {
  constructor(arn: string) {
    super('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
  }
}

export class StateMachineTypeNotSupported extends AwsError {
  constructor() {
    super('StateMachineTypeNotSupported', 'This operation is not supported by this type of state machine');
  }
}

export class ExecutionDoesNotExist extends AwsError {
  constructor(arn: string) {
    super('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
  }
}

export class ExecutionAlreadyExists extends AwsError {
  constructor(arn: string) {
    super('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
  }
}

export class InvalidExecutionInput extends AwsError {
  constructor(detail: string) {
    super('InvalidExecutionInput', `Invalid State Machine Execution Input: '${detail}'`);
  }
}

export class InvalidToken extends AwsError {
  constructor(token: string) {
    super('InvalidToken', `Invalid Token: '${token}'`);
  }
}

export class TaskTimedOut extends AwsError {
  constructor() {
    super('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
  }
}

export class InvalidOutput extends AwsError {
  constructor(detail: string) {
    super('InvalidOutput', `Invalid Output: '${detail}'`);
  }
}

export class ActivityDoesNotExist extends AwsError {
  constructor(arn: string) {
    super('ActivityDoesNotExist', `Activity Does Not Exist: '${arn}'`);
  }
}

export class ActivityAlreadyExists extends AwsError {
  constructor(arn: string) {
    super('ActivityAlreadyExists', `Activity Already Exists: '${arn}'`);
  }
}

export class ResourceNotFound extends AwsError {
  constructor(message: string) {
    super('ResourceNotFound', message);
  }
}

/** A start naming a mocked test case (`<arn>#<TestCase>`) that the mock configuration cannot provide. */
export class MockedTestCaseUnavailable extends AwsError {
  constructor(message: string) {
    super('ValidationException', message);
  }
}

export class MissingRequiredParameter extends AwsError {
  constructor(message: string) {
    super('MissingRequiredParameter', message);
  }
}

/** `1 validation error detected: Value '…' at '…' failed to satisfy constraint: …` */
export class ValidationError extends AwsError {
  constructor(value: string, member: string, constraint: string) {
    super(
      'ValidationException',
      `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`,
    );
  }
}
