import { applyInputPath, applyOutputPath, applyResult } from '../input-output';
import { evaluatePayloadTemplate } from '../payload-template';
import { nextOf, type StateContext, type StateOutcome } from '../runtime';
import { evaluateAssign, evaluateJsonata, isJsonata, sourcesOf, statesOf } from '../state-fields';

/**
 * Pass. JSONPath: its result is `Result` if given, else its (Parameters-shaped) input, placed by
 * ResultPath. JSONata: its output is `Output` if given, else its input.
 */
export async function runPass(context: StateContext): Promise<StateOutcome> {
  const { definition, input } = context;
  const next = nextOf(definition);
  if (isJsonata(context)) {
    const states = statesOf(context);
    const assigned = await evaluateAssign(context, definition.Assign, { states });
    const output = definition.Output !== undefined ? await evaluateJsonata(context, definition.Output, 'Output', states) : input;
    return { output, next, assigned };
  }
  const effective = applyInputPath(definition.InputPath, sourcesOf(context, input));
  const result =
    definition.Result !== undefined
      ? definition.Result
      : definition.Parameters !== undefined
        ? evaluatePayloadTemplate(definition.Parameters, sourcesOf(context, effective))
        : effective;
  const assigned = await evaluateAssign(context, definition.Assign, { data: result });
  const output = applyOutputPath(definition.OutputPath, sourcesOf(context, applyResult(input, definition.ResultPath, result)));
  return { output, next, assigned };
}
