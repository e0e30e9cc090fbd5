import { randomBytes } from 'node:crypto';

/**
 * The lines the Lambda platform writes around an invocation (START / END / REPORT, the timeout
 * and runtime-exit notices, INIT_REPORT) and the log of one invocation, from which LogType=Tail
 * answers the last 4 KB. Every CloudWatch event ends with a newline, as Lambda's do.
 */

export const TAIL_BYTES = 4096;

/** `2026/11/26/[$LATEST]<32 hex>`: one stream per execution environment (here: per worker). */
export function newLogStreamName(version = '$LATEST', now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[${version}]${randomBytes(16).toString('hex')}`;
}

export function logGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

export function startLine(requestId: string, version: string): string {
  return `START RequestId: ${requestId} Version: ${version}\n`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}\n`;
}

export interface Report {
  requestId: string;
  durationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  /** Present on the invocation that started the execution environment. */
  initDurationMs?: number;
  status?: 'timeout' | 'error';
  errorType?: string;
}

export function reportLine(report: Report): string {
  const fields = [
    `REPORT RequestId: ${report.requestId}`,
    `Duration: ${report.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${billedDurationMs(report)} ms`,
    `Memory Size: ${report.memorySizeMb} MB`,
    `Max Memory Used: ${report.maxMemoryUsedMb} MB`,
  ];
  if (report.initDurationMs !== undefined) fields.push(`Init Duration: ${report.initDurationMs.toFixed(2)} ms`);
  if (report.status) fields.push(`Status: ${report.status}`);
  if (report.errorType) fields.push(`Error Type: ${report.errorType}`);
  return `${fields.join('\t')}\t\n`;
}

/** Billed in 1 ms steps; since August 2025 the init phase of on-demand managed runtimes is billed too. */
function billedDurationMs(report: Report): number {
  return Math.max(1, Math.ceil(report.durationMs + (report.initDurationMs ?? 0)));
}

export function initReportLine(initDurationMs: number, status: 'error' | 'timeout', errorType?: string): string {
  const fields = [`INIT_REPORT Init Duration: ${initDurationMs.toFixed(2)} ms`, 'Phase: init', `Status: ${status}`];
  if (errorType) fields.push(`Error Type: ${errorType}`);
  return `${fields.join('\t')}\n`;
}

/** Written after REPORT, as Lambda's logs show it; the current payload names the timeout too (Sandbox.Timedout). */
export function timedOutLine(requestId: string, timeoutSeconds: number, at = new Date()): string {
  return `${at.toISOString()} ${requestId} Task timed out after ${timeoutSeconds.toFixed(2)} seconds\n`;
}

export function runtimeExitLine(requestId: string, reason: string): string {
  return `RequestId: ${requestId} Error: ${reason}\nRuntime.ExitError\n`;
}

/** The log of one invocation as it is written: kept for the tail, forwarded to CloudWatch. */
export class InvocationLog {
  private readonly lines: string[] = [];

  constructor(private readonly forward: (message: string, timestamp: number) => void) {}

  write(message: string, timestamp = Date.now()): void {
    this.lines.push(message);
    this.forward(message, timestamp);
  }

  /** Base64 of the last 4 KB of the invocation's log, as X-Amz-Log-Result carries it. */
  tail(): string {
    const text = Buffer.from(this.lines.join(''), 'utf8');
    return text.subarray(Math.max(0, text.length - TAIL_BYTES)).toString('base64');
  }
}
