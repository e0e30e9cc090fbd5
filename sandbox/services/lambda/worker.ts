import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { InvocationLog } from './invocation-log';
import type { WorkerLaunch } from './runtimes/runtime';

/** What a Lambda runtime reports for a failed invocation or init (Node.js: `trace`; Python: `requestId`, `stackTrace`). */
export interface ErrorDocument {
  errorType: string;
  errorMessage: string;
  trace?: string[];
  requestId?: string;
  stackTrace?: string[];
}

export type InvocationOutcome =
  | { kind: 'result'; payload: string; durationMs: number }
  /** `payload`: the runtime's own serialization of the document, when it has one (Python's separators). */
  | { kind: 'error'; error: ErrorDocument; payload?: string; durationMs: number }
  | { kind: 'timeout'; durationMs: number }
  /** The runtime process ended mid-invocation (process.exit, a crash, running out of memory). */
  | { kind: 'exit'; reason: string; durationMs: number };

export type Readiness =
  | { ready: true }
  | { ready: false; error: ErrorDocument; payload?: string; status: 'error' }
  | { ready: false; exitReason: string; status: 'error' }
  | { ready: false; status: 'timeout' };

export interface WorkerInvocation {
  requestId: string;
  /** The event as JSON text (already validated). */
  event: string;
  invokedFunctionArn: string;
  clientContext?: unknown;
  timeoutMs: number;
}

export interface WorkerOptions {
  /** The runtime's process (Node's bootstrap, …). */
  launch: WorkerLaunch;
  codeDirectory: string;
  environment: Record<string, string>;
  logStreamName: string;
  /** Lambda gives a function's init phase 10 seconds. */
  initTimeoutMs: number;
  /** Where a log line goes when no invocation is running (init, background work). */
  writeLog: (message: string, timestamp: number) => void;
}

/**
 * One execution environment: a child process running a Lambda runtime with the function's
 * handler, serving one invocation at a time over an IPC channel of JSON messages (see
 * `runtimes/runtime.ts`). Killed on timeout (the pool replaces it).
 */
export class LambdaWorker {
  readonly logStreamName: string;
  /** Resolves once the handler is loaded, or with why it could not be. */
  readonly ready: Promise<Readiness>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  /** Init duration, reported (once) on the first invocation's REPORT line. */
  initDurationMs?: number;
  private initReported = false;
  private readonly child: ChildProcess;
  private readonly startedAt = performance.now();
  private dead = false;
  private peakMemoryMb = 0;
  private current?: {
    requestId: string;
    log: InvocationLog;
    startedAt: number;
    timer: NodeJS.Timeout;
    settle: (outcome: InvocationOutcome) => void;
  };
  private readonly pendingText: Record<'ipc' | 'stdout' | 'stderr', string> = { ipc: '', stdout: '', stderr: '' };

  constructor(private readonly options: WorkerOptions) {
    this.logStreamName = options.logStreamName;
    this.child = spawn(options.launch.command, options.launch.args, {
      cwd: options.codeDirectory,
      env: options.environment,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      // A process that could not be started never emits 'exit'.
      this.child.once('error', () => {
        if (this.child.pid === undefined) resolve();
      });
    });
    this.child.stdout?.on('data', (chunk: Buffer) => this.raw('stdout', chunk.toString('utf8')));
    this.child.stderr?.on('data', (chunk: Buffer) => this.raw('stderr', chunk.toString('utf8')));
    this.ready = new Promise<Readiness>((resolve) => {
      const initTimer = setTimeout(() => settle({ ready: false, status: 'timeout' }), options.initTimeoutMs);
      let settled = false;
      const settle = (readiness: Readiness) => {
        if (settled) return;
        settled = true;
        clearTimeout(initTimer);
        this.initDurationMs = performance.now() - this.startedAt;
        if (!readiness.ready) this.kill();
        resolve(readiness);
      };
      this.child.on('message', (message: WorkerMessage) => {
        if ('maxMemoryMb' in message) this.peakMemoryMb = Math.max(this.peakMemoryMb, message.maxMemoryMb);
        if (message.type === 'ready') settle({ ready: true });
        else if (message.type === 'init-error') settle({ ready: false, error: message.error, payload: message.payload, status: 'error' });
        else this.onMessage(message);
      });
      this.child.once('exit', (code, signal) => settle({ ready: false, exitReason: exitReason(code, signal), status: 'error' }));
      this.child.once('error', (error) =>
        settle({ ready: false, exitReason: `Runtime failed to start: ${error.message}`, status: 'error' }),
      );
    });
    this.child.once('exit', (code, signal) => this.onExit(code, signal));
  }

