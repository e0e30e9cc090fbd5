import path from 'node:path';

/** Keys Lambda reserves: a function may not set them (CreateFunction refuses), the runtime does. */
export const RESERVED_ENVIRONMENT_KEYS = [
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
];

export interface WorkerEnvironmentInput {
  functionName: string;
  handler: string;
  runtime: string;
  memorySize: number;
  codeDirectory: string;
  region: string;
  logGroupName: string;
  logStreamName: string;
  /** The sandbox endpoint: the handler's SDK clients reach the sandbox through AWS_ENDPOINT_URL. */
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  runtimeDirectory: string;
  /** What the function's runtime sets beside Lambda's own variables (NODE_PATH, …). */
  runtimeVariables: Record<string, string>;
  /** Empty folders of this sandbox standing in for the execution environment's home and /tmp. */
  homeDirectory: string;
  tmpDirectory: string;
  /** The function's own variables. */
  variables: Record<string, string>;
}

/**
 * The complete environment of a worker: the function's variables plus what the Lambda runtime
 * sets — built from nothing, so no variable of the sandbox process (real AWS credentials,
 * NODE_OPTIONS, AWS_PROFILE, …) reaches the handler.
 */
export function workerEnvironment(input: WorkerEnvironmentInput): Record<string, string> {
  const runtimeProvided: Record<string, string> = {
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${input.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: input.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(input.memorySize),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: input.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: input.logStreamName,
    AWS_ACCESS_KEY_ID: input.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: input.credentials.secretAccessKey,
    AWS_SESSION_TOKEN: input.credentials.sessionToken,
    LAMBDA_TASK_ROOT: input.codeDirectory,
    LAMBDA_RUNTIME_DIR: input.runtimeDirectory,
    _HANDLER: input.handler,
  };
  // Set by the runtime but not reserved: a function's own value wins, as on Lambda.
  // Fidelity gap: paths are the sandbox's, not Lambda's (/var/task, /var/runtime, /tmp): HOME
  // and TMPDIR are empty folders of this sandbox (so no ~/.aws of the machine is read), and /tmp
  // is shared by a function's environments.
  const overridable: Record<string, string> = {
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    PATH: [path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter),
    ...input.runtimeVariables,
    AWS_ENDPOINT_URL: input.endpoint,
    HOME: input.homeDirectory,
    TMPDIR: input.tmpDirectory,
  };
  return { ...overridable, ...input.variables, ...runtimeProvided };
}

export function reservedKeysIn(variables: Record<string, string>): string[] {
  return Object.keys(variables).filter((key) => RESERVED_ENVIRONMENT_KEYS.includes(key));
}
