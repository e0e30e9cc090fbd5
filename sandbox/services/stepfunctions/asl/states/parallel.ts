import { runConcurrently } from '../concurrent-runs';
import { applyInputPath } from '../input-output';
import { evaluatePayloadTemplate } from '../payload-template';
import { withRetryAndCatch, type AttemptResult } from '../retry-catch';
import type { StateContext, StateOutcome } from '../runtime';
import { evaluateJsonata, isJsonata, shapeResult, sourcesOf, statesOf, variablesOf } from '../state-fields';
import { VariableScope } from '../variables';

/**
 * Parallel: every branch runs on the same input (JSONPath: shaped by Parameters; JSONata: by
 * Arguments), each in a variable scope of its own; the result is the branches' outputs.
 */
export async function runParallel(context: StateContext): Promise<StateOutcome> {
  const { definition, input, frame, runBranch } = context;
  const { history } = frame.scope;
  const jsonata = isJsonata(context);
  const effective = jsonata ? input : applyInputPath(definition.InputPath, sourcesOf(context, input));
  const branches = definition.Branches ?? [];
  return withRetryAndCatch(
    context,
    async (): Promise<AttemptResult> => {
      const branchInput = jsonata
        ? definition.Arguments !== undefined
          ? await evaluateJsonata(context, definition.Arguments, 'Arguments', statesOf(context))
          : input
        : definition.Parameters !== undefined
          ? evaluatePayloadTemplate(definition.Parameters, sourcesOf(context, effective))
          : effective;
      history.record(frame.cursor, 'ParallelStateStarted');
      const outputs = await runConcurrently(branches.length, 0, frame, (index, branchFrame) =>
        runBranch(branches[index]!, branchInput, { ...branchFrame, variables: VariableScope.innerOf(variablesOf(context)) }),
      );
      history.record(frame.cursor, 'ParallelStateSucceeded', {}, { keepSource: true });
      return shapeResult(context, outputs);
    },
    () => history.record(frame.cursor, 'ParallelStateFailed'),
  );
}
