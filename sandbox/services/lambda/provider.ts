import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type {
  FunctionConfiguration,
  GetAccountSettingsResponse,
  GetFunctionConfigurationRequest,
  GetFunctionRequest,
  GetFunctionResponse,
  InvocationRequest,
  ListFunctionsRequest,
  ListFunctionsResponse,
  ListVersionsByFunctionRequest,
  ListVersionsByFunctionResponse,
} from '@aws-sdk/client-lambda';
import type { Provider } from '../../protocol/operations';
import type { RequestContext } from '../../protocol/context';
import type { LogsProvider } from '../logs/provider';
import type { FaultInjector } from '../../faults';
import {
  constraintViolation,
  FunctionNotFound,
  InvalidParameterValueException,
  InvalidRequestContentException,
  RequestTooLargeException,
  ResourceConflictException,
} from './errors';
import { functionArn, parseFunctionName, type FunctionReference } from './function-name';
import {
  endLine,
  initReportLine,
  InvocationLog,
  logGroupName,
  newLogStreamName,
  reportLine,
  runtimeExitLine,
  startLine,
  timedOutLine,
  type Report,
} from './invocation-log';
import { LambdaWorker, type ErrorDocument, type InvocationOutcome, type Readiness } from './worker';
import { WorkerPool } from './worker-pool';
import { reservedKeysIn, workerEnvironment } from './worker-environment';
import { codeDigest, type CodeDigest } from './code-digest';

/** A function as the template deployer hands it over: code already unpacked in a directory. */
export interface LambdaFunctionDefinition {
  functionName: string;
  /** `index.handler`, `src/app.handler`: module path relative to codeDirectory, then the export. */
  handler: string;
  /** `nodejs22.x`, `nodejs20.x`, … (other runtimes are refused at deploy time). */
  runtime: string;
  /** Absolute path of the directory holding the function's code. */
  codeDirectory: string;
  timeoutSeconds: number;
  memorySize: number;
  environment: Record<string, string>;
  role?: string;
  description?: string;
}

export interface InvokeResult {
  StatusCode: number;
  FunctionError?: 'Unhandled' | 'Handled';
  Payload: Buffer;
  /** `$LATEST`; Lambda sends it (X-Amz-Executed-Version) for synchronous invocations only. */
  ExecutedVersion: string;
  /** Base64 of the last 4 KB of the invocation's log, when LogType is Tail. */
  LogResult?: string;
  requestId: string;
}

export interface LambdaDependencies {
  region: string;
  accountId: string;
  /** The sandbox endpoint, handed to handlers as AWS_ENDPOINT_URL so their SDK calls come back here. */
  endpoint: () => string;
  logs: LogsProvider;
  faults: FaultInjector;
  /** Scratch space owned by this sandbox instance (removed on stop). */
  workDirectory: string;
  /** Execution environments per function that may run at once; more invocations queue. Default 4. */
  maxConcurrencyPerFunction?: number;
  /** A warm environment idle this long is stopped. Default 10 minutes. */
  idleTimeoutMs?: number;
  /**
   * Credentials for the function's execution role (e.g. an STS AssumeRole session named after
   * the function, so GetCallerIdentity in a handler answers the assumed-role ARN). Without it,
   * handlers get fixed sandbox keys.
   */
  roleCredentials?: (roleArn: string, sessionName: string) => { accessKeyId: string; secretAccessKey: string; sessionToken: string };
}

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';
export type LogType = 'None' | 'Tail';

export interface InvokeOptions {
  invocationType?: InvocationType;
  logType?: LogType;
  /** Base64 of a JSON object: the handler's `context.clientContext`. */
  clientContext?: string;
}

interface DeployedFunction {
  definition: LambdaFunctionDefinition;
  arn: string;
  lastModified: string;
  revisionId: string;
  pool: WorkerPool;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  digest?: CodeDigest;
  /** For lines written when no environment exists (an injected timeout before any cold start). */
  spareLogStream?: string;
}

