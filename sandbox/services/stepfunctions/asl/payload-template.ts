import { evaluateIntrinsic, IntrinsicError, isIntrinsicCall } from './intrinsics';
import { isJsonObject, toJsonText, type JsonObject, type JsonValue } from './json';
import { PathNotFound, readPath } from './paths';
import { RuntimeFailure } from './failures';

/**
 * Payload templates (`Parameters`, `ResultSelector`, `ItemSelector`): a field whose name ends in
 * `.$` takes its value from a path into the input (`$…`), the context object (`$$…`) or an
 * intrinsic function; every other value is copied as written, arrays and objects recursively.
 */
export function evaluatePayloadTemplate(template: JsonValue, input: JsonValue, context: JsonValue): JsonValue {
  if (Array.isArray(template)) return template.map((item) => evaluatePayloadTemplate(item, input, context));
  if (!isJsonObject(template)) return template;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') out[key.slice(0, -2)] = evaluateDynamicField(key, value, input, context);
    else out[key] = evaluatePayloadTemplate(value, input, context);
  }
  return out;
}

/** One `.$` field (also used for `ErrorPath`/`CausePath`, which take a path or an intrinsic). */
export function evaluateDynamicField(field: string, expression: string, input: JsonValue, context: JsonValue): JsonValue {
  try {
    if (isIntrinsicCall(expression)) return evaluateIntrinsic(expression, input, context);
    return expression.startsWith('$$') ? readPath(context, expression.slice(1)) : readPath(input, expression);
  } catch (error) {
    if (error instanceof PathNotFound) {
      throw new RuntimeFailure(
        `The JSONPath '${expression}' specified for the field '${field}' could not be found in the input '${toJsonText(input)}'`,
      );
    }
    if (error instanceof IntrinsicError) {
      // Fidelity gap (unrecorded): AWS fails the state with States.Runtime too; the wording is ours.
      throw new RuntimeFailure(`The value for the field '${field}' could not be evaluated by the intrinsic function: ${error.message}`);
    }
    throw error;
  }
}
