import { CHOICE_OPERATORS, operatorOf } from '../choice-rules';
import type { ChoiceRule } from '../definition';
import { isJsonObject, type JsonObject } from '../json';
import { parseTimestamp } from '../timestamps';
import type { DefinitionCheck } from './diagnostics';
import { checkTarget } from './transitions';
import { checkAssign, checkJsonataValue, isReference } from './values';

/**
 * Choice states: JSONPath rules compare the value at `Variable` (one operator, or And/Or/Not of
 * nested rules); JSONata rules hold a `Condition`. Top-level rules name their Next and may
 * Assign (JSONata: and shape the Output).
 */
export function checkChoice(check: DefinitionCheck, state: JsonObject, siblings: JsonObject, at: string): void {
  if (!Array.isArray(state.Choices) || state.Choices.length === 0)
    return check.schema("The field 'Choices' must be a non-empty array", `${at}/Choices`);
  const language = check.languageOf(state);
  state.Choices.forEach((rule, index) => {
    const location = `${at}/Choices[${index}]`;
    if (!isJsonObject(rule)) return check.schema('A choice rule must be a JSON object', location);
    if (rule.Next === undefined) check.schema('These fields are required: [Next]', location);
    else checkTarget(check, rule.Next, siblings, `${location}/Next`);
    checkAssign(check, rule.Assign, language, `${location}/Assign`);
    if (language === 'JSONata') checkJsonataRule(check, rule, location);
    else checkRule(check, rule, location, true);
  });
  if (state.Default !== undefined) checkTarget(check, state.Default, siblings, `${at}/Default`);
}

function checkJsonataRule(check: DefinitionCheck, rule: JsonObject, at: string): void {
  for (const key of Object.keys(rule)) {
    if (!['Condition', 'Next', 'Assign', 'Output', 'Comment'].includes(key))
      check.schema(`The field '${key}' is not supported by Step Functions`, at);
  }
  if (rule.Condition === undefined) return check.schema('These fields are required: [Condition]', at);
  if (typeof rule.Condition !== 'boolean' && typeof rule.Condition !== 'string')
    check.schema("The field 'Condition' must be a JSONata expression or a boolean", `${at}/Condition`);
  checkJsonataValue(check, rule.Condition, `${at}/Condition`);
  checkJsonataValue(check, rule.Output, `${at}/Output`);
}

function checkRule(check: DefinitionCheck, rule: JsonObject, at: string, topLevel: boolean): void {
  const combinators = ['And', 'Or', 'Not'].filter((key) => rule[key] !== undefined);
  const operator = operatorOf(rule as ChoiceRule);
  const allowed = ['Variable', 'And', 'Or', 'Not', 'Comment', ...(topLevel ? ['Next', 'Assign'] : []), ...CHOICE_OPERATORS];
  for (const key of Object.keys(rule)) {
    if (!allowed.includes(key)) check.schema(`The field '${key}' is not supported by Step Functions`, at);
  }
  if (combinators.length + (operator ? 1 : 0) !== 1)
    return check.schema('A choice rule must have exactly one comparison operator or one of And, Or, Not', at);
  if (rule.And !== undefined || rule.Or !== undefined) {
    const field = rule.And !== undefined ? 'And' : 'Or';
    const inner = rule[field];
    if (!Array.isArray(inner) || inner.length === 0) return check.schema(`The field '${field}' must be a non-empty array`, at);
    inner.forEach((item, index) =>
      isJsonObject(item)
        ? checkRule(check, item, `${at}/${field}[${index}]`, false)
        : check.schema('A choice rule must be a JSON object', at),
    );
    return;
  }
  if (rule.Not !== undefined) {
    if (isJsonObject(rule.Not)) checkRule(check, rule.Not, `${at}/Not`, false);
    else check.schema("The field 'Not' must be a JSON object", at);
    return;
  }
  if (!operator) return;
  if (!isReference(rule.Variable)) check.schema('These fields are required: [Variable]', at);
  if (!operandIsValid(operator, rule[operator]))
    check.schema(`The value of the field '${operator}' has an invalid type or format`, `${at}/${operator}`);
}

function operandIsValid(operator: string, operand: unknown): boolean {
  if (operator.endsWith('Path')) return isReference(operand);
  if (operator.startsWith('Is') || operator.startsWith('Boolean')) return typeof operand === 'boolean';
  if (operator.startsWith('String')) return typeof operand === 'string';
  if (operator.startsWith('Numeric')) return typeof operand === 'number';
  return parseTimestamp(operand) !== undefined;
}
