import assert from 'node:assert/strict';
import type { PostflightWorld } from '../cucumber/world';
import { attachJson } from '../evidence';
import { describeExecution, startExecution, waitForExecutionEnd, type ExecutionEnd, type ExecutionRecord } from './execution';

export async function startStateMachine(world: PostflightWorld, stateMachine: string, input: unknown): Promise<ExecutionRecord> {
  const arn = world.resources.stateMachineArn(stateMachine);
  const execution = await startExecution(world.aws, arn, stateMachine, world.nextExecutionName(), input);
  world.lastExecution = execution;
  await attachJson(world, `execution-${execution.name}-start`, { stateMachine, stateMachineArn: arn, executionArn: execution.executionArn, input });
  return execution;
}

export function currentExecution(world: PostflightWorld): ExecutionRecord {
  assert.ok(world.lastExecution, 'No execution was started in this scenario yet: start one with `When the state machine "<name>" is started …`.');
  return world.lastExecution;
}

/** Waits for the execution to end as expected, and attaches its outcome either way. */
export async function expectExecutionEnd(world: PostflightWorld, expected: ExecutionEnd, timeoutMs: number): Promise<ExecutionRecord> {
  const execution = currentExecution(world);
  try {
    return await waitForExecutionEnd(world.aws, execution, expected, timeoutMs, world.delays);
  } finally {
    if (execution.final) {
      await attachJson(world, `execution-${execution.name}-outcome`, {
        executionArn: execution.executionArn,
        status: execution.final.status,
        error: execution.final.error,
        cause: execution.final.cause,
        path: execution.view?.path,
        output: execution.view?.output,
      });
    }
  }
}

/** The execution has ended (a previous step waited for it): its history is loaded. */
export function endedExecution(world: PostflightWorld): ExecutionRecord & Required<Pick<ExecutionRecord, 'final' | 'view'>> {
  const execution = currentExecution(world);
  assert.ok(
    execution.final && execution.view,
    `Execution ${execution.name} has not been awaited yet: add "Then the execution succeeds within …" (or fails) before checking its outcome.`,
  );
  return execution as ExecutionRecord & Required<Pick<ExecutionRecord, 'final' | 'view'>>;
}

export function executionContext(world: PostflightWorld): string {
  return world.lastExecution ? describeExecution(world.lastExecution) : '';
}
