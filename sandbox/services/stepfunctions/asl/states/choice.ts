import { evaluateChoiceRule } from '../choice-rules';
import type { ChoiceRule } from '../definition';
import { STATES_ERRORS, StatesFailure } from '../failures';
import { applyInputPath, applyOutputPath } from '../input-output';
import { EvaluationError, expressionText, isExpression } from '../jsonata';
import type { StateContext, StateOutcome } from '../runtime';
import { evaluateAssign, evaluateJsonata, isJsonata, sourcesOf, statesOf } from '../state-fields';

/**
 * Choice: the first rule that holds names the next state, else Default; no match fails. The
 * matched rule's Assign/Output apply (the state's own when Default is taken). JSONPath rules
 * compare values at paths; JSONata rules hold when their `Condition` evaluates to true.
 */
export async function runChoice(context: StateContext): Promise<StateOutcome> {
  const { definition, input } = context;
  const jsonata = isJsonata(context);
  const effective = jsonata ? input : applyInputPath(definition.InputPath, sourcesOf(context, input));
  const states = statesOf(context);
  let matched: ChoiceRule | undefined;
  for (const [index, rule] of (definition.Choices ?? []).entries()) {
    const holds = jsonata ? await condition(context, rule, index) : evaluateChoiceRule(rule, sourcesOf(context, effective));
    if (holds) {
      matched = rule;
      break;
    }
  }
  const next = matched?.Next ?? definition.Default;
  // No rule matched and there is no Default: Step Functions fails with this error; the cause
  // text is as seen in the AWS console (not in a recording).
  if (next === undefined) throw new StatesFailure(STATES_ERRORS.noChoiceMatched, 'No Matches!');
  const fields = matched ?? definition;
  if (jsonata) {
    const assigned = await evaluateAssign(context, fields.Assign, { states });
    const output = fields.Output !== undefined ? await evaluateJsonata(context, fields.Output, 'Output', states) : input;
    return { output, next, assigned };
  }
  const assigned = await evaluateAssign(context, fields.Assign, { data: effective });
  return { output: applyOutputPath(definition.OutputPath, sourcesOf(context, effective)), next, assigned };
}

async function condition(context: StateContext, rule: ChoiceRule, index: number): Promise<boolean> {
  const location = `Choices[${index}].Condition`;
  const value = await evaluateJsonata(context, rule.Condition ?? null, location, statesOf(context));
  if (typeof value !== 'boolean') {
    const text = isExpression(rule.Condition) ? expressionText(rule.Condition) : JSON.stringify(rule.Condition);
    throw new EvaluationError(
      location,
      `The JSONata expression '${text}' specified for the field '${location}' returned an unexpected result type. Expected 'boolean', but was '${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}' for value: ${JSON.stringify(value)}`,
    );
  }
  return value;
}
