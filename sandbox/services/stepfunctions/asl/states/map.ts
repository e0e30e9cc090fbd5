import type { StateDefinition } from '../definition';
import { Abandoned, RuntimeFailure } from '../failures';
import { runConcurrently } from '../concurrent-runs';
import { applyInputPath, applyOutputPath, applyResult } from '../input-output';
import { toJsonText, type JsonValue } from '../json';
import { evaluatePayloadTemplate } from '../payload-template';
import { withRetryAndCatch } from '../retry-catch';
import { contextObject, type Frame, type StateContext, type StateOutcome } from '../runtime';

/**
 * Map (inline): runs the item processor once per item of ItemsPath, at most MaxConcurrency at a
 * time, each on its item (or on what ItemSelector/Parameters make of it, with `$$.Map.Item`);
 * the result is the iterations' outputs in item order.
 *
 * `$$.Map.Item` is also visible to the states inside an iteration (as in LocalStack's
 * AWS-validated interpreter); AWS documents it for ItemSelector only.
 */
export async function runMap(context: StateContext): Promise<StateOutcome> {
  const { definition, input, run, frame, runBranch } = context;
  const { history } = frame.scope;
  const effective = applyInputPath(definition.InputPath, input);
  const processor = (definition.ItemProcessor ?? definition.Iterator)!;
  const selector = definition.ItemSelector ?? definition.Parameters;
  return withRetryAndCatch(context, async () => {
    const items = itemsOf(definition, effective);
    const maxConcurrency = maxConcurrencyOf(definition, effective);
    history.record(frame.cursor, 'MapStateStarted', { mapStateStartedEventDetails: { length: items.length } });

    const iterate = async (index: number, jobFrame: Frame): Promise<JsonValue> => {
      const iteration = { name: run.name, index };
      history.record(jobFrame.cursor, 'MapIterationStarted', { mapIterationStartedEventDetails: iteration });
      try {
        const itemFrame: Frame = { ...jobFrame, mapItem: { Index: index, Value: items[index] } };
        const itemInput =
          selector !== undefined ? evaluatePayloadTemplate(selector, effective, contextObject(itemFrame, run)) : items[index];
        const output = await runBranch(processor, itemInput, itemFrame);
        history.record(jobFrame.cursor, 'MapIterationSucceeded', { mapIterationSucceededEventDetails: iteration }, { keepSource: true });
        return output;
      } catch (error) {
        if (error instanceof Abandoned) {
          if (error.why === 'sibling-failed') {
            history.record(
              jobFrame.cursor,
              'MapIterationAborted',
              { mapIterationAbortedEventDetails: iteration },
              { keepSource: true, previousEventId: error.failureEventId },
            );
          }
        } else {
          history.record(jobFrame.cursor, 'MapIterationFailed', { mapIterationFailedEventDetails: iteration }, { keepSource: true });
        }
        throw error;
      }
    };

    let outputs: JsonValue[];
    try {
      outputs = await runConcurrently(items.length, maxConcurrency, frame, iterate);
    } catch (error) {
      if (!(error instanceof Abandoned)) history.record(frame.cursor, 'MapStateFailed');
      throw error;
    }
    history.record(frame.cursor, 'MapStateSucceeded', {}, { keepSource: true });
    const selected = definition.ResultSelector
      ? evaluatePayloadTemplate(definition.ResultSelector, outputs, contextObject(frame, run))
      : outputs;
    return applyOutputPath(definition.OutputPath, applyResult(input, definition.ResultPath, selected));
  });
}

function itemsOf(definition: StateDefinition, input: JsonValue): JsonValue[] {
  const items = applyInputPath(definition.ItemsPath, input);
  if (!Array.isArray(items)) throw new RuntimeFailure(`Map state input must be an array but was: ${toJsonText(items)}`);
  return items;
}

function maxConcurrencyOf(definition: StateDefinition, input: JsonValue): number {
  if (definition.MaxConcurrencyPath === undefined) return definition.MaxConcurrency ?? 0;
  const path = definition.MaxConcurrencyPath;
  const value = applyInputPath(path, input);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    const shown = typeof value === 'string' ? value : toJsonText(value);
    throw new RuntimeFailure(`The MaxConcurrencyPath field refers to value "${shown}" which is not a valid integer: ${path}`);
  }
  return value;
}
