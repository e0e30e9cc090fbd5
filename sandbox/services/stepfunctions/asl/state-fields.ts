import type { StateDefinition } from './definition';
import { isJsonObject, type JsonObject, type JsonValue } from './json';
import { evaluateField, expectType, expressionText, isExpression, EvaluationError, type StatesBinding } from './jsonata';
import { applyOutputPath, applyResult } from './input-output';
import { evaluatePayloadTemplate } from './payload-template';
import type { DataSources } from './references';
import { contextObject, type QueryLanguage, type StateContext, type StateOutcome } from './runtime';
import { VariableScope } from './variables';

/**
 * What every state type needs to read its fields in either query language: which language the
 * state speaks, the sources its JSONPath references read, the `$states` binding of its JSONata
 * expressions, and the evaluation of `Assign`.
 */
export function languageOf(definition: StateDefinition, context: Pick<StateContext, 'frame'>): QueryLanguage {
  const language = definition.QueryLanguage ?? context.frame.queryLanguage;
  return language === 'JSONata' ? 'JSONata' : 'JSONPath';
}

export function isJsonata(context: StateContext): boolean {
  return languageOf(context.definition, context) === 'JSONata';
}

export function variablesOf(context: Pick<StateContext, 'frame'>): VariableScope {
  context.frame.variables ??= VariableScope.root();
  return context.frame.variables;
}

/** JSONPath: `$` is `data`, `$$` the context object, `$name` a variable. */
export function sourcesOf(context: StateContext, data: JsonValue): DataSources {
  return { data, context: contextObject(context.frame, context.run), variables: variablesOf(context) };
}

/** JSONata: `$states` for this state, with what its field may see besides input and context. */
export function statesOf(context: StateContext, extra: Omit<StatesBinding, 'input' | 'context'> = {}): StatesBinding {
  return { input: context.input, context: contextObject(context.frame, context.run), ...extra };
}

/** A JSONata field (a template with `{% %}` expressions, or an expression). */
export function evaluateJsonata(context: StateContext, value: JsonValue, location: string, states: StatesBinding): Promise<JsonValue> {
  return evaluateField(value, states, variablesOf(context).all(), location);
}

/** A JSONata field that must evaluate to a given JSON type (`Items`, `MaxConcurrency`, …). */
export async function evaluateTyped(
  context: StateContext,
  value: JsonValue,
  location: string,
  states: StatesBinding,
  expected: 'array' | 'number' | 'string',
): Promise<JsonValue> {
  const result = await evaluateJsonata(context, value, location, states);
  if (isExpression(value)) expectType(result, expected, expressionText(value), location);
  return result;
}

/**
 * `Assign`, in the state's language: JSONata values are templates seeing `$states`; JSONPath
 * values are payload templates whose `$` is `data` (the state's result, or its input where it has
 * none). Variables are read as they were when the state was entered.
 */
export async function evaluateAssign(
  context: StateContext,
  assign: JsonObject | undefined,
  jsonata: { states: StatesBinding } | { data: JsonValue },
): Promise<JsonObject | undefined> {
  if (assign === undefined) return undefined;
  const values =
    'states' in jsonata
      ? await evaluateJsonata(context, assign, 'Assign', jsonata.states)
      : evaluatePayloadTemplate(assign, sourcesOf(context, jsonata.data));
  if (!isJsonObject(values)) throw new EvaluationError('Assign', 'The Assign field must be a JSON object.');
  return values;
}

/**
 * Task, Parallel and Map: Assign and the output from the state's result. JSONPath: Assign sees the
 * raw result, then ResultSelector, ResultPath and OutputPath; JSONata: Output (default: the result).
 */
export async function shapeResult(context: StateContext, result: JsonValue): Promise<Omit<StateOutcome, 'next'>> {
  const { definition, input } = context;
  if (isJsonata(context)) {
    const states = statesOf(context, { result });
    const assigned = await evaluateAssign(context, definition.Assign, { states });
    const output = definition.Output !== undefined ? await evaluateJsonata(context, definition.Output, 'Output', states) : result;
    return { output, assigned };
  }
  const assigned = await evaluateAssign(context, definition.Assign, { data: result });
  const selected = definition.ResultSelector ? evaluatePayloadTemplate(definition.ResultSelector, sourcesOf(context, result)) : result;
  return {
    output: applyOutputPath(definition.OutputPath, sourcesOf(context, applyResult(input, definition.ResultPath, selected))),
    assigned,
  };
}

/**
 * A value written in the state's language: JSONata (a template with `{% %}` expressions seeing
 * `$states`), or a JSONPath payload template over the state's effective input (ItemReader and
 * ResultWriter requests, an ItemBatcher's BatchInput).
 */
export async function evaluateInLanguage(
  context: StateContext,
  value: JsonValue,
  location: string,
  effective: JsonValue,
): Promise<JsonValue> {
  return isJsonata(context)
    ? evaluateJsonata(context, value, location, statesOf(context))
    : evaluatePayloadTemplate(value, sourcesOf(context, effective));
}
