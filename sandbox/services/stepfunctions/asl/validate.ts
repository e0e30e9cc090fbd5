import { CHOICE_OPERATORS, operatorOf } from './choice-rules';
import type { ChoiceRule, StateMachineDefinition, StatesBlock } from './definition';
import { STATE_TYPES } from './definition';
import { IntrinsicError, isIntrinsicCall, parseIntrinsic, unknownFunctions } from './intrinsics';
import { isJsonObject, type JsonObject, type JsonValue } from './json';
import { isReferencePath, isValidPath } from './paths';
import { parseTimestamp } from './timestamps';
import { isSyncResource, resolveTaskResource } from '../integrations';

/**
 * Checks a definition before it is stored: the structure Step Functions requires (reported with
 * its diagnostic codes and messages, e.g. `MISSING_TRANSITION_TARGET: Missing 'Next' target: X at
 * /States/Y/Next`), and the features this interpreter cannot honour faithfully, refused with the
 * code `UNSUPPORTED_BY_SANDBOX` naming the feature and where it is used.
 *
 * Fidelity gap: the codes, the `<message> at <location>` form and the messages quoted from AWS
 * (required fields, unknown Type, missing Next target, unreachable state, RFC3339 timestamps,
 * invalid `.$` values, empty Branches, `.sync` in EXPRESS machines) follow AWS; the wording of
 * the other structural checks, and of INVALID_JSON_DESCRIPTION details, is the sandbox's own.
 */
export interface Diagnostic {
  code: string;
  message: string;
  location?: string;
}

export const UNSUPPORTED = 'UNSUPPORTED_BY_SANDBOX';

