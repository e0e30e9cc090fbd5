import { applyInputPath, applyOutputPath, applyResult } from '../input-output';
import { evaluatePayloadTemplate } from '../payload-template';
import { contextObject, nextOf, type StateContext, type StateOutcome } from '../runtime';

/** Pass: its result is `Result` if given, else its (Parameters-shaped) input. */
export async function runPass({ definition, input, run, frame }: StateContext): Promise<StateOutcome> {
  const effective = applyInputPath(definition.InputPath, input);
  const parameters =
    definition.Parameters !== undefined ? evaluatePayloadTemplate(definition.Parameters, effective, contextObject(frame, run)) : effective;
  const result = definition.Result !== undefined ? definition.Result : parameters;
  const output = applyOutputPath(definition.OutputPath, applyResult(input, definition.ResultPath, result));
  return { output, next: nextOf(definition) };
}