  get alive(): boolean {
    return !this.dead;
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  /** The Init Duration to put on this invocation's REPORT line: only the first one has it. */
  takeInitDuration(): number | undefined {
    if (this.initReported) return undefined;
    this.initReported = true;
    return this.initDurationMs;
  }

  get maxMemoryUsedMb(): number {
    return Math.max(this.peakMemoryMb, peakMemoryOf(this.child.pid));
  }

  invoke(invocation: WorkerInvocation, log: InvocationLog): Promise<InvocationOutcome> {
    if (this.current) throw new Error('A Lambda worker serves one invocation at a time.');
    return new Promise<InvocationOutcome>((resolve) => {
      const startedAt = performance.now();
      if (this.dead || !this.child.connected) {
        resolve({ kind: 'exit', reason: exitReason(this.child.exitCode, this.child.signalCode), durationMs: 0 });
        return;
      }
      const timer = setTimeout(() => {
        this.peakMemoryMb = this.maxMemoryUsedMb;
        this.finish({ kind: 'timeout', durationMs: invocation.timeoutMs });
        this.kill();
      }, invocation.timeoutMs);
      this.current = { requestId: invocation.requestId, log, startedAt, timer, settle: resolve };
      this.child.send({
        type: 'invoke',
        requestId: invocation.requestId,
        event: invocation.event,
        deadlineMs: Date.now() + invocation.timeoutMs,
        invokedFunctionArn: invocation.invokedFunctionArn,
        clientContext: invocation.clientContext,
      });
    });
  }

  /** SIGKILL, as Lambda ends an environment: no cleanup code of the handler runs. */
  kill(): Promise<void> {
    this.dead = true;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    return this.exited;
  }

  private onMessage(message: WorkerMessage): void {
    switch (message.type) {
      case 'log':
        if (message.raw) this.raw('ipc', message.text, message.time);
        else this.emit(message.text, message.time);
        return;
      case 'result':
      case 'error':
        if (!this.current || this.current.requestId !== message.requestId) return;
        if (message.type === 'error' && message.exiting) this.dead = true;
        this.flushRaw();
        this.finish(
          message.type === 'result'
            ? { kind: 'result', payload: message.payload, durationMs: performance.now() - this.current.startedAt }
            : { kind: 'error', error: message.error, payload: message.payload, durationMs: performance.now() - this.current.startedAt },
        );
        return;
      default:
        return;
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.dead = true;
    this.flushRaw();
    if (this.current)
      this.finish({ kind: 'exit', reason: exitReason(code, signal), durationMs: performance.now() - this.current.startedAt });
  }

  private finish(outcome: InvocationOutcome): void {
    const current = this.current;
    if (!current) return;
    clearTimeout(current.timer);
    this.current = undefined;
    current.settle(outcome);
  }

  /** Text written around console.* (or print()): Lambda makes one log event per line. */
  private raw(source: 'ipc' | 'stdout' | 'stderr', text: string, timestamp = Date.now()): void {
    const lines = (this.pendingText[source] + text).split('\n');
    this.pendingText[source] = lines.pop() ?? '';
    for (const line of lines) this.emit(`${line}\n`, timestamp);
  }

  private flushRaw(): void {
    for (const source of ['ipc', 'stdout', 'stderr'] as const) {
      if (this.pendingText[source]) this.emit(`${this.pendingText[source]}\n`, Date.now());
      this.pendingText[source] = '';
    }
  }

  private emit(message: string, timestamp: number): void {
    if (this.current) this.current.log.write(message, timestamp);
    else this.options.writeLog(message, timestamp);
  }
}

type WorkerMessage =
  | { type: 'log'; time: number; text: string; raw: boolean }
  | { type: 'ready'; maxMemoryMb: number }
  | { type: 'init-error'; error: ErrorDocument; payload?: string; maxMemoryMb: number }
  | { type: 'result'; requestId: string; payload: string; maxMemoryMb: number }
  | { type: 'error'; requestId: string; error: ErrorDocument; payload?: string; maxMemoryMb: number; exiting?: boolean }
  | { type: 'flush' };

/** Lambda's wording, which is Go's (`exit status 1`, `signal: killed`). */
export function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `Runtime exited with error: signal: ${SIGNAL_WORDS[signal] ?? signal}`;
  if (code === 0) return 'Runtime exited without providing a reason';
  return `Runtime exited with error: exit status ${code}`;
}

const SIGNAL_WORDS: Partial<Record<NodeJS.Signals, string>> = {
  SIGKILL: 'killed',
  SIGABRT: 'aborted (core dumped)',
  SIGSEGV: 'segmentation fault',
  SIGTERM: 'terminated',
  SIGINT: 'interrupt',
  SIGBUS: 'bus error',
};

/** Peak resident memory of a live process (Linux), as Lambda's "Max Memory Used". */
function peakMemoryOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kilobytes = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kilobytes ? Math.ceil(Number(kilobytes) / 1024) : 0;
  } catch {
    return 0;
  }
}
