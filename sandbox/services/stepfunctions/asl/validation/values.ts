import { IntrinsicError, isIntrinsicCall, parseIntrinsic, unknownFunctions } from '../intrinsics';
import { compileExpression, expressionText, isExpression } from '../jsonata';
import { isJsonObject, type JsonValue } from '../json';
import { isValidPath } from '../paths';
import { variableOf } from '../references';
import type { DefinitionCheck } from './diagnostics';

/**
 * The values inside fields: JSONPath references (`$…`, `$$…`, `$var…`), payload templates whose
 * `.$` members hold a reference or an intrinsic function call, JSONata expressions (`{% %}`,
 * which must parse), and the variables `Assign` declares.
 */

/** A path into the data, the context object (`$$…`) or a variable (`$name…`). */
export function isReference(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (value.startsWith('$$')) return isValidPath(value.slice(1));
  const variable = variableOf(value);
  if (variable) return variable.rest === '' || isValidPath(`$${variable.rest}`);
  return isValidPath(value);
}

/** A `.$` value: a reference or an intrinsic function call naming known functions. */
export function isDynamicValue(value: JsonValue | undefined): boolean {
  if (typeof value !== 'string') return false;
  if (isIntrinsicCall(value)) {
    try {
      return unknownFunctions(parseIntrinsic(value)).length === 0;
    } catch (error) {
      if (error instanceof IntrinsicError) return false;
      throw error;
    }
  }
  return isReference(value);
}

export function checkPayloadTemplate(check: DefinitionCheck, template: JsonValue, location: string): void {
  if (Array.isArray(template)) {
    template.forEach((item) => checkPayloadTemplate(check, item, location));
    return;
  }
  if (!isJsonObject(template)) return;
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$')) {
      if (!isDynamicValue(value))
        check.schema(`The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`, location);
    } else checkPayloadTemplate(check, value, location);
  }
}

/** Every `{% %}` expression in a JSONata field value must parse. */
export function checkJsonataValue(check: DefinitionCheck, value: JsonValue | undefined, location: string): void {
  if (isExpression(value)) {
    try {
      compileExpression(expressionText(value));
    } catch (error) {
      check.schema(`The JSONata expression '${expressionText(value)}' is invalid: ${(error as Error).message}`, location);
    }
  } else if (Array.isArray(value)) value.forEach((item, index) => checkJsonataValue(check, item, `${location}[${index}]`));
  else if (isJsonObject(value)) for (const [key, member] of Object.entries(value)) checkJsonataValue(check, member, `${location}/${key}`);
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_VARIABLE_NAME = 80;

/** `Assign`: an object of variable names (JSONPath: a `.$` suffix takes a reference) and values. */
export function checkAssign(check: DefinitionCheck, assign: JsonValue | undefined, language: 'JSONPath' | 'JSONata', at: string): void {
  if (assign === undefined) return;
  if (!isJsonObject(assign)) return check.schema("The field 'Assign' must be a JSON object", at);
  for (const [key, value] of Object.entries(assign)) {
    const name = language === 'JSONPath' && key.endsWith('.$') ? key.slice(0, -2) : key;
    if (!VARIABLE_NAME.test(name) || name.length > MAX_VARIABLE_NAME || name === 'states') {
      check.schema(
        `The variable name '${name}' is invalid: a name has at most ${MAX_VARIABLE_NAME} letters, digits or underscores, does not start with a digit, and is not the reserved name 'states'`,
        `${at}/${key}`,
      );
    }
    if (language === 'JSONata') checkJsonataValue(check, value, `${at}/${key}`);
    else if (key.endsWith('.$')) {
      if (!isDynamicValue(value))
        check.schema(`The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`, `${at}/${key}`);
    } else checkPayloadTemplate(check, value, `${at}/${key}`);
  }
}
