import type { StateDefinition } from '../definition';
import { RuntimeFailure } from '../failures';
import { applyInputPath, applyOutputPath, applyResult } from '../input-output';
import type { JsonValue } from '../json';
import { evaluatePayloadTemplate } from '../payload-template';
import { withRetryAndCatch } from '../retry-catch';
import { contextObject, type StateContext, type StateOutcome } from '../runtime';

/**
 * Task: hands its Parameters to the integration its Resource names (which records the task's
 * own events), then shapes the result with ResultSelector, ResultPath and OutputPath. Retry and
 * Catch wrap each attempt; Parameters are evaluated anew per attempt (`$$.State.RetryCount`).
 */
export async function runTask(context: StateContext): Promise<StateOutcome> {
  const { definition, input, run, frame } = context;
  const effective = applyInputPath(definition.InputPath, input);
  const resource = definition.Resource!;
  const integration = frame.scope.taskIntegration(resource);
  return withRetryAndCatch(context, async () => {
    const parameters =
      definition.Parameters !== undefined
        ? evaluatePayloadTemplate(definition.Parameters, effective, contextObject(frame, run))
        : effective;
    const result = await integration.run({
      frame,
      state: run,
      resource,
      parameters,
      timeoutSeconds: secondsOf(definition, 'Timeout', effective),
      heartbeatSeconds: secondsOf(definition, 'Heartbeat', effective),
    });
    const selected = definition.ResultSelector
      ? evaluatePayloadTemplate(definition.ResultSelector, result, contextObject(frame, run))
      : result;
    return applyOutputPath(definition.OutputPath, applyResult(input, definition.ResultPath, selected));
  });
}

/** TimeoutSeconds / HeartbeatSeconds, fixed or from a path into the effective input. */
function secondsOf(definition: StateDefinition, field: 'Timeout' | 'Heartbeat', input: JsonValue): number | undefined {
  const fixed = definition[`${field}Seconds`];
  if (fixed !== undefined) return fixed;
  const path = definition[`${field}SecondsPath`];
  if (path === undefined) return undefined;
  const value = applyInputPath(path, input);
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new RuntimeFailure(
      `The ${field}SecondsPath parameter does not reference a positive integer: ${path} == ${JSON.stringify(value)}`,
    );
  }
  return value;
}
