import { Abandoned, RuntimeFailure } from '../failures';
import { runConcurrently } from '../concurrent-runs';
import { applyInputPath, readRequired } from '../input-output';
import { EvaluationError } from '../jsonata';
import { toJsonText, type JsonValue } from '../json';
import { evaluatePayloadTemplate } from '../payload-template';
import { withRetryAndCatch, type AttemptResult } from '../retry-catch';
import { contextObject, type Frame, type StateContext, type StateOutcome } from '../runtime';
import { evaluateJsonata, evaluateTyped, isJsonata, shapeResult, sourcesOf, statesOf, variablesOf } from '../state-fields';
import { VariableScope } from '../variables';
import { runDistributedMap } from './distributed-map';

/**
 * Map (inline): runs the item processor once per item (JSONPath: of ItemsPath; JSONata: of
 * Items), at most MaxConcurrency at a time, each in a variable scope of its own, on its item or
 * on what ItemSelector (or Parameters) makes of it, with `$$.Map.Item`; the result is the
 * iterations' outputs in item order.
 *
 * `$$.Map.Item` is also visible to the states inside an iteration (as in LocalStack's
 * AWS-validated interpreter); AWS documents it for ItemSelector only.
 */
export async function runMap(context: StateContext): Promise<StateOutcome> {
  const processorConfig = (context.definition.ItemProcessor ?? context.definition.Iterator)?.ProcessorConfig;
  if (processorConfig?.Mode === 'DISTRIBUTED') return runDistributedMap(context);
  const { definition, input, run, frame, runBranch } = context;
  const { history } = frame.scope;
  const jsonata = isJsonata(context);
  const effective = jsonata ? input : applyInputPath(definition.InputPath, sourcesOf(context, input));
  const processor = (definition.ItemProcessor ?? definition.Iterator)!;
  const selector = definition.ItemSelector ?? definition.Parameters;
  return withRetryAndCatch(
    context,
    async (): Promise<AttemptResult> => {
      const items = await mapItems(context, effective);
      const maxConcurrency = await mapMaxConcurrency(context, effective);
      if (jsonata) await evaluateToleratedFailures(context);
      history.record(frame.cursor, 'MapStateStarted', { mapStateStartedEventDetails: { length: items.length } });

      const iterate = async (index: number, jobFrame: Frame): Promise<JsonValue> => {
        const iteration = { name: run.name, index };
        history.record(jobFrame.cursor, 'MapIterationStarted', { mapIterationStartedEventDetails: iteration });
        try {
          const itemFrame: Frame = {
            ...jobFrame,
            mapItem: { Index: index, Value: items[index] ?? null },
            variables: VariableScope.innerOf(variablesOf(context)),
          };
          const itemInput = await selectItem(context, itemFrame, effective, items[index] ?? null, selector);
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

      const outputs = await runConcurrently(items.length, maxConcurrency, frame, iterate);
      history.record(frame.cursor, 'MapStateSucceeded', {}, { keepSource: true });
      return shapeResult(context, outputs);
    },
    () => history.record(frame.cursor, 'MapStateFailed'),
  );
}

/** An iteration's input: the item, or what ItemSelector (JSONPath: or Parameters) makes of it. */
export async function selectItem(
  context: StateContext,
  itemFrame: Frame,
  effective: JsonValue,
  item: JsonValue,
  selector: JsonValue | undefined,
): Promise<JsonValue> {
  if (selector === undefined) return item;
  const itemContext = contextObject(itemFrame, context.run);
  if (isJsonata(context)) {
    return evaluateJsonata(context, selector, 'ItemSelector', { input: context.input, context: itemContext });
  }
  return evaluatePayloadTemplate(selector, { ...sourcesOf(context, effective), context: itemContext });
}

/** The items to iterate over: JSONPath ItemsPath of the effective input; JSONata Items (default: the input). */
export function mapItems(context: StateContext, effective: JsonValue): Promise<JsonValue[]> | JsonValue[] {
  return isJsonata(context) ? jsonataItems(context) : itemsOf(context, effective);
}

/** MaxConcurrency (or MaxConcurrencyPath); 0 means no limit. */
export async function mapMaxConcurrency(context: StateContext, effective: JsonValue): Promise<number> {
  return isJsonata(context) ? jsonataMaxConcurrency(context) : maxConcurrencyOf(context, effective);
}

async function jsonataItems(context: StateContext): Promise<JsonValue[]> {
  const { definition, input } = context;
  const items =
    definition.Items === undefined ? input : await evaluateTyped(context, definition.Items, 'Items', statesOf(context), 'array');
  if (!Array.isArray(items)) throw new EvaluationError(undefined, `Map state input must be an array but was: ${toJsonText(items)}`);
  return items;
}

/**
 * An inline Map fails with its first failed iteration; its ToleratedFailure fields are still
 * evaluated (an expression that fails, fails the state).
 */
async function evaluateToleratedFailures(context: StateContext): Promise<void> {
  for (const field of ['ToleratedFailureCount', 'ToleratedFailurePercentage'] as const) {
    const value = context.definition[field];
    if (value !== undefined) await evaluateTyped(context, value, field, statesOf(context), 'number');
  }
}

async function jsonataMaxConcurrency(context: StateContext): Promise<number> {
  const value = context.definition.MaxConcurrency;
  if (value === undefined) return 0;
  const evaluated = await evaluateTyped(context, value, 'MaxConcurrency', statesOf(context), 'number');
  if (typeof evaluated !== 'number' || !Number.isInteger(evaluated) || evaluated < 0) {
    throw new RuntimeFailure(`The MaxConcurrency field does not evaluate to a non-negative integer: ${toJsonText(evaluated)}`);
  }
  return evaluated;
}

function itemsOf(context: StateContext, input: JsonValue): JsonValue[] {
  const items = applyInputPath(context.definition.ItemsPath, sourcesOf(context, input));
  if (!Array.isArray(items)) throw new RuntimeFailure(`Map state input must be an array but was: ${toJsonText(items)}`);
  return items;
}

function maxConcurrencyOf(context: StateContext, input: JsonValue): number {
  const { definition } = context;
  if (definition.MaxConcurrencyPath === undefined) return typeof definition.MaxConcurrency === 'number' ? definition.MaxConcurrency : 0;
  const path = definition.MaxConcurrencyPath;
  const read = readRequired(path, sourcesOf(context, input));
  // As recorded: a string holding an integer ("1") is taken as that integer.
  const value = typeof read === 'string' && /^\d+$/.test(read) ? Number(read) : read;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    const shown = typeof read === 'string' ? read : toJsonText(read);
    throw new RuntimeFailure(`The MaxConcurrencyPath field refers to value "${shown}" which is not a valid integer: ${path}`);
  }
  return value;
}
