import { isActivityArn, isCallbackResource, isSyncResource, resolveTaskResource } from '../../integrations';
import { isExpression } from '../jsonata';
import { isJsonObject, type JsonObject } from '../json';
import { parseTimestamp } from '../timestamps';
import { isPositiveInteger, type DefinitionCheck } from './diagnostics';
import { isDynamicValue, isReference } from './values';

/** What is particular to Task, Wait, Fail, Parallel and Map states. */
export function checkTask(check: DefinitionCheck, state: JsonObject, at: string): void {
  if (typeof state.Resource !== 'string') return check.schema('These fields are required: [Resource]', at);
  const resolution = resolveTaskResource(state.Resource, check.resources);
  if (resolution.kind === 'refused') check.add(resolution.code, resolution.message, `${at}/Resource`);
  else if (resolution.kind === 'needs-mock') check.needsMock(state.Resource, resolution.why, at);
  if (check.type === 'EXPRESS') {
    // AWS's messages, the second with its double space (recorded: test_illegal_callbacks).
    if (isSyncResource(state.Resource))
      check.schema("Express state machine does not support '.sync' service integration", `${at}/Resource`);
    if (isCallbackResource(state.Resource))
      check.schema("Express state machine does not support '.waitForTaskToken' service integration ", `${at}/Resource`);
    if (isActivityArn(state.Resource)) check.schema('Express state machine does not support Activity ARN', `${at}/Resource`);
  }
  checkSeconds(check, state, 'Timeout', at);
  checkSeconds(check, state, 'Heartbeat', at);
  if (
    typeof state.TimeoutSeconds === 'number' &&
    typeof state.HeartbeatSeconds === 'number' &&
    state.HeartbeatSeconds >= state.TimeoutSeconds
  ) {
    check.schema("The field 'HeartbeatSeconds' must be smaller than 'TimeoutSeconds'", `${at}/HeartbeatSeconds`);
  }
}

/** A `{% %}` expression, in a JSONata state (in a JSONPath state it is just a string). */
function isJsonataExpression(check: DefinitionCheck, state: JsonObject, value: unknown): boolean {
  return check.languageOf(state) === 'JSONata' && isExpression(value);
}

function checkSeconds(check: DefinitionCheck, state: JsonObject, field: 'Timeout' | 'Heartbeat', at: string): void {
  const fixed = state[`${field}Seconds`];
  const path = state[`${field}SecondsPath`];
  if (fixed !== undefined && path !== undefined)
    check.schema(`Only one of the fields '${field}Seconds' and '${field}SecondsPath' may be specified`, at);
  if (fixed !== undefined && !isPositiveInteger(fixed) && !isJsonataExpression(check, state, fixed))
    check.schema(`The field '${field}Seconds' must be a positive integer`, `${at}/${field}Seconds`);
  if (path !== undefined && !isReference(path))
    check.schema(`The value for the field '${field}SecondsPath' must be a valid JSONPath`, `${at}/${field}SecondsPath`);
}

export function checkWait(check: DefinitionCheck, state: JsonObject, at: string): void {
  const given = ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'].filter((key) => state[key] !== undefined);
  if (given.length !== 1)
    return check.schema("Exactly one of the fields 'Seconds', 'SecondsPath', 'Timestamp' or 'TimestampPath' must be specified", at);
  if (
    state.Seconds !== undefined &&
    !isJsonataExpression(check, state, state.Seconds) &&
    !(Number.isInteger(state.Seconds) && (state.Seconds as number) >= 0)
  )
    check.schema("The field 'Seconds' must be a non-negative integer", `${at}/Seconds`);
  if (state.Timestamp !== undefined && !isJsonataExpression(check, state, state.Timestamp) && parseTimestamp(state.Timestamp) === undefined)
    check.schema('String does not match RFC3339 timestamp', `${at}/Timestamp`);
  for (const field of ['SecondsPath', 'TimestampPath']) {
    if (state[field] !== undefined && !isReference(state[field]))
      check.schema(`The value for the field '${field}' must be a valid JSONPath`, `${at}/${field}`);
  }
}

export function checkFail(check: DefinitionCheck, state: JsonObject, at: string): void {
  for (const [fixed, path] of [
    ['Error', 'ErrorPath'],
    ['Cause', 'CausePath'],
  ] as const) {
    if (state[fixed] !== undefined && state[path] !== undefined)
      check.schema(`Only one of the fields '${fixed}' and '${path}' may be specified`, at);
    if (state[fixed] !== undefined && typeof state[fixed] !== 'string')
      check.schema(`The field '${fixed}' must be a string`, `${at}/${fixed}`);
    if (state[path] !== undefined && !isDynamicValue(state[path]))
      check.schema(`The value for the field '${path}' must be a valid JSONPath or a valid intrinsic function call`, `${at}/${path}`);
  }
}

