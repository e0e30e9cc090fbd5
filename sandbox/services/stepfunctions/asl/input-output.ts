import { RuntimeFailure } from './failures';
import type { JsonValue } from './json';
import { applyResultPath, PathNotFound } from './paths';
import { readReference, type DataSources } from './references';

/**
 * The JSONPath input/output processing every state shares: InputPath selects what the state works
 * on, ResultPath merges its result into the raw input, OutputPath selects what it passes on.
 * A path may also read the context object (`$$…`) or a variable (`$name…`); one that leads
 * nowhere fails the state with the runtime error AWS gives.
 */
function select(path: string | null | undefined, sources: DataSources): JsonValue {
  if (path === null) return {};
  if (path === undefined || path === '$') return sources.data;
  return readRequired(path, sources);
}

export const applyInputPath = select;
export const applyOutputPath = select;

export function applyResult(rawInput: JsonValue, resultPath: string | null | undefined, result: JsonValue): JsonValue {
  try {
    return applyResultPath(rawInput, resultPath, result);
  } catch (error) {
    if (error instanceof PathNotFound) throw new RuntimeFailure(error.message);
    throw error;
  }
}

/** A reference (`$…`, `$$…`, `$var…`) that must lead somewhere, else the runtime error AWS gives. */
export function readRequired(path: string, sources: DataSources): JsonValue {
  try {
    return readReference(path, sources);
  } catch (error) {
    if (error instanceof PathNotFound) throw new RuntimeFailure(`Invalid path '${path}' : ${error.message}`);
    throw error;
  }
}
