import { applyInputPath, applyOutputPath } from '../input-output';
import type { StateContext, StateOutcome } from '../runtime';
import { evaluateJsonata, isJsonata, sourcesOf, statesOf } from '../state-fields';

/** Succeed: ends its branch (or the execution) successfully with its filtered input (JSONata: its Output). */
export async function runSucceed(context: StateContext): Promise<StateOutcome> {
  const { definition, input } = context;
  if (isJsonata(context)) {
    return {
      output: definition.Output !== undefined ? await evaluateJsonata(context, definition.Output, 'Output', statesOf(context)) : input,
    };
  }
  return {
    output: applyOutputPath(definition.OutputPath, sourcesOf(context, applyInputPath(definition.InputPath, sourcesOf(context, input)))),
  };
}
