import { createHash, randomUUID } from 'node:crypto';
import { IntrinsicError, parseIntrinsic, type IntrinsicArgument, type IntrinsicCall } from './intrinsic-parser';
import { deepEqual, isJsonObject, jsonTypeName, toJsonText, type JsonObject, type JsonValue } from './json';
import { readReference, type DataSources } from './references';

export { IntrinsicError, isIntrinsicCall, parseIntrinsic } from './intrinsic-parser';

/**
 * Intrinsic functions evaluated against the state input (`$…` arguments) and the context object
 * (`$$…`): States.Format, StringToJson, JsonToString, Array*, Base64*, Hash, JsonMerge,
 * MathRandom, MathAdd, StringSplit, UUID.
 */
type IntrinsicImplementation = (args: JsonValue[], raw: IntrinsicArgument[]) => JsonValue;

export function evaluateIntrinsic(text: string, sources: DataSources): JsonValue {
  return evaluateCall(parseIntrinsic(text), sources);
}

function evaluateCall(call: IntrinsicCall, sources: DataSources): JsonValue {
  const implementation = FUNCTIONS[call.name];
  if (!implementation) throw new IntrinsicError(`The intrinsic function States.${call.name} does not exist`);
  const args = call.args.map((arg) => evaluateArgument(arg, sources));
  return implementation(args, call.args);
}

function evaluateArgument(arg: IntrinsicArgument, sources: DataSources): JsonValue {
  switch (arg.kind) {
    case 'string':
      return unescape(arg.raw);
    case 'number':
    case 'literal':
      return arg.value;
    case 'path':
      return readReference(arg.path, sources);
    case 'call':
      return evaluateCall(arg, sources);
  }
}

/** A backslash makes the next character literal: `\'`, `\\`, `\{`, `\}`. */
function unescape(raw: string): string {
  return raw.replace(/\\(.)/gs, '$1');
}

function expectCount(name: string, args: JsonValue[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw new IntrinsicError(`States.${name} expects ${expected} argument(s) but received ${args.length}`);
  }
}

function expectString(name: string, value: JsonValue | undefined, position: number): string {
  if (typeof value !== 'string')
    throw new IntrinsicError(`States.${name} expects argument ${position} to be a string but received ${jsonTypeName(value ?? null)}`);
  return value;
}

function expectArray(name: string, value: JsonValue | undefined, position: number): JsonValue[] {
  if (!Array.isArray(value))
    throw new IntrinsicError(`States.${name} expects argument ${position} to be an array but received ${jsonTypeName(value ?? null)}`);
  return value;
}

function expectInteger(name: string, value: JsonValue | undefined, position: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new IntrinsicError(`States.${name} expects argument ${position} to be an integer but received ${toJsonText(value ?? null)}`);
  }
  return value;
}

/**
 * How States.Format writes a value, as recorded on AWS: strings as they are, objects and arrays
 * the way Java prints maps and lists (`{Id=arn…, Name=x}`, `[1, 2]`).
 */
