import { isDeepStrictEqual } from 'node:util';

/**
 * "contains": every key and element given must be present and equal; extra keys are allowed.
 * Arrays match element by element at the same positions (the expected array may be shorter).
 * Returns the paths where the actual document differs.
 */
export function partialMismatches(actual: unknown, expected: unknown, path = '$'): string[] {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
      return [`${path}: expected an object, actual ${describe(actual)}`];
    return Object.entries(expected).flatMap(([key, value]) =>
      key in (actual as object)
        ? partialMismatches((actual as Record<string, unknown>)[key], value, `${path}.${key}`)
        : [`${path}.${key}: missing (expected ${JSON.stringify(value)})`],
    );
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, actual ${describe(actual)}`];
    if (actual.length < expected.length) return [`${path}: expected at least ${expected.length} element(s), actual ${actual.length}`];
    return expected.flatMap((value, index) => partialMismatches(actual[index], value, `${path}[${index}]`));
  }
  return isDeepStrictEqual(actual, expected) ? [] : [`${path}: expected ${JSON.stringify(expected)}, actual ${describe(actual)}`];
}

function describe(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
