import type { FaultInjector } from '../../core/faults';
import type { LogStore } from '../../stores/logs/log-store';
import { constraintViolation, InvalidRequestContentException, RequestTooLargeException } from './errors';
import { INIT_TIMEOUT_MS, type ExecutionEnvironments } from './execution-environments';
import { VERSION, type DeployedFunction, type FunctionRegistry } from './function-registry';
import { functionArn, type FunctionReference } from './function-name';
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
import type { ErrorDocument, InvocationOutcome, LambdaWorker, Readiness } from './worker';

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

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';
export type LogType = 'None' | 'Tail';

export interface InvokeOptions {
  invocationType?: InvocationType;
  logType?: LogType;
  /** Base64 of a JSON object: the handler's `context.clientContext`. */
  clientContext?: string;
}

export interface InvokerDependencies {
  region: string;
  accountId: string;
  functions: FunctionRegistry;
  environments: ExecutionEnvironments;
  logs: LogStore;
  faults: FaultInjector;
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

const SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;
/** Lambda raised the asynchronous payload limit from 256 KB to 1 MB in 2025. */
const ASYNC_PAYLOAD_LIMIT = 1024 * 1024;
const RESPONSE_PAYLOAD_LIMIT = 6 * 1024 * 1024 + 100;

/**
 * Invocation as Lambda's platform runs it, whatever the runtime: Invoke's contract for
 * RequestResponse, Event and DryRun, payload limits, an execution environment from the
 * function's pool, the START / END / REPORT lines around the handler's own log, timeouts, init
 * failures and runtime exits turned into the runtime's error documents.
 *
 * Fidelity gap: Event invocations run once in the background: no retries, no destinations, no DLQ.
 */
export class Invoker {
  private readonly background = new Set<Promise<unknown>>();
  /** Per function: a log stream for lines written when no environment exists (an injected timeout before any cold start). */
  private readonly spareLogStreams = new Map<string, string>();

  constructor(private readonly deps: InvokerDependencies) {}

  async invoke(reference: FunctionReference, payload: Buffer, options: InvokeOptions, requestId: string): Promise<InvokeResult> {
    const invocationType = options.invocationType ?? 'RequestResponse';
    if (!['RequestResponse', 'Event', 'DryRun'].includes(invocationType)) {
      throw constraintViolation(invocationType, 'invocationType', 'Member must satisfy enum value set: [Event, RequestResponse, DryRun]');
    }
    const logType = options.logType ?? 'None';
    if (!['None', 'Tail'].includes(logType))
      throw constraintViolation(logType, 'logType', 'Member must satisfy enum value set: [None, Tail]');
    const deployed = this.deps.functions.resolve(reference, VERSION);
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

  /** Resolves when the background (Event) invocations have ended. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.background]);
  }

  private async execute(deployed: DeployedFunction, request: InvocationRequestDetails): Promise<Execution> {
    const fault = this.deps.faults.take('lambda', 'Invoke', deployed.definition.functionName, 'engine');
    // Of the engine faults only Sandbox.Timedout concerns Lambda; a rule naming another one is spent unused.
    if (fault?.error === 'Sandbox.Timedout') return this.actOutTimeout(deployed, request);

    const pool = this.deps.environments.poolOf(deployed);
    const worker = await pool.acquire();
    try {
      const readiness = await worker.ready;
      const log = this.invocationLog(deployed, worker.logStreamName);
      if (!readiness.ready) return this.initFailed(deployed, worker, readiness, request, log);
      log.write(startLine(request.requestId, VERSION));
      const outcome = await worker.invoke({ ...request, timeoutMs: deployed.definition.timeoutSeconds * 1000 }, log);
      return this.concluded(deployed, worker, outcome, request, log);
    } finally {
      pool.release(worker);
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
        return unhandled(outcome.error, log, outcome.payload);
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
    return unhandled(error, log, 'payload' in readiness ? readiness.payload : undefined);
  }

  /** The engine fault Sandbox.Timedout: the invocation ends as a timeout, at once. */
  private actOutTimeout(deployed: DeployedFunction, request: InvocationRequestDetails): Execution {
    const { requestId } = request;
    const name = deployed.definition.functionName;
    const worker = this.deps.environments.poolOf(deployed).anyWorker();
    const spareLogStream = this.spareLogStreams.get(name) ?? newLogStreamName(VERSION);
    this.spareLogStreams.set(name, spareLogStream);
    const log = this.invocationLog(deployed, worker?.logStreamName ?? spareLogStream);
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
}

/** `payload`: the runtime's own serialization of the document, answered as it is. */
function unhandled(error: ErrorDocument, log: InvocationLog, payload?: string): Execution {
  return { payload: payload ?? JSON.stringify(error), functionError: 'Unhandled', log };
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
