import { STATE_TYPES } from '../definition';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { isReferencePath } from '../paths';
import { checkChoice } from './choice';
import { isPositiveInteger, type DefinitionCheck } from './diagnostics';
import { checkCatch, checkRetry } from './error-handling';
import { allowedFields, UNSUPPORTED_FIELDS } from './fields';
import { checkFail, checkMap, checkParallel, checkTask, checkWait } from './state-types';
import { checkReachability, checkTransition } from './transitions';
import { checkAssign, checkJsonataValue, checkPayloadTemplate, isReference } from './values';

/** The shape of a definition: its top level, its blocks of states, and each state's fields. */
const TOP_LEVEL_FIELDS = ['Comment', 'StartAt', 'States', 'TimeoutSeconds', 'Version', 'QueryLanguage'];

export function checkTopLevel(check: DefinitionCheck, definition: JsonObject): void {
  checkQueryLanguage(check, definition.QueryLanguage, '/QueryLanguage');
  for (const key of Object.keys(definition)) {
    if (!TOP_LEVEL_FIELDS.includes(key)) check.schema(`The field '${key}' is not supported by Step Functions`, '/');
  }
  const missing = ['States', 'StartAt'].filter((key) => definition[key] === undefined);
  if (missing.length) return check.schema(`These fields are required: [${missing.join(', ')}]`, '/');
  if (definition.TimeoutSeconds !== undefined && !isPositiveInteger(definition.TimeoutSeconds)) {
    check.schema("The field 'TimeoutSeconds' must be a positive integer", '/TimeoutSeconds');
  }
  checkBlock(check, definition, '');
}

function checkQueryLanguage(check: DefinitionCheck, value: JsonValue | undefined, location: string): void {
  if (value !== undefined && value !== 'JSONPath' && value !== 'JSONata')
    check.schema("The field 'QueryLanguage' should have one of these values: [JSONPath, JSONata]", location);
}

export function checkBlock(check: DefinitionCheck, block: JsonObject, prefix: string): void {
  if (typeof block.StartAt !== 'string') check.schema("The field 'StartAt' must be a string", `${prefix}/StartAt`);
  if (!isJsonObject(block.States) || Object.keys(block.States).length === 0) {
    return check.schema("The field 'States' must be a non-empty object", `${prefix}/States`);
  }
  const states = block.States;
  if (typeof block.StartAt === 'string' && !(block.StartAt in states)) {
    check.add('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${block.StartAt}`, `${prefix}/StartAt`);
  }
  for (const [name, state] of Object.entries(states)) checkState(check, name, state, states, `${prefix}/States/${name}`);
  if (typeof block.StartAt === 'string') checkReachability(check, block.StartAt, states, prefix);
}

function checkState(check: DefinitionCheck, name: string, state: JsonValue, siblings: JsonObject, at: string): void {
  if (!isJsonObject(state)) return check.schema('A state must be a JSON object', at);
  if (name.length > 80) check.add('INVALID_STATE_NAME', `State name '${name}' is longer than 80 characters`, at);
  if (state.Type === undefined) return check.schema('These fields are required: [Type]', at);
  if (typeof state.Type !== 'string' || !(STATE_TYPES as readonly string[]).includes(state.Type)) {
    return check.schema(`The field 'Type' should have one of these values: [${STATE_TYPES.join(', ')}]`, `${at}/Type`);
  }
  const type = state.Type;
  checkQueryLanguage(check, state.QueryLanguage, `${at}/QueryLanguage`);
  if (check.language === 'JSONata' && state.QueryLanguage === 'JSONPath') {
    check.schema("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", at);
  }
  const language = check.languageOf(state);
  const allowed = allowedFields(type, language);
  for (const key of Object.keys(state)) {
    const unsupported = UNSUPPORTED_FIELDS[key];
    if (!allowed.includes(key)) check.schema(`The field '${key}' is not supported by Step Functions`, at);
    else if (unsupported) check.unsupported(unsupported, `${at}/${key}`);
  }
  if (allowed.includes('Next')) checkTransition(check, state, siblings, at);
  checkAssign(check, state.Assign, language, `${at}/Assign`);
  if (language === 'JSONata') {
    for (const field of [
      'Arguments',
      'Output',
      'Items',
      'ItemSelector',
      'MaxConcurrency',
      'TimeoutSeconds',
      'HeartbeatSeconds',
      'Seconds',
      'Timestamp',
      'Error',
      'Cause',
    ])
      checkJsonataValue(check, state[field], `${at}/${field}`);
  } else checkJsonPathFields(check, state, at);
  if (state.Retry !== undefined) checkRetry(check, state.Retry, `${at}/Retry`);
  checkCatch(check, state, siblings, `${at}/Catch`);
  switch (type) {
    case 'Task':
      return checkTask(check, state, at);
    case 'Choice':
      return checkChoice(check, state, siblings, at);
    case 'Wait':
      return checkWait(check, state, at);
    case 'Fail':
      return checkFail(check, state, at);
    case 'Parallel':
      return checkParallel(check, state, at);
    case 'Map':
      return checkMap(check, state, at);
  }
}

function checkJsonPathFields(check: DefinitionCheck, state: JsonObject, at: string): void {
  for (const field of ['InputPath', 'OutputPath', 'ItemsPath'] as const) {
    if (state[field] !== undefined && state[field] !== null && !isReference(state[field]))
      check.schema(`The value for the field '${field}' must be a valid JSONPath`, `${at}/${field}`);
  }
  if (state.ResultPath !== undefined && state.ResultPath !== null && !isReferencePath(state.ResultPath)) {
    check.schema("The value for the field 'ResultPath' must be a valid JSONPath", `${at}/ResultPath`);
  }
  for (const field of ['Parameters', 'ResultSelector', 'ItemSelector'] as const) {
    if (state[field] !== undefined) checkPayloadTemplate(check, state[field], `${at}/${field}`);
  }
  if (state.ResultSelector !== undefined && !isJsonObject(state.ResultSelector))
    check.schema("The field 'ResultSelector' must be a JSON object", `${at}/ResultSelector`);
}
