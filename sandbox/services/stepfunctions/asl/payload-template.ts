import { evaluateIntrinsic, IntrinsicError, isIntrinsicCall } from './intrinsics';
import { isJsonObject, toJsonText, type JsonObject, type JsonValue } from './json';
import { PathNotFound } from './paths';
import { RuntimeFailure } from './failures';
import { readReference, VariableNotFound, type DataSources } from './references';

/**
 * Payload templates (`Parameters`, `ResultSelector`, `ItemSelector`): a field whose name ends in
 * `.$` takes its value from a path into the input (`$…`), the context object (`$$…`) or an
 * intrinsic function; every other value is copied as written, arrays and objects recursively.
 */
export function evaluatePayloadTemplate(template: JsonValue, sources: DataSources): JsonValue {
  if (Array.isArray(template)) return template.map((item) => evaluatePayloadTemplate(item, sources));
  if (!isJsonObject(template)) return template;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') out[key.slice(0, -2)] = evaluateDynamicField(key, value, sources);
    else out[key] = evaluatePayloadTemplate(value, sources);
  }
  return out;
}

/** One `.$` field (also used for `ErrorPath`/`CausePath`, which take a path or an intrinsic). */
export function evaluateDynamicField(field: string, expression: string, sources: DataSources): JsonValue {
  try {
    if (isIntrinsicCall(expression)) return evaluateIntrinsic(expression, sources);
    return readReference(expression, sources);
  } catch (error) {
    if (error instanceof VariableNotFound) throw error;
    if (error instanceof PathNotFound) {
      throw new RuntimeFailure(
        `The JSONPath '${expression}' specified for the field '${field}' could not be found in the input '${toJsonText(sources.data)}'`,
      );
    }
    if (error instanceof IntrinsicError) {
      // Fidelity gap (unrecorded): AWS fails the state with States.Runtime too; the wording is ours.
      throw new RuntimeFailure(`The value for the field '${field}' could not be evaluated by the intrinsic function: ${error.message}`);
    }
    throw error;
  }
}
