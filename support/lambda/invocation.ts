import { InvokeCommand } from '@aws-sdk/client-lambda';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsClients } from '../aws/clients';
import { waitFor, type WaitDelays } from '../waiter';

/** One invocation a scenario made, and what came back. */
export interface InvocationRecord {
  functionName: string;
  physicalName: string;
  payload: unknown;
  statusCode?: number;
  /** `Unhandled` / `Handled` when the function failed. */
  functionError?: string;
  /** The response payload, parsed when it is JSON. */
  response: unknown;
  requestId?: string;
  executedVersion?: string;
  /** The invocation's log as far as known (the 4 KB tail Lambda returns, or CloudWatch Logs). */
  log: string;
  durationMs: number;
}

export async function invokeFunction(
  clients: AwsClients,
  functionName: string,
  physicalName: string,
  payload: unknown,
): Promise<InvocationRecord> {
  const started = Date.now();
  const response = await clients.lambda.send(
    new InvokeCommand({ FunctionName: physicalName, Payload: Buffer.from(JSON.stringify(payload ?? {})), LogType: 'Tail' }),
  );
  const text = response.Payload ? Buffer.from(response.Payload).toString('utf8') : '';
  return {
    functionName,
    physicalName,
    payload,
    statusCode: response.StatusCode,
    functionError: response.FunctionError,
    response: parseMaybeJson(text),
    requestId: response.$metadata.requestId,
    executedVersion: response.ExecutedVersion,
    log: response.LogResult ? Buffer.from(response.LogResult, 'base64').toString('utf8') : '',
    durationMs: Date.now() - started,
  };
}

/** `errorType` of a failed invocation's error document, when it has one. */
export function errorTypeOf(invocation: InvocationRecord): string | undefined {
  const response = invocation.response as { errorType?: unknown } | undefined;
  return typeof response?.errorType === 'string' ? response.errorType : undefined;
}

/**
 * Whether the invocation's log contains a text: the returned tail first; otherwise the full log
 * in CloudWatch Logs (which can lag a few seconds on AWS).
 */
export async function logContains(
  clients: AwsClients,
  invocation: InvocationRecord,
  text: string,
  timeoutMs: number,
  delays: WaitDelays,
): Promise<boolean> {
  if (invocation.log.includes(text)) return true;
  if (!invocation.requestId) return false;
  const group = `/aws/lambda/${invocation.physicalName.split(':').pop()}`;
  try {
    return await waitFor(
      async () => {
        const found = await clients.logs.send(
          new FilterLogEventsCommand({
            logGroupName: group,
            filterPattern: `"${invocation.requestId}"`,
            startTime: Date.now() - 3_600_000,
          }),
        );
        const lines = (found.events ?? []).map((event) => event.message ?? '');
        if (lines.length) invocation.log = lines.join('');
        return invocation.log.includes(text)
          ? { state: 'SUCCESS', value: true }
          : { state: 'RETRY', observed: `${lines.length} log line(s) without it` };
      },
      { description: `the log of ${invocation.functionName} to contain "${text}"`, timeoutMs, delays },
    );
  } catch {
    return false;
  }
}

export function parseMaybeJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
