import { RuntimeFailure } from '../failures';
import { readRequired } from '../input-output';
import { jsonByteLength, toJsonText, type JsonObject, type JsonValue } from '../json';
import type { StateContext } from '../runtime';
import { evaluateInLanguage, evaluateTyped, isJsonata, sourcesOf, statesOf } from '../state-fields';

/** A distributed Map's ItemBatcher, as the definition declares it. */
export interface ItemBatcherDefinition {
  MaxItemsPerBatch?: number | string;
  MaxItemsPerBatchPath?: string;
  MaxInputBytesPerBatch?: number | string;
  MaxInputBytesPerBatchPath?: string;
  BatchInput?: JsonValue;
}

/** The largest batch input Step Functions allows (a child execution's input). */
const MAX_BATCH_BYTES = 256 * 1024;

export interface Batching {
  maxItems: number;
  maxBytes: number;
  batchInput?: JsonValue;
}

/** Evaluates the batcher's limits and BatchInput in the state's context. */
export async function prepareBatching(context: StateContext, batcher: ItemBatcherDefinition, effective: JsonValue): Promise<Batching> {
  const jsonata = isJsonata(context);
  const limit = async (field: 'MaxItemsPerBatch' | 'MaxInputBytesPerBatch'): Promise<number | undefined> => {
    const path = batcher[`${field}Path`];
    const value = path !== undefined ? readRequired(path, sourcesOf(context, effective)) : batcher[field];
    if (value === undefined) return undefined;
    const evaluated =
      jsonata && typeof value === 'string'
        ? await evaluateTyped(context, value, `ItemBatcher.${field}`, statesOf(context), 'number')
        : value;
    if (typeof evaluated !== 'number' || !Number.isInteger(evaluated) || evaluated <= 0) {
      throw new RuntimeFailure(
        `The ${path !== undefined ? `${field}Path` : field} field must be a positive integer: ${toJsonText(evaluated as JsonValue)}`,
      );
    }
    return evaluated;
  };
  const maxItems = await limit('MaxItemsPerBatch');
  const maxBytes = await limit('MaxInputBytesPerBatch');
  const batchInput =
    batcher.BatchInput === undefined
      ? undefined
      : await evaluateInLanguage(context, batcher.BatchInput, 'ItemBatcher.BatchInput', effective);
  return { maxItems: maxItems ?? Number.MAX_SAFE_INTEGER, maxBytes: Math.min(maxBytes ?? MAX_BATCH_BYTES, MAX_BATCH_BYTES), batchInput };
}

/** Consecutive items grouped into `{BatchInput, Items}` inputs within both limits (an item alone always forms a batch). */
export function batchItems(items: readonly JsonValue[], batching: Batching): JsonObject[] {
  const batches: JsonObject[] = [];
  const make = (members: JsonValue[]): JsonObject => ({
    ...(batching.batchInput !== undefined ? { BatchInput: batching.batchInput } : {}),
    Items: members,
  });
  let current: JsonValue[] = [];
  for (const item of items) {
    const candidate = [...current, item];
    if (current.length > 0 && (candidate.length > batching.maxItems || jsonByteLength(make(candidate)) > batching.maxBytes)) {
      batches.push(make(current));
      current = [item];
    } else current = candidate;
  }
  if (current.length > 0) batches.push(make(current));
  return batches;
}
