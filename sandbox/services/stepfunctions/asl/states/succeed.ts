import { applyInputPath, applyOutputPath } from '../input-output';
import type { StateContext, StateOutcome } from '../runtime';

/** Succeed: ends its branch (or the execution) successfully with its filtered input. */
export async function runSucceed({ definition, input }: StateContext): Promise<StateOutcome> {
  return { output: applyOutputPath(definition.OutputPath, applyInputPath(definition.InputPath, input)) };
}
