import assert from 'node:assert/strict';
import type { PostflightWorld } from '../world';
import { attachJson } from '../evidence';
import { adoptExecution } from './stepfunctions-actions';
import { findTriggeredExecution, TriggeredExecutionError, type ExecutionCandidate, type ExecutionClue } from './triggered-execution';

/** Local and AWS clocks may differ a little: executions are looked for from this long before the step before. */
const CLOCK_SKEW_MS = { sandbox: 1_000, aws: 5_000 };

/**
 * The execution a trigger started since the step before this one, found by its input; it becomes
 * "the execution" of the scenario. Every execution looked at is attached, with its input.
 */
export async function expectTriggeredExecution(
  world: PostflightWorld,
  stateMachine: string,
  clue: ExecutionClue,
  timeoutMs: number,
): Promise<void> {
  const stateMachineArn = world.resources.stateMachineArn(stateMachine);
  const since =
    (world.clock.previousStepStartedAt ?? world.clock.scenarioStartedAt) - (world.isSandbox ? CLOCK_SKEW_MS.sandbox : CLOCK_SKEW_MS.aws);
  try {
    const found = await findTriggeredExecution(world.aws, {
      stateMachine,
      stateMachineArn,
      clue,
      since,
      timeoutMs,
      delays: world.delays,
      region: world.environment.region,
    });
    adoptExecution(world, found.execution);
    await attach(world, stateMachine, clue, since, found.candidates, found.execution.executionArn);
  } catch (error) {
    if (!(error instanceof TriggeredExecutionError)) throw error;
    await attach(world, stateMachine, clue, since, error.candidates, null);
    throw new assert.AssertionError({ message: error.message });
  }
}

async function attach(
  world: PostflightWorld,
  stateMachine: string,
  clue: ExecutionClue,
  since: number,
  candidates: ExecutionCandidate[],
  taken: string | null,
): Promise<void> {
  await attachJson(world, `executions of ${stateMachine} looked at`, {
    stateMachine,
    clue,
    since: new Date(since).toISOString(),
    taken,
    candidates,
  });
}
