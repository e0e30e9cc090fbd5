/** JSON values as state machines see them: what a state receives, produces and passes on. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON values that still are exactly what a caller sent, with the text they sent. */
const originalTexts = new WeakMap<object, string>();

/**
 * Keep the text a value was parsed from: until a state builds a new value, Step Functions shows
 * the caller's text verbatim (an execution input `[1, 2]` stays `[1, 2]` in the history).
 */
export function rememberText(value: JsonValue, text: string): void {
  if (value !== null && typeof value === 'object') originalTexts.set(value, text);
}

/**
 * The value without the caller's text: what a JSONPath reference selects is written anew (as
 * recorded: `"fromInput.$": "$"` in an ItemSelector shows the input compacted).
 */
export function withoutOriginalText(value: JsonValue): JsonValue {
  return value !== null && typeof value === 'object' && originalTexts.has(value) ? structuredClone(value) : value;
}

/**
 * JSON text as Step Functions writes `input`/`output` in history events: compact JSON, in which a
 * value passed on unchanged keeps the caller's text (also inside a new array or object, as
 * recorded: a Parallel's output `[[1, 2, 3]]` from the input `[1, 2, 3]`). Fidelity gap: numbers
 * are JavaScript numbers, so `1.0` comes out as `1` and integers beyond 2^53 lose digits.
 */
export function toJsonText(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const original = originalTexts.get(value);
  if (original !== undefined) return original;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  return `{${Object.entries(value)
    .map(([key, member]) => `${JSON.stringify(key)}:${toJsonText(member)}`)
    .join(',')}}`;
}

export function jsonByteLength(value: JsonValue): number {
  return Buffer.byteLength(toJsonText(value), 'utf8');
}

export function deepEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => deepEqual(item, b[index] ?? null));
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && deepEqual(a[key] ?? null, b[key] ?? null));
  }
  return false;
}

/** What the JSON type of a value is called in messages (`object`, `array`, `string`, …). */
export function jsonTypeName(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Plain data from an engine (Dates, Buffers, undefined members) as JSON a state machine can hold.
 * `dates` says how the integration serialises timestamps.
 */
export function toStateJson(value: unknown, dates: 'epoch-millis' | 'iso'): JsonValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return dates === 'iso' ? value.toISOString() : value.getTime();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return value.map((item) => toStateJson(item, dates));
  if (typeof value === 'object') {
    const out: JsonObject = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) out[key] = toStateJson(member, dates);
    }
    return out;
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}
