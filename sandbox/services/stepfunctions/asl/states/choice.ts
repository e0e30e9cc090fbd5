import { evaluateChoiceRule } from '../choice-rules';
import { STATES_ERRORS, StatesFailure } from '../failures';
import { applyInputPath, applyOutputPath } from '../input-output';
import { contextObject, type StateContext, type StateOutcome } from '../runtime';

/** Choice: the first rule that holds names the next state, else Default; no match fails. */
export async function runChoice({ definition, input, run, frame }: StateContext): Promise<StateOutcome> {
  const effective = applyInputPath(definition.InputPath, input);
  const context = contextObject(frame, run);
  const rule = (definition.Choices ?? []).find((candidate) => evaluateChoiceRule(candidate, effective, context));
  const next = rule?.Next ?? definition.Default;
  // No rule matched and there is no Default: Step Functions fails with this error; the cause
  // text is as seen in the AWS console (not in a recording).
  if (next === undefined) throw new StatesFailure(STATES_ERRORS.noChoiceMatched, 'No Matches!');
  return { output: applyOutputPath(definition.OutputPath, effective), next };
}
