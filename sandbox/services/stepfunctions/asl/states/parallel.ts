import { Abandoned } from '../failures';
import { runConcurrently } from '../concurrent-runs';
import { applyInputPath, applyOutputPath, applyResult } from '../input-output';
import { evaluatePayloadTemplate } from '../payload-template';
import { withRetryAndCatch } from '../retry-catch';
import { contextObject, type StateContext, type StateOutcome } from '../runtime';

/** Parallel: every branch runs on the same (Parameters-shaped) input; the result is their outputs. */
export async function runParallel(context: StateContext): Promise<StateOutcome> {
  const { definition, input, run, frame, runBranch } = context;
  const { history } = frame.scope;
  const effective = applyInputPath(definition.InputPath, input);
  const branches = definition.Branches ?? [];
  return withRetryAndCatch(context, async () => {
    const branchInput =
      definition.Parameters !== undefined
        ? evaluatePayloadTemplate(definition.Parameters, effective, contextObject(frame, run))
        : effective;
    history.record(frame.cursor, 'ParallelStateStarted');
    let outputs;
    try {
      outputs = await runConcurrently(branches.length, 0, frame, (index, branchFrame) =>
        runBranch(branches[index], branchInput, branchFrame),
      );
    } catch (error) {
      if (!(error instanceof Abandoned)) history.record(frame.cursor, 'ParallelStateFailed');
      throw error;
    }
    history.record(frame.cursor, 'ParallelStateSucceeded', {}, { keepSource: true });
    const selected = definition.ResultSelector
      ? evaluatePayloadTemplate(definition.ResultSelector, outputs, contextObject(frame, run))
      : outputs;
    return applyOutputPath(definition.OutputPath, applyResult(input, definition.ResultPath, selected));
  });
}
