import assert from 'node:assert/strict';
import type { PostflightWorld } from '../world';
import { attachJson } from '../evidence';
import { rememberValue } from '../variables';
import { describeMismatches, matchPaths, preview, type PathExpectation } from '../matching/match-table';
import { partialMismatches } from '../matching/partial-match';
import { queryPath } from '../matching/jsonpath';
import { describeExecution, loadOutcome, startExecution, waitForExecutionEnd, type ExecutionEnd, type ExecutionRecord } from './execution';
import { formatDuration } from '../../model/duration';
import { visitsOf } from './execution-view';

/** How long an execution no step checked is waited for at the end of the scenario. */
const UNCHECKED_EXECUTION_WAIT_MS = { sandbox: 60_000, aws: 5 * 60_000 };

type EndedExecution = ExecutionRecord & Required<Pick<ExecutionRecord, 'final' | 'view'>>;

/**
 * Starts an execution; with a test case (sandbox only), `<stateMachineArn>#<TestCase>` as AWS's Step
 * Functions Local does: the mocked states answer as the environment's mock configuration file says.
 */
export async function startStateMachine(
  world: PostflightWorld,
  stateMachine: string,
  input: unknown,
  testCase?: string,
): Promise<ExecutionRecord> {
  const arn = world.resources.stateMachineArn(stateMachine);
  if (testCase !== undefined) assertTestCasesServed(world, stateMachine, testCase);
  const target = testCase === undefined ? arn : `${arn}#${testCase}`;
  const execution = await startExecution(world.aws, target, stateMachine, world.nextExecutionName(), input);
  adoptExecution(world, execution);
  await attachJson(world, `execution ${execution.name} started`, {
    stateMachine,
    stateMachineArn: arn,
    ...(testCase === undefined ? {} : { testCase }),
    executionArn: execution.executionArn,
    input,
  });
  return execution;
}

/** From now on "the execution" is this one; if no step checks it, its outcome is judged after the scenario. */
export function adoptExecution(world: PostflightWorld, execution: ExecutionRecord): void {
  world.lastExecution = execution;
  world.outcomes.captured(execution, () => uncheckedExecutionFailure(world, execution));
}

/** A test case needs the sandbox and a mock configuration file (the run refuses such scenarios on AWS before it starts). */
function assertTestCasesServed(world: PostflightWorld, stateMachine: string, testCase: string): void {
  const mockConfigFile = world.environment.sandbox?.stepFunctions?.mockConfigFile;
  assert.ok(
    world.isSandbox,
    `Test case "${testCase}" of "${stateMachine}": mocked test cases run in the sandbox only; on AWS the real integrations run. Tag the scenario @sandbox-only.`,
  );
  assert.ok(
    mockConfigFile,
    `Test case "${testCase}" of "${stateMachine}": environment "${world.environment.name}" names no mock configuration file. ` +
      `Set sandbox.stepFunctions.mockConfigFile in ${world.environment.file} (README, "Mocked Step Functions test cases").`,
  );
}

/** The most recent execution; any check on it counts as having looked at its outcome. */
export function currentExecution(world: PostflightWorld): ExecutionRecord {
  assert.ok(
    world.lastExecution,
    'No execution was started in this scenario yet: start one with `When the state machine "<name>" is started …`.',
  );
  world.outcomes.checked(world.lastExecution);
  return world.lastExecution;
}

/**
 * An execution no step checked: waited for (within a bound — the scenario never said how long),
 * so that its outcome is known and it no longer reads the inputs cleanup is about to remove.
 */
async function uncheckedExecutionFailure(world: PostflightWorld, execution: ExecutionRecord): Promise<string | undefined> {
  const timeoutMs = world.isSandbox ? UNCHECKED_EXECUTION_WAIT_MS.sandbox : UNCHECKED_EXECUTION_WAIT_MS.aws;
  const advice = 'Say what is expected: Then the execution succeeds within 2 minutes (or: Then the execution fails within 2 minutes).';
  try {
    await waitForExecutionEnd(world.aws, execution, 'SUCCEEDED', timeoutMs, world.delays);
    return undefined;
  } catch (error) {
    const name = `Execution ${execution.name} of "${execution.stateMachine}"`;
    const status = execution.final?.status;
    const what =
      status === undefined
        ? `${name}: its outcome could not be read (${(error as Error).message.split('\n')[0]}).`
        : status === 'RUNNING'
          ? `${name} was still RUNNING ${formatDuration(timeoutMs)} after the scenario's last step.`
          : `${name} ended ${status}.`;
    return `${what}\n${describeExecution(execution)}\n${advice}`;
  }
}