export function checkParallel(check: DefinitionCheck, state: JsonObject, at: string): void {
  if (!Array.isArray(state.Branches) || state.Branches.length === 0) return check.schema('Value cannot be empty', `${at}/Branches`);
  state.Branches.forEach((branch, index) => checkNested(check, branch, `${at}/Branches[${index}]`));
}

export function checkMap(check: DefinitionCheck, state: JsonObject, at: string): void {
  const processors = ['ItemProcessor', 'Iterator'].filter((key) => state[key] !== undefined);
  const field = processors[0];
  if (processors.length !== 1 || field === undefined)
    return check.schema("Exactly one of the fields 'ItemProcessor' or 'Iterator' must be specified", at);
  const processor = state[field];
  if (state.ItemSelector !== undefined && state.Parameters !== undefined)
    check.schema("Only one of the fields 'ItemSelector' and 'Parameters' may be specified", at);
  const concurrency = state.MaxConcurrency;
  if (
    concurrency !== undefined &&
    !isJsonataExpression(check, state, concurrency) &&
    !(Number.isInteger(concurrency) && (concurrency as number) >= 0)
  )
    check.schema("The field 'MaxConcurrency' must be a non-negative integer", `${at}/MaxConcurrency`);
  if (state.MaxConcurrencyPath !== undefined && !isReference(state.MaxConcurrencyPath))
    check.schema("The value for the field 'MaxConcurrencyPath' must be a valid JSONPath", `${at}/MaxConcurrencyPath`);
  if (state.Items !== undefined && !Array.isArray(state.Items) && !isJsonataExpression(check, state, state.Items))
    check.schema("The field 'Items' must be a JSON array or a JSONata expression", `${at}/Items`);
  const config = isJsonObject(processor) && isJsonObject(processor.ProcessorConfig) ? processor.ProcessorConfig : {};
  const mode = config.Mode;
  if (mode !== undefined && mode !== 'INLINE' && mode !== 'DISTRIBUTED')
    check.schema("The field 'Mode' should have one of these values: [INLINE, DISTRIBUTED]", `${at}/${field}/ProcessorConfig/Mode`);
  if (mode === 'DISTRIBUTED') {
    const type = config.ExecutionType;
    if (type !== 'STANDARD' && type !== 'EXPRESS')
      check.schema(
        "The field 'ExecutionType' should have one of these values: [STANDARD, EXPRESS]",
        `${at}/${field}/ProcessorConfig/ExecutionType`,
      );
  } else {
    for (const distributedOnly of ['ItemReader', 'ItemBatcher', 'ResultWriter']) {
      if (state[distributedOnly] !== undefined)
        check.schema(
          `The field '${distributedOnly}' is only supported in a Map whose ProcessorConfig Mode is DISTRIBUTED`,
          `${at}/${distributedOnly}`,
        );
    }
  }
  if (isJsonObject(state.ItemReader)) checkItemReader(check, state.ItemReader, `${at}/ItemReader`);
  checkNested(check, processor, `${at}/${field}`, ['ProcessorConfig']);
}

const ITEM_READER_RESOURCES = ['arn:aws:states:::s3:getObject', 'arn:aws:states:::s3:listObjectsV2'];
const INPUT_TYPES = ['CSV', 'JSON', 'JSONL', 'MANIFEST'];

/** The readers the sandbox has: S3 objects (CSV, JSON, JSON Lines, S3 inventory manifests) and listings. */
function checkItemReader(check: DefinitionCheck, reader: JsonObject, at: string): void {
  if (
    typeof reader.Resource !== 'string' ||
    !ITEM_READER_RESOURCES.includes(reader.Resource.replace(/^arn:aws[a-z-]*:states:[a-z0-9-]*:\d*:/, 'arn:aws:states:::'))
  ) {
    check.unsupported(
      `The ItemReader resource ${JSON.stringify(reader.Resource)} (the sandbox reads ${ITEM_READER_RESOURCES.join(' and ')})`,
      `${at}/Resource`,
    );
  }
  const config = isJsonObject(reader.ReaderConfig) ? reader.ReaderConfig : {};
  if (config.InputType !== undefined && !INPUT_TYPES.includes(String(config.InputType)))
    check.unsupported(
      `The ItemReader InputType ${JSON.stringify(config.InputType)} (the sandbox reads ${INPUT_TYPES.join(', ')})`,
      `${at}/ReaderConfig/InputType`,
    );
}

function checkNested(check: DefinitionCheck, block: unknown, at: string, extraFields: string[] = []): void {
  if (!isJsonObject(block)) return check.schema('A branch must be a JSON object', at);
  for (const key of Object.keys(block)) {
    if (!['StartAt', 'States', 'Comment', ...extraFields].includes(key))
      check.schema(`The field '${key}' is not supported by Step Functions`, at);
  }
  const missing = ['States', 'StartAt'].filter((key) => block[key] === undefined);
  if (missing.length) return check.schema(`These fields are required: [${missing.join(', ')}]`, at);
  check.checkNestedBlock(block, at);
}
