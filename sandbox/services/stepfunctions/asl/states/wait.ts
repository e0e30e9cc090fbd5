import type { StateDefinition } from '../definition';
import { RuntimeFailure } from '../failures';
import { applyInputPath, applyOutputPath } from '../input-output';
import type { JsonValue } from '../json';
import { PathNotFound, readPath } from '../paths';
import { nextOf, type StateContext, type StateOutcome } from '../runtime';
import { parseTimestamp } from '../timestamps';

/** Wait: for Seconds(Path), or until Timestamp(Path); the wait is a workflow wait (scaled). */
export async function runWait({ definition, input, frame }: StateContext): Promise<StateOutcome> {
  const effective = applyInputPath(definition.InputPath, input);
  await frame.scope.clock.sleep(waitMillis(definition, effective), frame.signal);
  return { output: applyOutputPath(definition.OutputPath, effective), next: nextOf(definition) };
}

function waitMillis(definition: StateDefinition, input: JsonValue): number {
  if (definition.Seconds !== undefined) return definition.Seconds * 1000;
  if (definition.SecondsPath !== undefined) {
    const path = definition.SecondsPath;
    const value = readOrFail(input, path, `The SecondsPath parameter does not reference an input value: ${path}`);
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
  const path = definition.TimestampPath!;
  const value = readOrFail(input, path, `The TimestampPath parameter does not reference an input value: ${path}`);
  const until = parseTimestamp(value);
  if (until === undefined) {
    throw new RuntimeFailure(
      `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path} == ${display(value)}`,
    );
  }
  return until - Date.now();
}

function readOrFail(input: JsonValue, path: string, message: string): JsonValue {
  try {
    return readPath(input, path);
  } catch (error) {
    if (error instanceof PathNotFound) throw new RuntimeFailure(message);
    throw error;
  }
}

function display(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