/** Waits for the execution to end as expected, and attaches its outcome either way. */
export async function expectExecutionEnd(
  world: PostflightWorld,
  expected: ExecutionEnd,
  timeoutMs: number,
  expectedError?: string,
): Promise<void> {
  const execution = currentExecution(world);
  try {
    await waitForExecutionEnd(world.aws, execution, expected, timeoutMs, world.delays);
    if (expectedError !== undefined) {
      assert.equal(
        execution.final?.error,
        expectedError,
        `Execution failed as expected, but with error "${execution.final?.error}" instead of "${expectedError}".\n${describeExecution(execution)}`,
      );
    }
  } finally {
    if (execution.final) {
      await attachJson(world, `execution ${execution.name} outcome`, {
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

/**
 * The most recent execution, ended, with its history loaded. Checks on an execution that is still
 * running say so (they never wait on their own: the scenario says how long to wait).
 */
export async function endedExecution(world: PostflightWorld): Promise<EndedExecution> {
  const execution = currentExecution(world);
  if (!execution.final || !execution.view) {
    await loadOutcome(world.aws, execution);
    assert.notEqual(
      execution.final?.status,
      'RUNNING',
      `Execution ${execution.name} is still RUNNING: wait for it first ("Then the execution succeeds within 2 minutes").\n${describeExecution(execution)}`,
    );
  }
  return execution as EndedExecution;
}

export async function expectOutputMatches(world: PostflightWorld, rows: PathExpectation[]): Promise<void> {
  const execution = await endedExecution(world);
  const output = parseOutput(execution);
  const mismatches = matchPaths(output, rows);
  if (mismatches.length)
    throw new assert.AssertionError({
      message: `${describeMismatches('The execution output', mismatches, output)}\n${describeExecution(execution)}`,
    });
}

export async function expectOutputContains(world: PostflightWorld, expected: unknown): Promise<void> {
  const execution = await endedExecution(world);
  const output = parseOutput(execution);
  const mismatches = partialMismatches(output, expected);
  if (mismatches.length) {
    throw new assert.AssertionError({
      message: `The execution output does not contain what was expected:\n  ${mismatches.join('\n  ')}\nThe execution output: ${preview(output, 2000)}\n${describeExecution(execution)}`,
    });
  }
}

export async function expectPath(world: PostflightWorld, expected: string[]): Promise<void> {
  const execution = await endedExecution(world);
  const actual = execution.view.path;
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new assert.AssertionError({
      message: `The execution took another path.\n  expected: ${expected.join(' → ')}\n  actual:   ${actual.join(' → ') || '(no state entered)'}\n${describeExecution(execution)}`,
    });
  }
}

export async function expectStateEntered(world: PostflightWorld, state: string, entered: boolean): Promise<void> {
  const execution = await endedExecution(world);
  const visits = execution.view.visits.filter((visit) => visit.name === state);
  if (entered && visits.length === 0) {
    throw new assert.AssertionError({
      message: `State "${state}" was never entered.\n${describeExecution(execution)}${knownStates(execution)}`,
    });
  }
  if (!entered && visits.length > 0) {
    throw new assert.AssertionError({
      message: `State "${state}" was entered ${visits.length} time(s), expected never.\n${describeExecution(execution)}`,
    });
  }
}

export async function expectStateOutputMatches(world: PostflightWorld, state: string, rows: PathExpectation[]): Promise<void> {
  const execution = await endedExecution(world);
  const visit = lastVisit(execution, state);
  const mismatches = matchPaths(visit.output, rows);
  if (mismatches.length) {
    throw new assert.AssertionError({
      message: `${describeMismatches(`The output of state "${state}"`, mismatches, visit.output)}\n${describeExecution(execution)}`,
    });
  }
}

export async function expectRetries(world: PostflightWorld, state: string, expected: number): Promise<void> {
  const execution = await endedExecution(world);
  const visit = lastVisit(execution, state);
  if (visit.retries !== expected) {
    const errors = visit.errors
      .map((error, index) => `    attempt ${index + 1}: ${error.error ?? '?'}${error.cause ? ` — ${error.cause.slice(0, 200)}` : ''}`)
      .join('\n');
    throw new assert.AssertionError({
      message: `State "${state}" was retried ${visit.retries} time(s), expected ${expected}.\n${errors ? `  failed attempts:\n${errors}\n` : ''}${describeExecution(execution)}`,
    });
  }
}

export async function rememberOutputValue(world: PostflightWorld, path: string, variable: string): Promise<void> {
  const execution = await endedExecution(world);
  const result = queryPath(parseOutput(execution), path);
  assert.ok(
    result.found,
    `The execution output has nothing at ${path} to remember as "${variable}".\nThe execution output: ${preview(parseOutput(execution), 1000)}`,
  );
  await rememberValue(world, variable, result.value, `execution output ${path}`);
}

function parseOutput(execution: EndedExecution): unknown {
  const output = execution.final.output;
  assert.ok(
    output !== undefined,
    `Execution ${execution.name} has no output (status ${execution.final.status}).\n${describeExecution(execution)}`,
  );
  try {
    return JSON.parse(output);
  } catch {
    return output;
  }
}

function lastVisit(execution: EndedExecution, state: string) {
  const visits = visitsOf(execution.view, state);
  const visit = visits[visits.length - 1] ?? execution.view.visits.filter((candidate) => candidate.name === state).pop();
  if (!visit)
    throw new assert.AssertionError({
      message: `State "${state}" was never entered.\n${describeExecution(execution)}${knownStates(execution)}`,
    });
  return visit;
}

function knownStates(execution: EndedExecution): string {
  const names = [...new Set(execution.view.visits.map((visit) => visit.name))];
  return names.length ? `\n  states entered: ${names.join(', ')}` : '';
}
