import { DescribeExecutionCommand, StartExecutionCommand, type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import type { AwsClients } from '../aws/clients';
import { waitFor, WaitTimeoutError, type WaitDelays } from '../waiter';
import { formatDuration } from '../../model/duration';
import { lastStateEntered, readFullHistory } from './history';
import { buildExecutionView, type ExecutionView } from './execution-view';

/** An execution a scenario started, and what is known of it so far. */
export interface ExecutionRecord {
  executionArn: string;
  name: string;
  stateMachine: string;
  input: unknown;
  region: string;
  /** Set once the execution has ended and its history was read. */
  final?: DescribeExecutionCommandOutput;
  view?: ExecutionView;
}

export type ExecutionEnd = 'SUCCEEDED' | 'FAILED';

export async function startExecution(
  clients: AwsClients,
  stateMachineArn: string,
  stateMachine: string,
  name: string,
  input: unknown,
): Promise<ExecutionRecord> {
  const response = await clients.stepFunctions.send(
    new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input ?? {}) }),
  );
  return { executionArn: response.executionArn!, name, stateMachine, input, region: clients.target.region };
}

/**
 * Waits for the execution to end; SUCCESS when it ended as `expected`, FAILURE when it ended
 * otherwise (with the full story in the message), and on timeout the last state it was in.
 */
export async function waitForExecutionEnd(
  clients: AwsClients,
  execution: ExecutionRecord,
  expected: ExecutionEnd,
  timeoutMs: number,
  delays: WaitDelays,
): Promise<ExecutionRecord> {
  const description = `execution ${execution.name} of "${execution.stateMachine}" to ${expected === 'SUCCEEDED' ? 'succeed' : 'fail'} within ${formatDuration(timeoutMs)}`;
  try {
    return await waitFor(
      async () => {
        const described = await clients.stepFunctions.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }));
        // The state it is in is read once, on timeout: a history call on every look would double
        // the calls of every wait (and GetExecutionHistory has a low rate limit on AWS).
        if (described.status === 'RUNNING' || described.status === 'PENDING_REDRIVE') return { state: 'RETRY', observed: described.status };
        await loadOutcome(clients, execution, described);
        if (described.status === expected) return { state: 'SUCCESS', value: execution };
        return { state: 'FAILURE', reason: describeExecution(execution), value: execution };
      },
      { description, timeoutMs, delays },
    );
  } catch (error) {
    if (error instanceof WaitTimeoutError) {
      const state = await lastStateEntered(clients, execution.executionArn).catch(() => undefined);
      const timeout = new WaitTimeoutError(
        error.description,
        `${error.lastObserved}${state ? `, last state entered: ${state}` : ''}`,
        error.timeoutMs,
      );
      await loadOutcome(clients, execution).catch(() => undefined);
      throw new Error(`${timeout.message}\n${describeExecution(execution)}`, { cause: error });
    }
    throw error;
  }
}

/** Reads the final description and the whole history into the record. */
export async function loadOutcome(
  clients: AwsClients,
  execution: ExecutionRecord,
  described?: DescribeExecutionCommandOutput,
): Promise<void> {
  execution.final = described ?? (await clients.stepFunctions.send(new DescribeExecutionCommand({ executionArn: execution.executionArn })));
  execution.view = buildExecutionView(await readFullHistory(clients, execution.executionArn));
}

/** ARN, status, error and cause, path taken, and on AWS the console link: for every failure message. */
export function describeExecution(execution: ExecutionRecord): string {
  const lines = [`  execution: ${execution.executionArn}`, `  status:    ${execution.final?.status ?? 'unknown'}`];
  const error = execution.final?.error ?? execution.view?.error;
  const cause = execution.final?.cause ?? execution.view?.cause;
  if (error) lines.push(`  error:     ${error}`);
  if (cause) lines.push(`  cause:     ${truncate(cause, 600)}`);
  if (execution.view) lines.push(`  path:      ${execution.view.path.join(' → ') || '(no state entered)'}`);
  const link = consoleLink(execution);
  if (link) lines.push(`  console:   ${link}`);
  return lines.join('\n');
}

export function consoleLink(execution: ExecutionRecord): string | undefined {
  if (!execution.executionArn.includes(':000000000000:') && execution.executionArn.startsWith('arn:aws')) {
    return `https://${execution.region}.console.aws.amazon.com/states/home?region=${execution.region}#/v2/executions/details/${execution.executionArn}`;
  }
  return undefined;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}
