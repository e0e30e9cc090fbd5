import { createHash, randomUUID } from 'node:crypto';
import jsonata from 'jsonata';
import { isJsonObject, jsonTypeName, toJsonText, type JsonObject, type JsonValue } from './json';
import { arrayRange, HASH_ALGORITHMS, partition, seededRandom } from './intrinsics';

/**
 * JSONata as Step Functions evaluates it: a string value `{% expression %}` is an expression,
 * evaluated by the jsonata package at the 2.0.x specification AWS documents, with `$states`
 * (`input`, `result`, `errorOutput`, `context`) and the workflow variables bound, and with the
 * functions AWS adds ($partition, $range, $hash, $random, $uuid, $parse). `$eval` is unavailable.
 * Any other value is a literal, and objects and arrays are templates whose members are evaluated.
 */
export interface StatesBinding {
  input: JsonValue;
  context: JsonValue;
  result?: JsonValue;
  errorOutput?: JsonValue;
}

/**
 * A JSONata state could not evaluate what it needs: `location` names the field (`Output/result`),
 * when the failure is in one, and `detail` says why.
 */
export class EvaluationError extends Error {
  constructor(
    readonly location: string | undefined,
    readonly detail: string,
  ) {
    super(detail);
  }
}

const EXPRESSION = /^\{%(.*)%\}$/s;

export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && EXPRESSION.test(value);
}

/** The expression inside `{% … %}`, trimmed as AWS shows it in messages. */
export function expressionText(value: string): string {
  return (EXPRESSION.exec(value)?.[1] ?? '').trim();
}

/** Whether a field value contains an expression anywhere (for validation). */
export function containsExpression(value: JsonValue | undefined): boolean {
  if (isExpression(value)) return true;
  if (Array.isArray(value)) return value.some(containsExpression);
  if (isJsonObject(value)) return Object.values(value).some(containsExpression);
  return false;
}

const compiled = new Map<string, jsonata.Expression>();

/** Parse an expression (cached); throws the jsonata syntax error. */
export function compileExpression(text: string): jsonata.Expression {
  let expression = compiled.get(text);
  if (!expression) {
    expression = jsonata(text);
    registerAwsFunctions(expression);
    compiled.set(text, expression);
  }
  return expression;
}

/** Evaluate a field value: an expression, a template of nested values, or a literal. */
export async function evaluateField(
  value: JsonValue,
  states: StatesBinding,
  variables: Record<string, JsonValue>,
  location: string,
): Promise<JsonValue> {
  if (isExpression(value)) return evaluateExpression(value, states, variables, location);
  if (Array.isArray(value)) {
    const out: JsonValue[] = [];
    for (const [index, item] of value.entries()) out.push(await evaluateField(item, states, variables, `${location}[${index}]`));
    return out;
  }
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [key, member] of Object.entries(value)) out[key] = await evaluateField(member, states, variables, `${location}/${key}`);
    return out;
  }
  return value;
}

export async function evaluateExpression(
  value: string,
  states: StatesBinding,
  variables: Record<string, JsonValue>,
  location: string,
): Promise<JsonValue> {
  const text = expressionText(value);
  const prefix = `The JSONata expression '${text}' specified for the field '${location}'`;
  let result: unknown;
  try {
    result = await compileExpression(text).evaluate(undefined, { ...variables, states: statesValue(states) });
  } catch (error) {
    throw new EvaluationError(location, `${prefix} threw an error during evaluation: ${describeJsonataError(error)}`);
  }
  if (result === undefined) throw new EvaluationError(location, `${prefix} returned nothing (undefined).`);
  const json = toPlainJson(result);
  if (json === undefined) throw new EvaluationError(location, `${prefix} returned an unsupported result type.`);
  return json;
}

/** Check a value's JSON type after evaluation (`Items` must be an array, …). */
export function expectType(value: JsonValue, expected: 'array' | 'number' | 'string' | 'object', field: string, location: string): void {
  const actual = jsonTypeName(value);
  if (actual === expected || (expected === 'number' && typeof value === 'number')) return;
  const shown = typeof value === 'string' ? JSON.stringify(value) : toJsonText(value);
  throw new EvaluationError(
    location,
    `The JSONata expression '${field}' specified for the field '${location}' returned an unexpected result type. Expected '${expected}', but was '${actual}' for value: ${shown}`,
  );
}

function statesValue(states: StatesBinding): JsonObject {
  return {
    input: states.input,
    context: states.context,
    ...(states.result !== undefined ? { result: states.result } : {}),
    ...(states.errorOutput !== undefined ? { errorOutput: states.errorOutput } : {}),
  };
}

function describeJsonataError(error: unknown): string {
  const failure = error as { message?: string; code?: string; position?: number };
  return failure.message ?? String(error);
}

/** JSONata values as JSON: sequences become arrays, functions have no JSON form (undefined). */
function toPlainJson(value: unknown): JsonValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'function') return undefined;
  if (Array.isArray(value)) {
    const out: JsonValue[] = [];
    for (const item of value) {
      const json = toPlainJson(item);
      if (json === undefined) {
        if (typeof item === 'function') return undefined;
        continue;
      }
      out.push(json);
    }
    return out;
  }
  if (typeof value === 'object') {
    if ((value as { _jsonata_lambda?: boolean })._jsonata_lambda || (value as { _jsonata_function?: boolean })._jsonata_function)
      return undefined;
    const out: JsonObject = {};
    for (const [key, member] of Object.entries(value)) {
      const json = toPlainJson(member);
      if (json !== undefined) out[key] = json;
    }
    return out;
  }
  return undefined;
}

/** The functions Step Functions adds to JSONata (and the one it takes away). */
function registerAwsFunctions(expression: jsonata.Expression): void {
  expression.registerFunction(
    'partition',
    (array: unknown, size: unknown) => {
      if (!Array.isArray(array)) throw new Error('$partition expects an array as its first argument');
      if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0)
        throw new Error('$partition expects a positive integer as its chunk size');
      return partition(array as JsonValue[], size);
    },
    '<an:a>',
  );
  expression.registerFunction(
    'range',
    (start: number, end: number, step: number) => {
      if (![start, end, step].every((value) => Number.isInteger(value))) throw new Error('$range expects integer arguments');
      let out: number[];
      try {
        out = arrayRange(start, end, step);
      } catch (error) {
        throw new Error(`$range ${(error as Error).message}`, { cause: error });
      }
      // A JSONata sequence: one number comes out as that number, as recorded ($range(1, 9, 9) is 1).
      return Object.assign(out, { sequence: true });
    },
    '<nnn:a>',
  );
  expression.registerFunction(
    'hash',
    (data: unknown, algorithm: string) => {
      const name = HASH_ALGORITHMS[algorithm];
      if (!name) throw new Error(`$hash supports the algorithms ${Object.keys(HASH_ALGORITHMS).join(', ')}`);
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      return createHash(name).update(text, 'utf8').digest('hex');
    },
    '<x-s:s>',
  );
  expression.registerFunction('random', (seed?: number) => (seed === undefined ? Math.random() : seededRandom(seed)), '<n?:n>');
  expression.registerFunction('uuid', () => randomUUID(), '<:s>');
  expression.registerFunction(
    'parse',
    (text: string) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new Error(`$parse could not parse its argument as JSON: ${text}`);
      }
    },
    '<s:x>',
  );
  expression.registerFunction(
    'eval',
    () => {
      throw new Error('The function $eval is not supported by Step Functions');
    },
    '<x-o?:x>',
  );
}
