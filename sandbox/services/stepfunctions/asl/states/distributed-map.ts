import { Abandoned, RuntimeFailure, StatesFailure, abandonment } from '../failures';
import { applyInputPath, readRequired } from '../input-output';
import { toJsonText, type JsonValue } from '../json';
import { batchItems, prepareBatching } from '../map-run/item-batcher';
import { prepareItemReader, readItems } from '../map-run/item-reader';
import { prepareResultWriter, writeResults } from '../map-run/result-writer';
import { withRetryAndCatch, type AttemptResult } from '../retry-catch';
import type { ChildExecution, Frame, MapRunHandle, StateContext, StateOutcome } from '../runtime';
import { errorDetails } from '../../history';
import { evaluateTyped, isJsonata, languageOf, shapeResult, sourcesOf, statesOf, variablesOf } from '../state-fields';
import { VariableScope } from '../variables';
import { mapItems, mapMaxConcurrency, selectItem } from './map';

export const EXCEED_TOLERATED_FAILURE_THRESHOLD = 'States.ExceedToleratedFailureThreshold';

/**
 * Map in DISTRIBUTED mode: a Map Run whose items (from ItemsPath/Items, or read from S3 by the
 * ItemReader once the run has started) are shaped by ItemSelector, grouped by the ItemBatcher, and
 * each processed by a child execution of the item processor (ProcessorConfig.ExecutionType
 * STANDARD or EXPRESS), at most MaxConcurrency at a time. The parent's history shows
 * MapStateStarted, MapRunStarted, then MapRunSucceeded or MapRunFailed; the children's histories
 * are their own (ListExecutions with the Map Run's ARN). More failed children than
 * ToleratedFailureCount/Percentage allow fail the run with `States.ExceedToleratedFailureThreshold`
 * and abort the children still running. The result is the children's outputs in item order
 * (a failed child's as null), or with a ResultWriter, where in S3 they were written.
 */
export async function runDistributedMap(context: StateContext): Promise<StateOutcome> {
  const { definition, input, frame } = context;
  const { history, region, services } = frame.scope;
  const launcher = frame.scope.mapRuns;
  if (!launcher) throw new RuntimeFailure('A distributed Map needs the Step Functions service to run its child executions.');
  const jsonata = isJsonata(context);
  const effective = jsonata ? input : applyInputPath(definition.InputPath, sourcesOf(context, input));
  const processor = (definition.ItemProcessor ?? definition.Iterator)!;
  const selector = definition.ItemSelector ?? definition.Parameters;
  const { ItemReader: reader, ItemBatcher: batcher, ResultWriter: writer } = definition;
  return withRetryAndCatch(
    context,
    async (): Promise<AttemptResult> => {
      const listed = reader ? undefined : await mapItems(context, effective);
      const maxConcurrency = await mapMaxConcurrency(context, effective);
      history.record(frame.cursor, 'MapStateStarted', { mapStateStartedEventDetails: { length: listed?.length ?? 0 } });
      const tolerated = await toleratedFailures(context, effective);
      const prepared = reader ? await prepareItemReader(context, reader, effective) : undefined;
      const batching = batcher ? await prepareBatching(context, batcher, effective) : undefined;
      const destination = writer ? await prepareResultWriter(context, writer, effective) : undefined;
      const mapRun = launcher.start({
        label: definition.Label,
        processor: { ...processor, QueryLanguage: languageOf(processor as never, context) },
        executionType: processor.ProcessorConfig?.ExecutionType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
        maxConcurrency,
        toleratedFailureCount: tolerated.count ?? 0,
        toleratedFailurePercentage: tolerated.percentage ?? 0,
      });
      const mapRunStarted = history.record(frame.cursor, 'MapRunStarted', { mapRunStartedEventDetails: { mapRunArn: mapRun.arn } });
      let output: JsonValue;
      try {
        const items = prepared ? await readItems(prepared, services, region) : listed!;
        const selected: JsonValue[] = [];
        for (const [index, item] of items.entries()) {
          const itemFrame: Frame = {
            ...frame,
            mapItem: { Index: index, Value: item },
            variables: VariableScope.innerOf(variablesOf(context)),
          };
          selected.push(await selectItem(context, itemFrame, effective, item, selector));
        }
        const inputs = batching ? batchItems(selected, batching) : selected;
        const itemCounts = batching ? inputs.map((batch) => (batch as { Items: unknown[] }).Items.length) : inputs.map(() => 1);
        mapRun.setItemTotal(selected.length, inputs.length);
        const children = await runChildren(mapRun, inputs, itemCounts, maxConcurrency, tolerated, frame.signal);
        output = destination
          ? await writeResults(destination, mapRun.arn, children, services, region)
          : children.map((child) =>
              child.status === 'SUCCEEDED' && child.output !== undefined ? (JSON.parse(child.output) as JsonValue) : null,
            );
      } catch (error) {
        if (error instanceof Abandoned) {
          mapRun.finish('ABORTED');
          throw error;
        }
        const failure = error instanceof StatesFailure ? error : new StatesFailure(undefined, undefined);
        history.record(frame.cursor, 'MapRunFailed', { mapRunFailedEventDetails: errorDetails(failure.error, failure.cause) });
        mapRun.finish('FAILED');
        throw error;
      }
      history.record(frame.cursor, 'MapRunSucceeded');
      mapRun.finish('SUCCEEDED');
      history.record(frame.cursor, 'MapStateSucceeded', {}, { keepSource: true });
      // As recorded since November 2024: the state's exit chains from the Map Run's start.
      frame.cursor.source = mapRunStarted;
      return shapeResult(context, output);
    },
    () => history.record(frame.cursor, 'MapStateFailed'),
  );
}

