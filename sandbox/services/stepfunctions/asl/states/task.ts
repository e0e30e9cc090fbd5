import { RuntimeFailure } from '../failures';
import { applyInputPath, readRequired } from '../input-output';
import type { JsonValue } from '../json';
import { evaluatePayloadTemplate } from '../payload-template';
import { withRetryAndCatch, type AttemptResult } from '../retry-catch';
import type { StateContext, StateOutcome } from '../runtime';
import { evaluateJsonata, evaluateTyped, isJsonata, shapeResult, sourcesOf, statesOf } from '../state-fields';

/**
 * Task: hands its Parameters (JSONata: Arguments) to the integration its Resource names (which
 * records the task's own events), then shapes the result — JSONPath: ResultSelector, ResultPath
 * and OutputPath; JSONata: Output, by default the result itself. Retry and Catch wrap each
 * attempt; the fields are evaluated anew per attempt (`$$.State.RetryCount`). A callback, job-run
 * or activity task gets a task token per attempt (`$$.Task.Token`), closed when the attempt ends.
 */
export async function runTask(context: StateContext): Promise<StateOutcome> {
  const { definition, input, run, frame } = context;
  const resource = definition.Resource!;
  const integration = frame.scope.taskIntegration(resource, run.name);
  const jsonata = isJsonata(context);
  const effective = jsonata ? input : applyInputPath(definition.InputPath, sourcesOf(context, input));
  const invoke = async (parameters: JsonValue): Promise<JsonValue> =>
    integration.run({
      frame,
      state: run,
      resource,
      parameters,
      timeoutSeconds: await secondsOf(context, 'Timeout', effective),
      heartbeatSeconds: await secondsOf(context, 'Heartbeat', effective),
      taskToken: run.taskToken,
    });
  const attempt = async (): Promise<AttemptResult> => {
    if (jsonata) {
      const states = statesOf(context);
      const args = definition.Arguments !== undefined ? await evaluateJsonata(context, definition.Arguments, 'Arguments', states) : input;
      return shapeResult(context, await invoke(args));
    }
    const parameters =
      definition.Parameters !== undefined ? evaluatePayloadTemplate(definition.Parameters, sourcesOf(context, effective)) : effective;
    return shapeResult(context, await invoke(parameters));
  };
  return withRetryAndCatch(context, async (): Promise<AttemptResult> => {
    if (!integration.usesTaskToken) return attempt();
    const { tokens, identity } = frame.scope;
    run.taskToken = tokens.issue(identity.executionArn);
    try {
      return await attempt();
    } finally {
      tokens.close(run.taskToken);
      run.taskToken = undefined;
    }
  });
}

/** TimeoutSeconds / HeartbeatSeconds: fixed, from a path into the effective input, or (JSONata) evaluated. */
async function secondsOf(context: StateContext, field: 'Timeout' | 'Heartbeat', input: JsonValue): Promise<number | undefined> {
  const { definition } = context;
  const fixed = definition[`${field}Seconds`];
  if (typeof fixed === 'number') return fixed;
  if (typeof fixed === 'string') {
    const value = await evaluateTyped(context, fixed, `${field}Seconds`, statesOf(context), 'number');
    return positiveInteger(value, `The ${field}Seconds field does not evaluate to a positive integer: ${JSON.stringify(value)}`);
  }
  const path = definition[`${field}SecondsPath`];
  if (path === undefined) return undefined;
  const value = readRequired(path, sourcesOf(context, input));
  return positiveInteger(
    value,
    `The ${field}SecondsPath parameter does not reference a positive integer: ${path} == ${JSON.stringify(value)}`,
  );
}

function positiveInteger(value: JsonValue, message: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) throw new RuntimeFailure(message);
  return value;
}
