import { randomUUID } from 'node:crypto';
import { AwsError } from '../../../core/aws-error';
import type { ErrorDescription } from './service-task';

/**
 * How Step Functions names a service's error. The optimized integrations call services with the
 * AWS SDK for Java 1.x: the error is `<Prefix>.<ExceptionClass>` (`DynamoDB.ResourceNotFoundException`),
 * where an error code the SDK models is its own class (the code, `Exception` appended unless it
 * ends so) and any other is the service's base class (`DynamoDB.AmazonDynamoDBException` for a
 * ValidationException), and the cause is the SDK's message: `<message> (Service: AmazonDynamoDBv2;
 * Status Code: 400; Error Code: ResourceNotFoundException; Request ID: …; Proxy: null)` (recorded:
 * test_task_service_dynamodb, test_task_service_sqs, test_task_service_sfn).
 */
export interface JavaV1Service {
  /** `DynamoDB`, `SQS`, `SNS`, `StepFunctions`. */
  prefix: string;
  /** The SDK's service name in causes: `AmazonDynamoDBv2`, `AmazonSQS`, `AmazonSNS`, `AWSStepFunctions`. */
  sdkName: string;
  /** The base exception class: `AmazonDynamoDBException`. */
  baseException: string;
  /** Error codes the SDK models, mapped to their class when it is not `<code>Exception`; `all` when every code is. */
  modeled: Readonly<Record<string, string | true>> | 'all';
}

export function describeJavaV1Error(error: unknown, service: JavaV1Service): ErrorDescription {
  if (!(error instanceof AwsError)) return notAnApiAnswer(service.prefix, error);
  const modeled = service.modeled === 'all' ? true : service.modeled[error.code];
  const exception = modeled === undefined ? service.baseException : modeled === true ? exceptionClass(error.code) : modeled;
  return {
    error: `${service.prefix}.${exception}`,
    cause: `${error.message} (Service: ${service.sdkName}; Status Code: ${error.statusCode}; Error Code: ${error.code}; Request ID: ${randomUUID()}; Proxy: null)`,
  };
}

/**
 * The AWS SDK integrations (`aws-sdk:<service>:<action>`) call services with the AWS SDK for Java
 * 2.x: the error is `<ServiceId>.<ExceptionClass>` (`Sfn.InvalidTokenException`,
 * `DynamoDb.ResourceNotFoundException`), an unmodeled code being the service's base class
 * (`DynamoDb.DynamoDbException`), and the cause `<message> (Service: <ServiceId>, Status Code: 400,
 * Request ID: …) (SDK Attempt Count: 1)` (recorded 2025: test_sfn_send_task_outcome_with_no_such_token;
 * recordings of 2023 show the cause without the attempt count).
 */
export function describeSdkV2Error(error: unknown, serviceId: string, isModeled: (code: string) => boolean): ErrorDescription {
  if (!(error instanceof AwsError)) return notAnApiAnswer(serviceId, error);
  // A service with two protocols (SQS) names the error by its JSON shape for the JSON-speaking SDK.
  const code = (error as AwsError & { jsonType?: string }).jsonType ?? error.code;
  const exception = isModeled(code) ? exceptionClass(code) : `${serviceId}Exception`;
  return {
    error: `${serviceId}.${exception}`,
    cause: `${error.message} (Service: ${serviceId}, Status Code: ${error.statusCode}, Request ID: ${randomUUID()}) (SDK Attempt Count: 1)`,
  };
}

/** `ResourceNotFoundException` stays; `InvalidToken` becomes `InvalidTokenException`; `AWS.X.Y` is its last part. */
export function exceptionClass(code: string): string {
  const name = code.split('.').pop() ?? code;
  return name.endsWith('Exception') ? name : `${name}Exception`;
}

/**
 * Error codes common to every AWS service (the service's base exception in the SDKs): anything
 * else a sandbox provider throws is a code of the service's own model.
 */
const COMMON_ERRORS = new Set([
  'ValidationException',
  'ValidationError',
  'SerializationException',
  'InternalFailure',
  'InternalFailureException',
  'ServiceUnavailable',
  'ThrottlingException',
  'Throttling',
  'MissingParameter',
  'MissingAction',
  'InvalidParameterCombination',
  'InvalidQueryParameter',
  'MalformedQueryString',
  'UnrecognizedClientException',
  'AccessDeniedException',
  'IncompleteSignature',
  'RequestExpired',
]);

export function isServiceModeledError(code: string): boolean {
  return !COMMON_ERRORS.has(code);
}

/** The engine itself broke (not an API answer): what the Java SDKs report for a failed call. */
function notAnApiAnswer(prefix: string, error: unknown): ErrorDescription {
  return { error: `${prefix}.SdkClientException`, cause: error instanceof Error ? error.message : String(error) };
}
