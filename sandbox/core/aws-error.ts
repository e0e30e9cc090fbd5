/**
 * The one error type every provider throws. Each AWS error code gets its own subclass (in the
 * service's `errors.ts`), carrying the AWS-exact message; the wire protocol turns it into the
 * service's error envelope (JSON `__type`, query/REST XML `<Error>`), so providers never see HTTP.
 */
export class AwsError extends Error {
  constructor(
    /** The AWS error code, e.g. `NoSuchKey`, `ExecutionDoesNotExist`. */
    readonly code: string,
    message: string,
    readonly statusCode = 400,
    /** `Sender` (the caller's fault) or `Receiver` (the service's). */
    readonly senderFault = true,
    /** Extra members of the error body, e.g. S3's `Key`, Athena's `AthenaErrorCode`, DynamoDB's `CancellationReasons`. */
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * Uniform answer for an operation the sandbox does not implement (loud, never a silent no-op).
 * It names the operations the service does implement, so the way forward is in the answer.
 */
export class NotImplementedOperation extends AwsError {
  constructor(service: string, operation: string, implemented: readonly string[]) {
    super(
      'InternalFailure',
      `The postflight sandbox does not implement ${service} ${operation}. ` +
        `The ${service} operations it implements: ${implemented.join(', ')}.`,
      501,
      false,
    );
  }
}

export class UnrecognizedService extends AwsError {
  constructor(detail: string) {
    super('UnrecognizedClientException', `The postflight sandbox could not tell which AWS service this request is for (${detail}).`, 400);
  }
}

export class SerializationException extends AwsError {
  constructor(message: string) {
    super('SerializationException', message, 400);
  }
}

export class ValidationException extends AwsError {
  constructor(message: string) {
    super('ValidationException', message, 400);
  }
}

/** An injected fault (throttling, 5xx) — see `faults.ts`. */
export class InjectedFault extends AwsError {}

/** Anything a provider threw, as an AwsError: a bug in the sandbox answers InternalFailure naming it. */
export function asAwsError(error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AwsError('InternalFailure', `The sandbox failed while serving this request: ${message}`, 500, false);
}

/** An error that says this machine lacks something the sandbox needs (e.g. Python with boto3), not that the input is wrong. */
export interface MachineRequirement {
  readonly machineRequirement: true;
}

/** Whether the error, or any error that caused it, is a MachineRequirement. */
export function needsMachineRequirement(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if ((cause as Partial<MachineRequirement>).machineRequirement === true) return true;
  }
  return false;
}

/**
 * An AWS error type that carries only a message, declared in one line per code:
 * `export const NotFound = awsErrorType('NotFound', 404);` then `throw new NotFound('…')`.
 */
export function awsErrorType(code: string, statusCode = 400) {
  return class extends AwsError {
    constructor(message: string) {
      super(code, message, statusCode);
    }
  };
}