export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.code}: ${d.message}${d.location !== undefined ? ` at ${d.location}` : ''}`).join(', ');
}

const TOP_LEVEL_FIELDS = ['Comment', 'StartAt', 'States', 'TimeoutSeconds', 'Version', 'QueryLanguage'];
const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const FLOW = ['Next', 'End'];
const IO = ['InputPath', 'OutputPath'];
const RESULT = ['Parameters', 'ResultSelector', 'ResultPath', 'Retry', 'Catch'];
const STATE_FIELDS: Record<string, string[]> = {
  Pass: [...COMMON, ...FLOW, ...IO, 'Parameters', 'ResultPath', 'Result'],
  Task: [
    ...COMMON,
    ...FLOW,
    ...IO,
    ...RESULT,
    'Resource',
    'TimeoutSeconds',
    'TimeoutSecondsPath',
    'HeartbeatSeconds',
    'HeartbeatSecondsPath',
  ],
  Choice: [...COMMON, ...IO, 'Choices', 'Default'],
  Wait: [...COMMON, ...FLOW, ...IO, 'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'],
  Succeed: [...COMMON, ...IO],
  Fail: [...COMMON, 'Error', 'ErrorPath', 'Cause', 'CausePath'],
  Parallel: [...COMMON, ...FLOW, ...IO, ...RESULT, 'Branches'],
  Map: [
    ...COMMON,
    ...FLOW,
    ...IO,
    ...RESULT,
    'ItemProcessor',
    'Iterator',
    'ItemsPath',
    'ItemSelector',
    'MaxConcurrency',
    'MaxConcurrencyPath',
    'Label',
  ],
};

/** Fields that exist on AWS but that this interpreter does not implement. */
const UNSUPPORTED_FIELDS: Record<string, string> = {
  Assign: 'Variables (the Assign field)',
  Arguments: 'The JSONata field Arguments',
  Output: 'The JSONata field Output',
  Items: 'The JSONata field Items',
  Condition: 'The JSONata field Condition',
  Credentials: 'Cross-account task credentials (the Credentials field)',
  ItemReader: 'Distributed Map (the ItemReader field)',
  ItemBatcher: 'Distributed Map (the ItemBatcher field)',
  ResultWriter: 'Distributed Map (the ResultWriter field)',
  ToleratedFailureCount: 'Distributed Map (the ToleratedFailureCount field)',
  ToleratedFailureCountPath: 'Distributed Map (the ToleratedFailureCountPath field)',
  ToleratedFailurePercentage: 'Distributed Map (the ToleratedFailurePercentage field)',
  ToleratedFailurePercentagePath: 'Distributed Map (the ToleratedFailurePercentagePath field)',
};

export function validateDefinition(
  text: string,
  type: 'STANDARD' | 'EXPRESS' = 'STANDARD',
): { definition?: StateMachineDefinition; diagnostics: Diagnostic[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { diagnostics: [{ code: 'INVALID_JSON_DESCRIPTION', message: (error as Error).message }] };
  }
  if (!isJsonObject(parsed))
    return { diagnostics: [{ code: 'SCHEMA_VALIDATION_FAILED', message: 'Definition must be a valid JSON object' }] };
  const checker = new DefinitionChecker(type);
  checker.checkTopLevel(parsed);
  return {
    definition: checker.diagnostics.length === 0 ? (parsed as unknown as StateMachineDefinition) : undefined,
    diagnostics: checker.diagnostics,
  };
}

class DefinitionChecker {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly type: 'STANDARD' | 'EXPRESS') {}

  private schema(message: string, location: string): void {
    this.diagnostics.push({ code: 'SCHEMA_VALIDATION_FAILED', message, location });
  }

  private unsupported(message: string, location: string): void {
    this.diagnostics.push({ code: UNSUPPORTED, message: `${message} is not supported by the postflight sandbox`, location });
  }

  checkTopLevel(definition: JsonObject): void {
    this.checkQueryLanguage(definition.QueryLanguage, '/QueryLanguage');
    for (const key of Object.keys(definition)) {
      if (!TOP_LEVEL_FIELDS.includes(key)) this.schema(`The field '${key}' is not supported by Step Functions`, '/');
    }
    const missing = ['States', 'StartAt'].filter((key) => definition[key] === undefined);
    if (missing.length) {
      this.schema(`These fields are required: [${missing.join(', ')}]`, '/');
      return;
    }
    if (definition.TimeoutSeconds !== undefined && !isPositiveInteger(definition.TimeoutSeconds)) {
      this.schema("The field 'TimeoutSeconds' must be a positive integer", '/TimeoutSeconds');
    }
    this.checkBlock(definition, '');
  }

  private checkQueryLanguage(value: JsonValue | undefined, location: string): void {
    if (value === undefined || value === 'JSONPath') return;
    if (value === 'JSONata') this.unsupported("QueryLanguage 'JSONata' (this interpreter runs JSONPath state machines only)", location);
    else this.schema("The field 'QueryLanguage' should have one of these values: [JSONPath, JSONata]", location);
  }

  private checkBlock(block: JsonObject, prefix: string): void {
    if (typeof block.StartAt !== 'string') this.schema("The field 'StartAt' must be a string", `${prefix}/StartAt`);
    if (!isJsonObject(block.States) || Object.keys(block.States).length === 0) {
      this.schema("The field 'States' must be a non-empty object", `${prefix}/States`);
      return;
    }
    const states = block.States;
    if (typeof block.StartAt === 'string' && !(block.StartAt in states)) {
      this.diagnostics.push({
        code: 'MISSING_TRANSITION_TARGET',
        message: `Missing 'Next' target: ${block.StartAt}`,
        location: `${prefix}/StartAt`,
      });
    }
    for (const [name, state] of Object.entries(states)) this.checkState(name, state, states, `${prefix}/States/${name}`);
    this.checkReachability(block as unknown as StatesBlock, prefix);
  }

  private checkReachability(block: StatesBlock, prefix: string): void {
    const reached = new Set<string>();
    const pending = [block.StartAt];
    while (pending.length) {
      const name = pending.pop()!;
      const state = block.States[name];
      if (reached.has(name) || !isJsonObject(state as unknown as JsonValue)) continue;
      reached.add(name);
      const targets = [
        state.Next,
        state.Default,
        ...(state.Choices ?? []).map((rule) => rule?.Next),
        ...(state.Catch ?? []).map((catcher) => catcher?.Next),
      ];
      for (const target of targets) if (typeof target === 'string') pending.push(target);
    }
    for (const name of Object.keys(block.States)) {
      if (!reached.has(name))
        this.diagnostics.push({
          code: 'MISSING_TRANSITION_TARGET',
          message: `State "${name}" is not reachable.`,
          location: `${prefix}/States/${name}`,
        });
    }
    const terminal = Object.values(block.States).some(
      (state) => state?.End === true || state?.Type === 'Succeed' || state?.Type === 'Fail',
    );
    if (!terminal) this.diagnostics.push({ code: 'MISSING_END_STATE', message: 'Workflow has no terminal state', location: prefix || '/' });
  }

  private checkState(name: string, state: JsonValue, siblings: JsonObject, at: string): void {
    if (!isJsonObject(state)) {
      this.schema('A state must be a JSON object', at);
      return;
    }
    if (name.length > 80)
      this.diagnostics.push({ code: 'INVALID_STATE_NAME', message: `State name '${name}' is longer than 80 characters`, location: at });
    if (state.Type === undefined) {
      this.schema('These fields are required: [Type]', at);
      return;
    }
    if (!STATE_TYPES.includes(state.Type as never)) {
      this.schema(`The field 'Type' should have one of these values: [${STATE_TYPES.join(', ')}]`, `${at}/Type`);
      return;
    }
    const type = state.Type as string;
    this.checkQueryLanguage(state.QueryLanguage, `${at}/QueryLanguage`);
    for (const key of Object.keys(state)) {
      if (UNSUPPORTED_FIELDS[key]) this.unsupported(UNSUPPORTED_FIELDS[key], `${at}/${key}`);
      else if (!STATE_FIELDS[type].includes(key)) this.schema(`The field '${key}' is not supported by Step Functions`, at);
    }
    if (STATE_FIELDS[type].includes('Next')) this.checkTransition(state, siblings, at);
    for (const field of ['InputPath', 'OutputPath', 'ItemsPath'] as const) {
      if (state[field] !== undefined && state[field] !== null && !isValidPath(state[field]))
        this.schema(`The value for the field '${field}' must be a valid JSONPath`, `${at}/${field}`);
    }
    if (state.ResultPath !== undefined && state.ResultPath !== null && !isReferencePath(state.ResultPath)) {
      this.schema("The value for the field 'ResultPath' must be a valid JSONPath", `${at}/ResultPath`);
    }
    for (const field of ['Parameters', 'ResultSelector', 'ItemSelector'] as const) {
      if (state[field] !== undefined) this.checkPayloadTemplate(state[field], `${at}/${field}`);
    }
    if (state.ResultSelector !== undefined && !isJsonObject(state.ResultSelector))
      this.schema("The field 'ResultSelector' must be a JSON object", `${at}/ResultSelector`);
    if (state.Retry !== undefined) this.checkRetry(state.Retry, `${at}/Retry`);
    if (state.Catch !== undefined) this.checkCatch(state.Catch, siblings, `${at}/Catch`);
    switch (type) {
      case 'Task':
        return this.checkTask(state, at);
      case 'Choice':
        return this.checkChoice(state, siblings, at);
      case 'Wait':
        return this.checkWait(state, at);
      case 'Fail':
        return this.checkFail(state, at);
      case 'Parallel':
        return this.checkParallel(state, at);
      case 'Map':
        return this.checkMap(state, at);
    }
  }

  private checkTransition(state: JsonObject, siblings: JsonObject, at: string): void {
    const hasNext = state.Next !== undefined;
    const ends = state.End === true;
    if (hasNext && ends) this.schema("Only one of the fields 'Next' and 'End' may be specified", at);
    else if (!hasNext && !ends) this.schema("One of the fields 'Next' or 'End: true' must be specified", at);
    if (hasNext) this.checkTarget(state.Next, siblings, `${at}/Next`);
  }

  private checkTarget(target: JsonValue | undefined, siblings: JsonObject, location: string): void {
    if (typeof target !== 'string' || !(target in siblings)) {
      this.diagnostics.push({
        code: 'MISSING_TRANSITION_TARGET',
        message: `Missing 'Next' target: ${typeof target === 'string' ? target : JSON.stringify(target)}`,
        location,
      });
    }
  }

  private checkPayloadTemplate(template: JsonValue, location: string): void {
    if (Array.isArray(template)) {
      template.forEach((item) => this.checkPayloadTemplate(item, location));
      return;
    }
    if (!isJsonObject(template)) return;
    for (const [key, value] of Object.entries(template)) {
      if (key.endsWith('.$')) {
        if (!isDynamicValue(value))
          this.schema(`The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`, location);
      } else this.checkPayloadTemplate(value, location);
    }
  }

  private checkErrorEquals(errorEquals: JsonValue | undefined, location: string): void {
    if (!Array.isArray(errorEquals) || errorEquals.length === 0 || errorEquals.some((name) => typeof name !== 'string')) {
      this.schema("The field 'ErrorEquals' must be a non-empty array of error names", location);
    } else if (errorEquals.includes('States.ALL') && errorEquals.length > 1) {
      this.schema("'States.ALL' must be the only error name in 'ErrorEquals'", location);
    }
  }

  private checkRetry(retry: JsonValue, at: string): void {
    if (!Array.isArray(retry)) return this.schema("The field 'Retry' must be an array", at);
    retry.forEach((retrier, index) => {
      const location = `${at}[${index}]`;
      if (!isJsonObject(retrier)) return this.schema('A retrier must be a JSON object', location);
      this.checkErrorEquals(retrier.ErrorEquals, `${location}/ErrorEquals`);
      if (Array.isArray(retrier.ErrorEquals) && retrier.ErrorEquals.includes('States.ALL') && index !== retry.length - 1) {
        this.schema("A retrier with 'States.ALL' must be the last retrier", location);
      }
      for (const key of Object.keys(retrier)) {
        if (
          !['ErrorEquals', 'IntervalSeconds', 'MaxAttempts', 'BackoffRate', 'MaxDelaySeconds', 'JitterStrategy', 'Comment'].includes(key)
        ) {
          this.schema(`The field '${key}' is not supported by Step Functions`, location);
        }
      }
      if (retrier.IntervalSeconds !== undefined && !isPositiveInteger(retrier.IntervalSeconds))
        this.schema("The field 'IntervalSeconds' must be a positive integer", `${location}/IntervalSeconds`);
      if (retrier.MaxAttempts !== undefined && !(Number.isInteger(retrier.MaxAttempts) && (retrier.MaxAttempts as number) >= 0))
        this.schema("The field 'MaxAttempts' must be a non-negative integer", `${location}/MaxAttempts`);
      if (retrier.BackoffRate !== undefined && !(typeof retrier.BackoffRate === 'number' && retrier.BackoffRate >= 1))
        this.schema("The field 'BackoffRate' must be a number greater than or equal to 1.0", `${location}/BackoffRate`);
      if (retrier.MaxDelaySeconds !== undefined && !isPositiveInteger(retrier.MaxDelaySeconds))
        this.schema("The field 'MaxDelaySeconds' must be a positive integer", `${location}/MaxDelaySeconds`);
      if (retrier.JitterStrategy !== undefined && !['FULL', 'NONE'].includes(retrier.JitterStrategy as string))
        this.schema("The field 'JitterStrategy' should have one of these values: [FULL, NONE]", `${location}/JitterStrategy`);
    });
  }

  private checkCatch(catchers: JsonValue, siblings: JsonObject, at: string): void {
    if (!Array.isArray(catchers)) return this.schema("The field 'Catch' must be an array", at);
    catchers.forEach((catcher, index) => {
      const location = `${at}[${index}]`;
      if (!isJsonObject(catcher)) return this.schema('A catcher must be a JSON object', location);
      this.checkErrorEquals(catcher.ErrorEquals, `${location}/ErrorEquals`);
      if (catcher.Next === undefined) this.schema('These fields are required: [Next]', location);
      else this.checkTarget(catcher.Next, siblings, `${location}/Next`);
      if (catcher.ResultPath !== undefined && catcher.ResultPath !== null && !isReferencePath(catcher.ResultPath)) {
        this.schema("The value for the field 'ResultPath' must be a valid JSONPath", `${location}/ResultPath`);
      }
      for (const key of Object.keys(catcher)) {
        if (UNSUPPORTED_FIELDS[key]) this.unsupported(UNSUPPORTED_FIELDS[key], `${location}/${key}`);
        else if (!['ErrorEquals', 'Next', 'ResultPath', 'Comment'].includes(key))
          this.schema(`The field '${key}' is not supported by Step Functions`, location);
      }
    });
  }

  private checkTask(state: JsonObject, at: string): void {
    if (typeof state.Resource !== 'string') return this.schema('These fields are required: [Resource]', at);
    const resolved = resolveTaskResource(state.Resource);
    if ('refusal' in resolved) this.diagnostics.push({ code: UNSUPPORTED, message: resolved.refusal, location: `${at}/Resource` });
    else if (this.type === 'EXPRESS' && isSyncResource(state.Resource))
      this.schema("Express state machine does not support '.sync' service integration", `${at}/Resource`);
    this.checkSeconds(state, 'Timeout', at);
    this.checkSeconds(state, 'Heartbeat', at);
    if (
      typeof state.TimeoutSeconds === 'number' &&
      typeof state.HeartbeatSeconds === 'number' &&
      state.HeartbeatSeconds >= state.TimeoutSeconds
    ) {
      this.schema("The field 'HeartbeatSeconds' must be smaller than 'TimeoutSeconds'", `${at}/HeartbeatSeconds`);
    }
  }

  private checkSeconds(state: JsonObject, field: 'Timeout' | 'Heartbeat', at: string): void {
    const fixed = state[`${field}Seconds`];
    const path = state[`${field}SecondsPath`];
    if (fixed !== undefined && path !== undefined)
      this.schema(`Only one of the fields '${field}Seconds' and '${field}SecondsPath' may be specified`, at);
    if (fixed !== undefined && !isPositiveInteger(fixed))
      this.schema(`The field '${field}Seconds' must be a positive integer`, `${at}/${field}Seconds`);
    if (path !== undefined && !isReferencePath(path))
      this.schema(`The value for the field '${field}SecondsPath' must be a valid JSONPath`, `${at}/${field}SecondsPath`);
  }

  private checkChoice(state: JsonObject, siblings: JsonObject, at: string): void {
    if (!Array.isArray(state.Choices) || state.Choices.length === 0)
      return this.schema("The field 'Choices' must be a non-empty array", `${at}/Choices`);
    state.Choices.forEach((rule, index) => {
      const location = `${at}/Choices[${index}]`;
      if (!isJsonObject(rule)) return this.schema('A choice rule must be a JSON object', location);
      if (rule.Next === undefined) this.schema('These fields are required: [Next]', location);
      else this.checkTarget(rule.Next, siblings, `${location}/Next`);
      this.checkRule(rule, location, true);
    });
    if (state.Default !== undefined) this.checkTarget(state.Default, siblings, `${at}/Default`);
  }

  private checkRule(rule: JsonObject, at: string, topLevel: boolean): void {
    const combinators = ['And', 'Or', 'Not'].filter((key) => rule[key] !== undefined);
    const operator = operatorOf(rule as ChoiceRule);
    for (const key of Object.keys(rule)) {
      if (UNSUPPORTED_FIELDS[key]) this.unsupported(UNSUPPORTED_FIELDS[key], `${at}/${key}`);
      else if (!['Variable', 'And', 'Or', 'Not', 'Comment', ...(topLevel ? ['Next'] : []), ...CHOICE_OPERATORS].includes(key)) {
        this.schema(`The field '${key}' is not supported by Step Functions`, at);
      }
    }
    if (combinators.length + (operator ? 1 : 0) !== 1)
      return this.schema('A choice rule must have exactly one comparison operator or one of And, Or, Not', at);
    if (rule.And !== undefined || rule.Or !== undefined) {
      const inner = (rule.And ?? rule.Or) as JsonValue;
      if (!Array.isArray(inner) || inner.length === 0)
        return this.schema(`The field '${rule.And ? 'And' : 'Or'}' must be a non-empty array`, at);
      inner.forEach((item, index) =>
        isJsonObject(item)
          ? this.checkRule(item, `${at}/${rule.And ? 'And' : 'Or'}[${index}]`, false)
          : this.schema('A choice rule must be a JSON object', at),
      );
      return;
    }
    if (rule.Not !== undefined) {
      if (isJsonObject(rule.Not)) this.checkRule(rule.Not, `${at}/Not`, false);
      else this.schema("The field 'Not' must be a JSON object", at);
      return;
    }
    if (!isValidPath(rule.Variable)) this.schema('These fields are required: [Variable]', at);
    const operand = rule[operator!];
    const valid = operator!.endsWith('Path')
      ? isValidPath(operand)
      : operator!.startsWith('Is')
        ? typeof operand === 'boolean'
        : operator!.startsWith('String')
          ? typeof operand === 'string'
          : operator!.startsWith('Numeric')
            ? typeof operand === 'number'
            : operator!.startsWith('Boolean')
              ? typeof operand === 'boolean'
              : parseTimestamp(operand) !== undefined;
    if (!valid) this.schema(`The value of the field '${operator}' has an invalid type or format`, `${at}/${operator}`);
  }

  private checkWait(state: JsonObject, at: string): void {
    const given = ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'].filter((key) => state[key] !== undefined);
    if (given.length !== 1)
      return this.schema("Exactly one of the fields 'Seconds', 'SecondsPath', 'Timestamp' or 'TimestampPath' must be specified", at);
    if (state.Seconds !== undefined && !(Number.isInteger(state.Seconds) && (state.Seconds as number) >= 0))
      this.schema("The field 'Seconds' must be a non-negative integer", `${at}/Seconds`);
    if (state.Timestamp !== undefined && parseTimestamp(state.Timestamp) === undefined)
      this.schema('String does not match RFC3339 timestamp', `${at}/Timestamp`);
    for (const field of ['SecondsPath', 'TimestampPath']) {
      if (state[field] !== undefined && !isReferencePath(state[field]))
        this.schema(`The value for the field '${field}' must be a valid JSONPath`, `${at}/${field}`);
    }
  }

  private checkFail(state: JsonObject, at: string): void {
    for (const [fixed, path] of [
      ['Error', 'ErrorPath'],
      ['Cause', 'CausePath'],
    ]) {
      if (state[fixed] !== undefined && state[path] !== undefined)
        this.schema(`Only one of the fields '${fixed}' and '${path}' may be specified`, at);
      if (state[fixed] !== undefined && typeof state[fixed] !== 'string')
        this.schema(`The field '${fixed}' must be a string`, `${at}/${fixed}`);
      if (state[path] !== undefined && !isDynamicValue(state[path]))
        this.schema(`The value for the field '${path}' must be a valid JSONPath or a valid intrinsic function call`, `${at}/${path}`);
    }
  }

  private checkParallel(state: JsonObject, at: string): void {
    if (!Array.isArray(state.Branches) || state.Branches.length === 0) return this.schema('Value cannot be empty', `${at}/Branches`);
    state.Branches.forEach((branch, index) => this.checkNestedBlock(branch, `${at}/Branches[${index}]`));
  }

  private checkMap(state: JsonObject, at: string): void {
    const processors = ['ItemProcessor', 'Iterator'].filter((key) => state[key] !== undefined);
    if (processors.length !== 1) return this.schema("Exactly one of the fields 'ItemProcessor' or 'Iterator' must be specified", at);
    const field = processors[0];
    const processor = state[field];
    if (state.ItemSelector !== undefined && state.Parameters !== undefined)
      this.schema("Only one of the fields 'ItemSelector' and 'Parameters' may be specified", at);
    if (state.MaxConcurrency !== undefined && !(Number.isInteger(state.MaxConcurrency) && (state.MaxConcurrency as number) >= 0))
      this.schema("The field 'MaxConcurrency' must be a non-negative integer", `${at}/MaxConcurrency`);
    if (state.MaxConcurrencyPath !== undefined && !isReferencePath(state.MaxConcurrencyPath))
      this.schema("The value for the field 'MaxConcurrencyPath' must be a valid JSONPath", `${at}/MaxConcurrencyPath`);
    if (isJsonObject(processor) && isJsonObject(processor.ProcessorConfig)) {
      const mode = processor.ProcessorConfig.Mode;
      if (mode === 'DISTRIBUTED')
        this.unsupported("Distributed Map (ProcessorConfig Mode 'DISTRIBUTED')", `${at}/${field}/ProcessorConfig/Mode`);
      else if (mode !== undefined && mode !== 'INLINE')
        this.schema("The field 'Mode' should have one of these values: [INLINE, DISTRIBUTED]", `${at}/${field}/ProcessorConfig/Mode`);
    }
    this.checkNestedBlock(processor, `${at}/${field}`, ['ProcessorConfig']);
  }

  private checkNestedBlock(block: JsonValue | undefined, at: string, extraFields: string[] = []): void {
    if (!isJsonObject(block)) return this.schema('A branch must be a JSON object', at);
    for (const key of Object.keys(block)) {
      if (!['StartAt', 'States', 'Comment', ...extraFields].includes(key))
        this.schema(`The field '${key}' is not supported by Step Functions`, at);
    }
    const missing = ['States', 'StartAt'].filter((key) => block[key] === undefined);
    if (missing.length) return this.schema(`These fields are required: [${missing.join(', ')}]`, at);
    this.checkBlock(block, at);
  }
}

function isPositiveInteger(value: JsonValue | undefined): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/** A `.$` value: a path (`$…`, `$$…`) or an intrinsic function call naming known functions. */
function isDynamicValue(value: JsonValue | undefined): boolean {
  if (typeof value !== 'string') return false;
  if (isIntrinsicCall(value)) {
    try {
      return unknownFunctions(parseIntrinsic(value)).length === 0;
    } catch (error) {
      if (error instanceof IntrinsicError) return false;
      throw error;
    }
  }
  return value.startsWith('$$') ? isValidPath(value.slice(1)) : isValidPath(value);
}