interface InvocationRequestDetails {
  requestId: string;
  event: string;
  invokedFunctionArn: string;
  clientContext?: unknown;
}

interface Execution {
  payload: string;
  functionError?: 'Unhandled';
  log: InvocationLog;
}

/** Fidelity gap: all of them run on the sandbox's own Node binary (Node 22). */
const NODE_RUNTIMES = ['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x'];
const SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;
/** Lambda raised the asynchronous payload limit from 256 KB to 1 MB in 2025. */
const ASYNC_PAYLOAD_LIMIT = 1024 * 1024;
const RESPONSE_PAYLOAD_LIMIT = 6 * 1024 * 1024 + 100;
const INIT_TIMEOUT_MS = 10_000;
const VERSION = '$LATEST';
const RUNTIME_DIRECTORY = fileURLToPath(new URL('./runtime/', import.meta.url));

/**
 * Lambda: Node.js handlers run in child processes (one warm pool per function), with their
 * timeout, memory-derived heap limit, an environment of their own and Lambda-format logs in
 * CloudWatch Logs. Invoke follows Lambda's contract for RequestResponse, Event and DryRun,
 * FunctionError, LogType Tail and the runtime's error documents.
 *
 * Fidelity gaps (also noted where they live):
 * - Only `$LATEST` exists: no versions, aliases or qualifiers other than `$LATEST`.
 * - Every Node.js runtime (nodejs18.x … nodejs24.x) runs on the sandbox's Node binary (Node 22).
 * - Between invocations an environment is not frozen: timers a handler left running keep running.
 * - Event invocations run once in the background: no retries, no destinations, no DLQ.
 * - The memory size bounds the V8 heap (about 90 %), not the whole process.
 */
export class LambdaProvider implements Provider {
  readonly serviceName = 'lambda';
  readonly operations: readonly string[] = [
    'Invoke',
    'GetFunction',
    'GetFunctionConfiguration',
    'ListFunctions',
    'ListVersionsByFunction',
    'GetAccountSettings',
  ];
  private readonly functions = new Map<string, DeployedFunction>();
  private readonly background = new Set<Promise<unknown>>();

  constructor(readonly deps: LambdaDependencies) {}

