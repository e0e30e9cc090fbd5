import type { StateDefinition } from '../definition';
import { RuntimeFailure } from '../failures';
import { applyInputPath, applyOutputPath } from '../input-output';
import { EvaluationError, expressionText, isExpression } from '../jsonata';
import type { JsonValue } from '../json';
import { PathNotFound } from '../paths';
import { readReference, type DataSources } from '../references';
import { nextOf, type StateContext, type StateOutcome } from '../runtime';
import { evaluateAssign, evaluateJsonata, evaluateTyped, isJsonata, sourcesOf, statesOf } from '../state-fields';
import { parseTimestamp } from '../timestamps';

/** Wait: for Seconds(Path), or until Timestamp(Path); the wait is a workflow wait (scaled). */
export async function runWait(context: StateContext): Promise<StateOutcome> {
  const { definition, input, frame } = context;
  const next = nextOf(definition);
  if (isJsonata(context)) {
    const states = statesOf(context);
    await frame.scope.clock.sleep(checkDelay(await jsonataWaitMillis(context)), frame.signal);
    const assigned = await evaluateAssign(context, definition.Assign, { states });
    const output = definition.Output !== undefined ? await evaluateJsonata(context, definition.Output, 'Output', states) : input;
    return { output, next, assigned };
  }
  const effective = applyInputPath(definition.InputPath, sourcesOf(context, input));
  await frame.scope.clock.sleep(checkDelay(waitMillis(definition, sourcesOf(context, effective))), frame.signal);
  const assigned = await evaluateAssign(context, definition.Assign, { data: effective });
  return { output: applyOutputPath(definition.OutputPath, sourcesOf(context, effective)), next, assigned };
}

/** Step Functions counts a wait in (signed 32-bit) seconds: about 68 years at most. */
const MAX_WAIT_SECONDS = 2 ** 31 - 1;

function checkDelay(millis: number): number {
  if (millis / 1000 > MAX_WAIT_SECONDS) throw new RuntimeFailure('Wait state delay is too long.');
  return millis;
}

async function jsonataWaitMillis(context: StateContext): Promise<number> {
  const { definition } = context;
  const states = statesOf(context);
  if (definition.Seconds !== undefined) {
    const seconds = await evaluateTyped(context, definition.Seconds, 'Seconds', states, 'number');
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      const text = isExpression(definition.Seconds) ? expressionText(definition.Seconds) : String(definition.Seconds);
      throw new EvaluationError(
        'Seconds',
        `The JSONata expression '${text}' specified for the field 'Seconds' returned an unexpected result: ${JSON.stringify(seconds)}`,
      );
    }
    return seconds * 1000;
  }
  const timestamp = await evaluateTyped(context, definition.Timestamp ?? null, 'Timestamp', states, 'string');
  const until = parseTimestamp(timestamp);
  if (until === undefined) {
    throw new EvaluationError(
      'Timestamp',
      `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${String(timestamp)}`,
    );
  }
  return until - Date.now();
}

function waitMillis(definition: StateDefinition, sources: DataSources): number {
  if (definition.Seconds !== undefined) return Number(definition.Seconds) * 1000;
  if (definition.SecondsPath !== undefined) {
    const path = definition.SecondsPath;
    const value = readOrFail(sources, path, `The SecondsPath parameter does not reference an input value: ${path}`);
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new RuntimeFailure(`The SecondsPath parameter cannot be parsed as a long value: ${path} == ${display(value)}`);
    }
    if (value < 0) throw new RuntimeFailure(`The SecondsPath parameter references a negative value: ${path} == ${value}`);
    return value * 1000;
  }
  if (definition.Timestamp !== undefined) {
    const until = parseTimestamp(definition.Timestamp);
    if (until === undefined) {
      throw new RuntimeFailure(
        `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${definition.Timestamp}`,
      );
    }
    return until - Date.now();
  }
  const path = definition.TimestampPath ?? '$';
  const value = readOrFail(sources, path, `The TimestampPath parameter does not reference an input value: ${path}`);
  const until = parseTimestamp(value);
  if (until === undefined) {
    throw new RuntimeFailure(
      `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path} == ${display(value)}`,
    );
  }
  return until - Date.now();
}

function readOrFail(sources: DataSources, path: string, message: string): JsonValue {
  try {
    return readReference(path, sources);
  } catch (error) {
    if (error instanceof PathNotFound) throw new RuntimeFailure(message);
    throw error;
  }
}

function display(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