function formatted(value: JsonValue): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(formatted).join(', ')}]`;
  if (isJsonObject(value)) {
    return `{${Object.entries(value)
      .map(([key, member]) => `${key}=${formatted(member)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/**
 * A number argument of a math function, rounded to an integer as AWS does (half up, like Java's
 * Math.round: 1.5 → 2, -1.5 → -1, as recorded for States.MathAdd).
 */
function expectRounded(name: string, value: JsonValue | undefined, position: number): number {
  if (typeof value !== 'number')
    throw new IntrinsicError(`States.${name} expects argument ${position} to be a number but received ${toJsonText(value ?? null)}`);
  return Math.round(value) + 0;
}

/** `{}` placeholders take the arguments in order; `\{` and `\}` are literal braces. */
function format(args: JsonValue[], raw: IntrinsicArgument[]): JsonValue {
  if (args.length < 1) throw new IntrinsicError('States.Format expects a template string as its first argument');
  const first = raw[0];
  const template = first?.kind === 'string' ? first.raw : expectString('Format', args[0], 1);
  const values = args.slice(1);
  let out = '';
  let used = 0;
  for (let at = 0; at < template.length; at += 1) {
    const char = template[at];
    if (char === '\\' && at + 1 < template.length) {
      out += template[at + 1];
      at += 1;
    } else if (char === '{' && template[at + 1] === '}') {
      if (used >= values.length) throw new IntrinsicError('States.Format has more placeholders than arguments');
      const value = values[used];
      out += formatted(value ?? null);
      used += 1;
      at += 1;
    } else {
      out += char;
    }
  }
  if (used !== values.length) throw new IntrinsicError('States.Format has more arguments than placeholders');
  return out;
}

export const HASH_ALGORITHMS: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/**
 * A small seeded generator so `States.MathRandom(a, b, seed)` repeats itself for one seed.
 * Fidelity gap: the numbers a given seed yields differ from AWS's.
 */
export function seededRandom(seed: number): number {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** first, first + step, … up to last (inclusive), at most 1000 numbers; a RangeError says why not. */
export function arrayRange(first: number, last: number, step: number): number[] {
  if (step === 0) throw new RangeError('expects a step other than 0');
  const out: number[] = [];
  for (let value = first; step > 0 ? value <= last : value >= last; value += step) {
    out.push(value);
    if (out.length > 1000) throw new RangeError('cannot produce more than 1000 items');
  }
  return out;
}

/** Consecutive chunks of `size` items (the last one may be shorter). */
export function partition(array: readonly JsonValue[], size: number): JsonValue[][] {
  const chunks: JsonValue[][] = [];
  for (let at = 0; at < array.length; at += size) chunks.push(array.slice(at, at + size));
  return chunks;
}

const FUNCTIONS: Record<string, IntrinsicImplementation> = {
  Format: format,
  StringToJson: (args) => {
    expectCount('StringToJson', args, 1);
    const text = expectString('StringToJson', args[0], 1);
    // As recorded: an empty or blank string is null.
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text) as JsonValue;
    } catch {
      throw new IntrinsicError(`States.StringToJson could not parse its argument as JSON: ${text}`);
    }
  },
  JsonToString: (args) => {
    expectCount('JsonToString', args, 1);
    return toJsonText(args[0] ?? null);
  },
  Array: (args) => [...args],
  ArrayPartition: (args) => {
    expectCount('ArrayPartition', args, 2);
    const array = expectArray('ArrayPartition', args[0], 1);
    const size = expectInteger('ArrayPartition', args[1], 2);
    if (size <= 0) throw new IntrinsicError('States.ArrayPartition expects a chunk size greater than 0');
    return partition(array, size);
  },
  ArrayContains: (args) => {
    expectCount('ArrayContains', args, 2);
    return expectArray('ArrayContains', args[0], 1).some((item) => deepEqual(item, args[1] ?? null));
  },
  ArrayRange: (args) => {
    expectCount('ArrayRange', args, 3);
    const [first = 0, last = 0, step = 0] = args.map((arg, index) => expectInteger('ArrayRange', arg, index + 1));
    try {
      return arrayRange(first, last, step);
    } catch (error) {
      if (error instanceof RangeError) throw new IntrinsicError(`States.ArrayRange ${error.message}`);
      throw error;
    }
  },
  ArrayGetItem: (args) => {
    expectCount('ArrayGetItem', args, 2);
    const array = expectArray('ArrayGetItem', args[0], 1);
    const index = expectInteger('ArrayGetItem', args[1], 2);
    if (index < 0 || index >= array.length)
      throw new IntrinsicError(`States.ArrayGetItem index ${index} is out of bounds for an array of ${array.length} items`);
    return array[index] ?? null;
  },
  ArrayLength: (args) => {
    expectCount('ArrayLength', args, 1);
    return expectArray('ArrayLength', args[0], 1).length;
  },
  ArrayUnique: (args) => {
    expectCount('ArrayUnique', args, 1);
    const unique: JsonValue[] = [];
    for (const item of expectArray('ArrayUnique', args[0], 1)) if (!unique.some((seen) => deepEqual(seen, item))) unique.push(item);
    return unique;
  },
  Base64Encode: (args) => {
    expectCount('Base64Encode', args, 1);
    return Buffer.from(expectString('Base64Encode', args[0], 1), 'utf8').toString('base64');
  },
  Base64Decode: (args) => {
    expectCount('Base64Decode', args, 1);
    const text = expectString('Base64Decode', args[0], 1);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new IntrinsicError('States.Base64Decode expects a base64 string');
    return Buffer.from(text, 'base64').toString('utf8');
  },
  Hash: (args) => {
    expectCount('Hash', args, 2);
    const data = typeof args[0] === 'string' ? args[0] : toJsonText(args[0] ?? null);
    const algorithm = HASH_ALGORITHMS[expectString('Hash', args[1], 2)];
    if (!algorithm) throw new IntrinsicError(`States.Hash supports the algorithms ${Object.keys(HASH_ALGORITHMS).join(', ')}`);
    return createHash(algorithm).update(data, 'utf8').digest('hex');
  },
  JsonMerge: (args) => {
    expectCount('JsonMerge', args, 3);
    const [left, right, deep] = args;
    if (!isJsonObject(left) || !isJsonObject(right)) throw new IntrinsicError('States.JsonMerge expects two JSON objects');
    if (deep !== false) throw new IntrinsicError('States.JsonMerge supports only a shallow merge: its third argument must be false');
    return { ...left, ...right } as JsonObject;
  },
  MathRandom: (args) => {
    expectCount('MathRandom', args, 2, 3);
    const start = expectRounded('MathRandom', args[0], 1);
    const end = expectRounded('MathRandom', args[1], 2);
    if (end <= start) throw new IntrinsicError('States.MathRandom expects its end to be greater than its start');
    const random = args.length === 3 ? seededRandom(expectInteger('MathRandom', args[2], 3)) : Math.random();
    return start + Math.floor(random * (end - start));
  },
  MathAdd: (args) => {
    expectCount('MathAdd', args, 2);
    return expectRounded('MathAdd', args[0], 1) + expectRounded('MathAdd', args[1], 2);
  },
  StringSplit: (args) => {
    expectCount('StringSplit', args, 2);
    const text = expectString('StringSplit', args[0], 1);
    const delimiters = new Set(expectString('StringSplit', args[1], 2));
    const parts: string[] = [];
    let current = '';
    for (const char of text) {
      if (delimiters.has(char)) {
        if (current) parts.push(current);
        current = '';
      } else current += char;
    }
    if (current) parts.push(current);
    return parts;
  },
  UUID: (args) => {
    expectCount('UUID', args, 0);
    return randomUUID();
  },
};

/** Every function a parsed call (and its nested calls) names, for validating a definition. */
export function unknownFunctions(call: IntrinsicCall): string[] {
  const own = FUNCTIONS[call.name] ? [] : [`States.${call.name}`];
  return [...own, ...call.args.flatMap((arg) => (arg.kind === 'call' ? unknownFunctions(arg) : []))];
}