  /**
   * Registers a function (the template deployer's AWS::Lambda::Function). Refuses, naming the
   * function, what cannot run here: a non-Node.js runtime, a handler module that does not exist.
   */
  createFunctionFromDefinition(definition: LambdaFunctionDefinition): { FunctionName: string; FunctionArn: string } {
    const name = definition.functionName;
    if (!/^[a-zA-Z0-9-_]{1,64}$/.test(name)) {
      throw constraintViolation(name, 'functionName', 'Member must satisfy regular expression pattern: [a-zA-Z0-9-_]{1,64}');
    }
    if (this.functions.has(name)) throw new ResourceConflictException(`Function already exist: ${name}`);
    if (!NODE_RUNTIMES.includes(definition.runtime)) {
      throw new InvalidParameterValueException(
        `Function ${name}: the runtime ${definition.runtime || '(none)'} cannot run in the postflight sandbox, which runs ` +
          `Node.js handlers only (${NODE_RUNTIMES.join(', ')}).`,
      );
    }
    if (!Number.isInteger(definition.timeoutSeconds) || definition.timeoutSeconds < 1 || definition.timeoutSeconds > 900) {
      throw constraintViolation(String(definition.timeoutSeconds), 'timeout', 'Member must have value between 1 and 900');
    }
    if (!Number.isInteger(definition.memorySize) || definition.memorySize < 128 || definition.memorySize > 10240) {
      throw constraintViolation(String(definition.memorySize), 'memorySize', 'Member must have value between 128 and 10240');
    }
    const environment = Object.fromEntries(Object.entries(definition.environment ?? {}).map(([key, value]) => [key, String(value)]));
    const reserved = reservedKeysIn(environment);
    if (reserved.length > 0) {
      throw new InvalidParameterValueException(
        'Lambda was unable to configure your environment variables because the environment variables you have provided ' +
          `contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
      );
    }
    assertHandlerModuleExists(name, definition.handler, definition.codeDirectory);

    const deployed: DeployedFunction = {
      definition: { ...definition, environment },
      arn: functionArn(this.deps.region, this.deps.accountId, name),
      lastModified: new Date().toISOString().replace('Z', '+0000'),
      revisionId: randomUUID(),
      credentials: this.credentialsFor(name, definition.role),
      pool: new WorkerPool({
        start: () => this.startWorker(deployed),
        maxWorkers: this.deps.maxConcurrencyPerFunction ?? 4,
        idleTimeoutMs: this.deps.idleTimeoutMs ?? 10 * 60_000,
      }),
    };
    this.functions.set(name, deployed);
    return { FunctionName: name, FunctionArn: deployed.arn };
  }

  /** Removes a function and stops its environments (stack deletion, redeploys). */
  async deleteFunction(functionName: string): Promise<void> {
    const deployed = this.functions.get(functionName);
    if (!deployed) return;
    this.functions.delete(functionName);
    await deployed.pool.close();
  }

  /**
   * Invoke for callers inside the sandbox (Step Functions' Lambda tasks). Throws the AwsErrors
   * Invoke answers (ResourceNotFoundException, InvalidRequestContentException, …).
   */
  async invokeFunction(functionNameOrArn: string, payload: Buffer, options: InvokeOptions = {}): Promise<InvokeResult> {
    return this.invokeReference(parseFunctionName(functionNameOrArn), payload, options, randomUUID());
  }

  // --- Operations -------------------------------------------------------------------------------

  async invoke(input: InvocationRequest, context: RequestContext): Promise<InvokeResult> {
    const reference = parseFunctionName(input.FunctionName ?? '', input.Qualifier);
    const payload = input.Payload ? Buffer.from(input.Payload) : Buffer.alloc(0);
    const options = { invocationType: input.InvocationType, logType: input.LogType, clientContext: input.ClientContext } as InvokeOptions;
    return this.invokeReference(reference, payload, options, context.requestId);
  }

  getFunction(input: GetFunctionRequest): GetFunctionResponse {
    const deployed = this.resolve(parseFunctionName(input.FunctionName ?? '', input.Qualifier));
    return {
      Configuration: this.configurationOf(deployed),
      // Fidelity gap: Lambda answers a presigned URL of the deployment package; the sandbox points at the unpacked code.
      Code: { RepositoryType: 'S3', Location: pathToFileURL(deployed.definition.codeDirectory).href },
    };
  }

  getFunctionConfiguration(input: GetFunctionConfigurationRequest): FunctionConfiguration {
    return this.configurationOf(this.resolve(parseFunctionName(input.FunctionName ?? '', input.Qualifier)));
  }

  listFunctions(input: ListFunctionsRequest): ListFunctionsResponse {
    const page = paginate([...this.functions.values()], input.Marker, input.MaxItems);
    return { Functions: page.items.map((deployed) => this.configurationOf(deployed)), NextMarker: page.nextMarker };
  }

  listVersionsByFunction(input: ListVersionsByFunctionRequest): ListVersionsByFunctionResponse {
    const deployed = this.resolve(parseFunctionName(input.FunctionName ?? ''));
    const page = paginate([deployed], input.Marker, input.MaxItems);
    return { Versions: page.items.map((item) => this.configurationOf(item)), NextMarker: page.nextMarker };
  }

  getAccountSettings(): GetAccountSettingsResponse {
    const functions = [...this.functions.values()];
    return {
      AccountLimit: {
        TotalCodeSize: 80_530_636_800,
        CodeSizeUnzipped: 262_144_000,
        CodeSizeZipped: 52_428_800,
        ConcurrentExecutions: 1000,
        UnreservedConcurrentExecutions: 1000,
      },
      AccountUsage: {
        TotalCodeSize: functions.reduce((total, deployed) => total + this.digestOf(deployed).size, 0),
        FunctionCount: functions.length,
      },
    };
  }

  /** Stops every execution environment; resolves when no worker process is left. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.functions.values()].map((deployed) => deployed.pool.close()));
    await Promise.allSettled([...this.background]);
  }

  // --- Invocation -------------------------------------------------------------------------------

  private async invokeReference(
    reference: FunctionReference,
    payload: Buffer,
    options: InvokeOptions,
    requestId: string,
  ): Promise<InvokeResult> {
    const invocationType = options.invocationType ?? 'RequestResponse';
    if (!['RequestResponse', 'Event', 'DryRun'].includes(invocationType)) {
      throw constraintViolation(invocationType, 'invocationType', 'Member must satisfy enum value set: [Event, RequestResponse, DryRun]');
    }
    const logType = options.logType ?? 'None';
    if (!['None', 'Tail'].includes(logType))
      throw constraintViolation(logType, 'logType', 'Member must satisfy enum value set: [None, Tail]');
    const deployed = this.resolve(reference, VERSION);
    const limit = invocationType === 'Event' ? ASYNC_PAYLOAD_LIMIT : SYNC_PAYLOAD_LIMIT;
    if (payload.length > limit) throw new RequestTooLargeException(limit);
    if (invocationType === 'DryRun') return { StatusCode: 204, Payload: Buffer.alloc(0), ExecutedVersion: VERSION, requestId };

    const request: InvocationRequestDetails = {
      requestId,
      event: eventJson(payload),
      invokedFunctionArn: functionArn(this.deps.region, this.deps.accountId, deployed.definition.functionName, reference.qualifier),
      clientContext: decodeClientContext(options.clientContext),
    };
    if (invocationType === 'Event') {
      // Fidelity gap: one attempt, in the background; Lambda's retries, destinations and DLQ are not modelled.
      const running = this.execute(deployed, request).catch(() => undefined);
      this.background.add(running);
      void running.finally(() => this.background.delete(running));
      return { StatusCode: 202, Payload: Buffer.alloc(0), ExecutedVersion: VERSION, requestId };
    }
    const execution = await this.execute(deployed, request);
    return {
      StatusCode: 200,
      FunctionError: execution.functionError,
      Payload: Buffer.from(execution.payload, 'utf8'),
      ExecutedVersion: VERSION,
      LogResult: logType === 'Tail' ? execution.log.tail() : undefined,
      requestId,
    };
  }

  private async execute(deployed: DeployedFunction, request: InvocationRequestDetails): Promise<Execution> {
    const fault = this.deps.faults.take('lambda', 'Invoke', deployed.definition.functionName, 'engine');
    // Of the engine faults only Sandbox.Timedout concerns Lambda; a rule naming another one is spent unused.
    if (fault?.error === 'Sandbox.Timedout') return this.actOutTimeout(deployed, request);

    const worker = await deployed.pool.acquire();
    try {
      const readiness = await worker.ready;
      const log = this.invocationLog(deployed, worker.logStreamName);
      if (!readiness.ready) return this.initFailed(deployed, worker, readiness, request, log);
      log.write(startLine(request.requestId, VERSION));
      const outcome = await worker.invoke({ ...request, timeoutMs: deployed.definition.timeoutSeconds * 1000 }, log);
      return this.concluded(deployed, worker, outcome, request, log);
    } finally {
      deployed.pool.release(worker);
    }
  }

  private concluded(
    deployed: DeployedFunction,
    worker: LambdaWorker,
    outcome: InvocationOutcome,
    request: InvocationRequestDetails,
    log: InvocationLog,
  ): Execution {
    const { requestId } = request;
    const report = (extra: Partial<Report> = {}): string =>
      reportLine({
        requestId,
        durationMs: outcome.durationMs,
        memorySizeMb: deployed.definition.memorySize,
        maxMemoryUsedMb: worker.maxMemoryUsedMb,
        initDurationMs: worker.takeInitDuration(),
        ...extra,
      });
    switch (outcome.kind) {
      case 'result': {
        log.write(endLine(requestId));
        log.write(report());
        if (Buffer.byteLength(outcome.payload, 'utf8') > RESPONSE_PAYLOAD_LIMIT) {
          return unhandled(
            {
              errorMessage: `Response payload size exceeded maximum allowed payload size (${RESPONSE_PAYLOAD_LIMIT} bytes).`,
              errorType: 'Function.ResponseSizeTooLarge',
            },
            log,
          );
        }
        return { payload: outcome.payload, log };
      }
      case 'error':
        log.write(endLine(requestId));
        log.write(report());
        return unhandled(outcome.error, log);
      case 'timeout':
        log.write(endLine(requestId));
        log.write(report({ status: 'timeout' }));
        log.write(timedOutLine(requestId, deployed.definition.timeoutSeconds));
        return unhandled(timedOutError(requestId, deployed.definition.timeoutSeconds), log);
      case 'exit':
        log.write(runtimeExitLine(requestId, outcome.reason));
        log.write(endLine(requestId));
        log.write(report({ status: 'error', errorType: 'Runtime.ExitError' }));
        return unhandled({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: ${outcome.reason}` }, log);
    }
  }

  /**
   * The handler could not be loaded (or the runtime died loading it): Lambda reports the init
   * error as the invocation's error. Fidelity gap: Lambda then retries init once inside the
   * invocation; the sandbox reports the first attempt.
   */
  private initFailed(
    deployed: DeployedFunction,
    worker: LambdaWorker,
    readiness: Exclude<Readiness, { ready: true }>,
    request: InvocationRequestDetails,
    log: InvocationLog,
  ): Execution {
    const { requestId } = request;
    const initDurationMs = readiness.status === 'timeout' ? INIT_TIMEOUT_MS : (worker.takeInitDuration() ?? 0);
    const error: ErrorDocument =
      readiness.status === 'timeout'
        ? timedOutError(requestId, deployed.definition.timeoutSeconds)
        : 'error' in readiness
          ? readiness.error
          : { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: ${readiness.exitReason}` };
    log.write(initReportLine(initDurationMs, readiness.status, readiness.status === 'error' ? error.errorType : undefined));
    log.write(startLine(requestId, VERSION));
    if ('exitReason' in readiness) log.write(runtimeExitLine(requestId, readiness.exitReason));
    log.write(endLine(requestId));
    log.write(
      reportLine({
        requestId,
        durationMs: readiness.status === 'timeout' ? deployed.definition.timeoutSeconds * 1000 : initDurationMs,
        memorySizeMb: deployed.definition.memorySize,
        maxMemoryUsedMb: worker.maxMemoryUsedMb,
        status: readiness.status,
        errorType: readiness.status === 'error' ? error.errorType : undefined,
      }),
    );
    if (readiness.status === 'timeout') log.write(timedOutLine(requestId, deployed.definition.timeoutSeconds));
    return unhandled(error, log);
  }

  /** The engine fault Sandbox.Timedout: the invocation ends as a timeout, at once. */
  private actOutTimeout(deployed: DeployedFunction, request: InvocationRequestDetails): Execution {
    const { requestId } = request;
    const worker = deployed.pool.anyWorker();
    deployed.spareLogStream ??= newLogStreamName(VERSION);
    const log = this.invocationLog(deployed, worker?.logStreamName ?? deployed.spareLogStream);
    const seconds = deployed.definition.timeoutSeconds;
    log.write(startLine(requestId, VERSION));
    log.write(endLine(requestId));
    log.write(
      reportLine({
        requestId,
        durationMs: seconds * 1000,
        memorySizeMb: deployed.definition.memorySize,
        maxMemoryUsedMb: worker?.maxMemoryUsedMb ?? 0,
        status: 'timeout',
      }),
    );
    log.write(timedOutLine(requestId, seconds));
    return unhandled(timedOutError(requestId, seconds), log);
  }

  private invocationLog(deployed: DeployedFunction, logStreamName: string): InvocationLog {
    const group = logGroupName(deployed.definition.functionName);
    return new InvocationLog((message, timestamp) => this.deps.logs.append(group, logStreamName, [{ timestamp, message }]));
  }

  private startWorker(deployed: DeployedFunction): LambdaWorker {
    const { definition } = deployed;
    const logStreamName = newLogStreamName(VERSION);
    const group = logGroupName(definition.functionName);
    const scratch = path.join(this.deps.workDirectory, 'functions', definition.functionName);
    const homeDirectory = path.join(scratch, 'home');
    const tmpDirectory = path.join(scratch, 'tmp');
    fs.mkdirSync(homeDirectory, { recursive: true });
    fs.mkdirSync(tmpDirectory, { recursive: true });
    return new LambdaWorker({
      codeDirectory: definition.codeDirectory,
      logStreamName,
      // Fidelity gap: the memory size bounds the V8 heap (about 90 % of it), not the whole process.
      maxOldSpaceMb: Math.max(64, Math.floor(definition.memorySize * 0.9)),
      initTimeoutMs: INIT_TIMEOUT_MS,
      writeLog: (message, timestamp) => this.deps.logs.append(group, logStreamName, [{ timestamp, message }]),
      environment: workerEnvironment({
        functionName: definition.functionName,
        handler: definition.handler,
        runtime: definition.runtime,
        memorySize: definition.memorySize,
        codeDirectory: definition.codeDirectory,
        region: this.deps.region,
        logGroupName: group,
        logStreamName,
        endpoint: this.deps.endpoint(),
        credentials: deployed.credentials,
        runtimeDirectory: RUNTIME_DIRECTORY,
        homeDirectory,
        tmpDirectory,
        variables: definition.environment,
      }),
    });
  }

  private credentialsFor(functionName: string, role: string | undefined): DeployedFunction['credentials'] {
    if (role && this.deps.roleCredentials) return this.deps.roleCredentials(role, functionName);
    return {
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(64).toString('base64'),
    };
  }

  /** The function, if the reference names it; Lambda's not-found message carries the full ARN asked for. */
  private resolve(reference: FunctionReference, defaultQualifier?: string): DeployedFunction {
    const region = reference.region ?? this.deps.region;
    const accountId = reference.accountId ?? this.deps.accountId;
    const qualifier = reference.qualifier ?? defaultQualifier;
    const deployed = this.functions.get(reference.name);
    // Fidelity gap: only $LATEST exists in the sandbox (no published versions or aliases).
    if (
      !deployed ||
      region !== this.deps.region ||
      accountId !== this.deps.accountId ||
      (qualifier !== undefined && qualifier !== VERSION)
    ) {
      throw new FunctionNotFound(functionArn(region, accountId, reference.name, qualifier));
    }
    return deployed;
  }

  private configurationOf(deployed: DeployedFunction): FunctionConfiguration {
    const { definition } = deployed;
    const digest = this.digestOf(deployed);
    const variables = definition.environment;
    return {
      FunctionName: definition.functionName,
      FunctionArn: deployed.arn,
      Runtime: definition.runtime as FunctionConfiguration['Runtime'],
      Role: definition.role ?? `arn:aws:iam::${this.deps.accountId}:role/${definition.functionName}-role`,
      Handler: definition.handler,
      CodeSize: digest.size,
      Description: definition.description ?? '',
      Timeout: definition.timeoutSeconds,
      MemorySize: definition.memorySize,
      LastModified: deployed.lastModified,
      CodeSha256: digest.sha256,
      Version: VERSION,
      Environment: Object.keys(variables).length > 0 ? { Variables: { ...variables } } : undefined,
      TracingConfig: { Mode: 'PassThrough' },
      RevisionId: deployed.revisionId,
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      Architectures: [os.arch() === 'arm64' ? 'arm64' : 'x86_64'],
      EphemeralStorage: { Size: 512 },
      SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
      LoggingConfig: { LogFormat: 'Text', LogGroup: logGroupName(definition.functionName) },
    };
  }

  private digestOf(deployed: DeployedFunction): CodeDigest {
    deployed.digest ??= codeDigest(deployed.definition.codeDirectory);
    return deployed.digest;
  }
}

function unhandled(error: ErrorDocument, log: InvocationLog): Execution {
  return { payload: JSON.stringify(error), functionError: 'Unhandled', log };
}

/** The current (2025) timeout document; before 2025 Lambda answered only an errorMessage with a timestamp. */
function timedOutError(requestId: string, timeoutSeconds: number): ErrorDocument {
  return {
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
  };
}

/** The event as the runtime receives it: the payload's JSON text (`{}` when there is none). */
function eventJson(payload: Buffer): string {
  const text = payload.toString('utf8');
  if (text.trim() === '') return '{}';
  try {
    JSON.parse(text);
  } catch (error) {
    // Fidelity gap: Lambda's parser (Jackson) words the reason differently.
    throw new InvalidRequestContentException(
      `Could not parse request body into json: Could not parse payload into json: ${(error as Error).message}`,
    );
  }
  return text;
}

function decodeClientContext(encoded: string | undefined): unknown {
  if (!encoded) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    if (decoded && typeof decoded === 'object' && !Array.isArray(decoded)) return decoded;
  } catch {
    // answered below
  }
  throw new InvalidRequestContentException('Client context must be a valid Base64-encoded JSON object.');
}

/** Lambda's paging: an opaque marker, MaxItems between 1 and 10000 (default 50). */
function paginate<T extends { definition: LambdaFunctionDefinition }>(
  items: T[],
  marker: string | undefined,
  maxItems: number | undefined,
) {
  if (maxItems !== undefined && (maxItems < 1 || maxItems > 10000)) {
    throw constraintViolation(
      String(maxItems),
      'maxItems',
      `Member must have value ${maxItems < 1 ? 'greater than or equal to 1' : 'less than or equal to 10000'}`,
    );
  }
  const sorted = [...items].sort((a, b) => a.definition.functionName.localeCompare(b.definition.functionName));
  let start = 0;
  if (marker) {
    const after = Buffer.from(marker, 'base64url').toString('utf8');
    start = sorted.findIndex((item) => item.definition.functionName > after);
    if (start < 0) start = sorted.length;
  }
  const pageSize = maxItems ?? 50;
  const pageItems = sorted.slice(start, start + pageSize);
  const more = start + pageSize < sorted.length;
  return {
    items: pageItems,
    nextMarker: more ? Buffer.from(pageItems.at(-1)!.definition.functionName, 'utf8').toString('base64url') : undefined,
  };
}

/**
 * Deploy-time check that the handler names a module that exists, as `createFunctionFromDefinition`
 * promises: the runtime would only find out at the first invocation.
 */
function assertHandlerModuleExists(functionName: string, handler: string, codeDirectory: string): void {
  if (!codeDirectory || !fs.existsSync(codeDirectory) || !fs.statSync(codeDirectory).isDirectory()) {
    throw new InvalidParameterValueException(`Function ${functionName}: the code directory ${codeDirectory || '(none)'} does not exist.`);
  }
  const moduleAndExport = path.basename(handler ?? '');
  const moduleRoot = (handler ?? '').slice(0, (handler ?? '').length - moduleAndExport.length);
  const match = /^([^.]+)\.(.+)$/.exec(moduleAndExport);
  if (!handler || /\s/.test(handler) || handler.length > 128 || !match) {
    throw new InvalidParameterValueException(
      `Function ${functionName}: the handler "${handler ?? ''}" is not of the form <module path>.<exported function>, e.g. index.handler or src/app.handler.`,
    );
  }
  const modulePath = path.resolve(codeDirectory, moduleRoot, match[1]);
  const candidates = ['', '.js', '.mjs', '.cjs'].map((extension) => `${modulePath}${extension}`);
  if (!candidates.some((file) => fs.existsSync(file) && fs.statSync(file).isFile())) {
    throw new InvalidParameterValueException(
      `Function ${functionName}: the handler "${handler}" names the module ${path.join(moduleRoot, match[1])}, but none of ` +
        `${candidates.map((file) => path.basename(file)).join(', ')} exists in ${path.resolve(codeDirectory, moduleRoot)}.`,
    );
  }
}