interface Tolerance {
  count?: number;
  percentage?: number;
}

/**
 * ToleratedFailureCount/Percentage (or their Paths; JSONata: expressions); unset ones are not
 * applied. Evaluated once the state has started, with AWS's messages (recorded:
 * test_map_state_tolerated_failure_count_path, …_percentage_path).
 */
async function toleratedFailures(context: StateContext, effective: JsonValue): Promise<Tolerance> {
  const read = async (field: 'ToleratedFailureCount' | 'ToleratedFailurePercentage'): Promise<number | undefined> => {
    const { definition } = context;
    const path = definition[`${field}Path`];
    const fixed = definition[field];
    const integer = field === 'ToleratedFailureCount';
    let value: JsonValue | undefined;
    if (path !== undefined) {
      const read = readRequired(path, sourcesOf(context, effective));
      // As recorded (a variable holding "1"): text holding a number is taken as that number.
      value = typeof read === 'string' && /^-?\d+(\.\d+)?$/.test(read) ? Number(read) : read;
      if (typeof value !== 'number' || (integer && !Number.isInteger(value))) {
        const shown = typeof value === 'string' ? value : toJsonText(value);
        throw new RuntimeFailure(
          `The ${field}Path field refers to value "${shown}" which is not a valid ${integer ? 'integer' : 'float'}: ${path}`,
        );
      }
    } else if (typeof fixed === 'string') value = await evaluateTyped(context, fixed, field, statesOf(context), 'number');
    else value = fixed;
    if (value === undefined) return undefined;
    if (typeof value !== 'number') throw new RuntimeFailure(`The ${field} field must be a number: ${toJsonText(value)}`);
    if (integer && value < 0) throw new RuntimeFailure('ToleratedFailureCount cannot be negative.');
    if (!integer && (value < 0 || value > 100)) throw new RuntimeFailure('ToleratedFailurePercentage must be between 0 and 100.');
    return value;
  };
  return { count: await read('ToleratedFailureCount'), percentage: await read('ToleratedFailurePercentage') };
}

/**
 * Runs the children, at most `maxConcurrency` at a time (0: all), in item order. Once more have
 * failed than tolerated, no more start, the running ones are aborted and the run fails.
 */
async function runChildren(
  mapRun: MapRunHandle,
  inputs: readonly JsonValue[],
  itemCounts: readonly number[],
  maxConcurrency: number,
  tolerated: Tolerance,
  parentSignal: AbortSignal,
): Promise<ChildExecution[]> {
  const stop = new AbortController();
  const signal = AbortSignal.any([parentSignal, stop.signal]);
  const results: ChildExecution[] = new Array<ChildExecution>(inputs.length);
  const total = inputs.length;
  let next = 0;
  let failed = 0;
  let exceeded = false;
  const exceeds = () => {
    const { count, percentage } = tolerated;
    if (count === undefined && percentage === undefined) return failed > 0;
    return (count !== undefined && failed > count) || (percentage !== undefined && (failed / total) * 100 > percentage);
  };
  const worker = async () => {
    while (!exceeded && !signal.aborted && next < total) {
      const index = next;
      next += 1;
      const child = await mapRun.runChild(inputs[index]!, itemCounts[index] ?? 1, signal);
      results[index] = child;
      if (child.status !== 'SUCCEEDED' && !(child.status === 'ABORTED' && exceeded)) {
        failed += 1;
        if (!exceeded && exceeds()) {
          exceeded = true;
          stop.abort(new Abandoned('sibling-failed'));
        }
      }
    }
  };
  const workers = maxConcurrency > 0 ? Math.min(maxConcurrency, total) : total;
  await Promise.all(Array.from({ length: workers }, worker));
  if (parentSignal.aborted) throw abandonment(parentSignal);
  if (exceeded) throw new StatesFailure(EXCEED_TOLERATED_FAILURE_THRESHOLD, 'The specified tolerated failure threshold was exceeded');
  return results;
}
