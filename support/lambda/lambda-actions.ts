import assert from 'node:assert/strict';
import type { AnySchema } from 'ajv';
import type { PostflightWorld } from '../world';
import { attachJson, attachText } from '../evidence';
import { rememberValue } from '../variables';
import { readJsonFixture } from '../fixtures/fixtures';
import { describeMismatches, matchPaths, preview, type PathExpectation } from '../matching/match-table';
import { partialMismatches } from '../matching/partial-match';
import { queryPath } from '../matching/jsonpath';
import { schemaViolations } from '../matching/json-schema';
import { errorTypeOf, invokeFunction, logContains, type InvocationRecord } from './invocation';

/** How long a log line may take to reach CloudWatch Logs when it is not in the returned tail. */
const LOG_ARRIVAL_TIMEOUT_MS = 30_000;

export async function invoke(world: PostflightWorld, functionName: string, payload: unknown): Promise<InvocationRecord> {
  const physicalName = world.resources.functionName(functionName);
  const invocation = await invokeFunction(world.aws, functionName, physicalName, payload);
  world.lastInvocation = invocation;
  world.outcomes.captured(invocation, () =>
    invocation.functionError
      ? `Lambda function "${functionName}" failed (${invocation.functionError}: ${errorTypeOf(invocation) ?? 'no errorType'}), request ${invocation.requestId ?? 'unknown'}.\n` +
        `Say what is expected: Then the invocation fails with error type "${errorTypeOf(invocation) ?? '<type>'}" (or: Then the invocation succeeds).`
      : undefined,
  );
  await attachJson(world, `lambda ${functionName} invocation`, {
    function: physicalName,
    requestId: invocation.requestId,
    statusCode: invocation.statusCode,
    functionError: invocation.functionError,
    durationMs: invocation.durationMs,
    payload,
    response: invocation.response,
  });
  if (invocation.log) await attachText(world, `lambda ${functionName} log tail`, invocation.log);
  return invocation;
}

export function invokeWithFixture(world: PostflightWorld, functionName: string, fixture: string): Promise<InvocationRecord> {
  return invoke(world, functionName, world.templateDeep(readJsonFixture(world.parameters.projectRoot, fixture)));
}

/** The most recent invocation; any check on it counts as having looked at its outcome. */
function checkedInvocation(world: PostflightWorld): InvocationRecord {
  assert.ok(
    world.lastInvocation,
    'No Lambda function was invoked in this scenario yet: use `When the Lambda function "<name>" is invoked with payload: …`.',
  );
  world.outcomes.checked(world.lastInvocation);
  return world.lastInvocation;
}

export function expectSuccess(world: PostflightWorld): void {
  const invocation = checkedInvocation(world);
  if (invocation.functionError) {
    throw new assert.AssertionError({
      message: `Lambda function "${invocation.functionName}" failed (${invocation.functionError}).\n  error:   ${preview(invocation.response, 1500)}\n${logTail(invocation)}`,
    });
  }
}

export function expectErrorType(world: PostflightWorld, expected: string): void {
  const invocation = checkedInvocation(world);
  assert.ok(
    invocation.functionError,
    `Lambda function "${invocation.functionName}" succeeded, expected it to fail with error type "${expected}".\n  response: ${preview(invocation.response, 1500)}`,
  );
  const actual = errorTypeOf(invocation);
  assert.equal(
    actual,
    expected,
    `Lambda function "${invocation.functionName}" failed with error type "${actual}", expected "${expected}".\n  error: ${preview(invocation.response, 1500)}`,
  );
}

export function expectResponseMatches(world: PostflightWorld, rows: PathExpectation[]): void {
  const invocation = checkedInvocation(world);
  const mismatches = matchPaths(invocation.response, rows);
  if (mismatches.length)
    throw new assert.AssertionError({
      message: `${describeMismatches(`The response of "${invocation.functionName}"`, mismatches, invocation.response)}\n  requestId: ${invocation.requestId}`,
    });
}

export function expectResponseContains(world: PostflightWorld, expected: unknown): void {
  const invocation = checkedInvocation(world);
  const mismatches = partialMismatches(invocation.response, expected);
  if (mismatches.length) {
    throw new assert.AssertionError({
      message: `The response of "${invocation.functionName}" does not contain what was expected:\n  ${mismatches.join('\n  ')}\nThe response: ${preview(invocation.response, 2000)}`,
    });
  }
}

export function expectResponseSchema(world: PostflightWorld, schemaFixture: string): void {
  const invocation = checkedInvocation(world);
  const schema = readJsonFixture(world.parameters.projectRoot, schemaFixture) as AnySchema;
  const violations = schemaViolations(schema, invocation.response);
  if (violations.length) {
    throw new assert.AssertionError({
      message: `The response of "${invocation.functionName}" does not conform to ${schemaFixture}:\n${violations.join('\n')}\nThe response: ${preview(invocation.response, 2000)}`,
    });
  }
}

export async function expectLogContains(world: PostflightWorld, text: string): Promise<void> {
  const invocation = checkedInvocation(world);
  const found = await logContains(world.aws, invocation, text, world.isSandbox ? 2_000 : LOG_ARRIVAL_TIMEOUT_MS, world.delays);
  if (!found)
    throw new assert.AssertionError({
      message: `The log of "${invocation.functionName}" (request ${invocation.requestId}) does not contain "${text}".\n${logTail(invocation)}`,
    });
}

export async function rememberResponseValue(world: PostflightWorld, path: string, variable: string): Promise<void> {
  const invocation = checkedInvocation(world);
  const result = queryPath(invocation.response, path);
  assert.ok(
    result.found,
    `The response of "${invocation.functionName}" has nothing at ${path} to remember as "${variable}".\nThe response: ${preview(invocation.response, 1000)}`,
  );
  await rememberValue(world, variable, result.value, `response ${path}`);
}

function logTail(invocation: InvocationRecord): string {
  const lines = invocation.log.trim().split('\n').slice(-15);
  return lines.length && lines[0] ? `  log (last lines):\n${lines.map((line) => `    ${line}`).join('\n')}` : '  log: (none returned)';
}
