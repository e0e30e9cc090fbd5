import { JSONPath } from 'jsonpath-plus';

/** A path that is not JSONPath (or uses what JSONPath does not have): the message says what to write. */
export class JsonPathError extends Error {}

export interface PathResult {
  /** Whether the path matched anything. */
  found: boolean;
  /** The single match of a definite path, or the array of matches of an indefinite one. */
  value: unknown;
}

const INDEFINITE = /\*|\.\.|\[\?|\[[^\]]*[,:][^\]]*\]/;

/**
 * Evaluates a JSONPath against a document. A definite path (`$.errors[0].field`) yields one
 * value; an indefinite one (`$.errors[*].field`, `$..id`) yields the list of matches.
 */
export function queryPath(document: unknown, path: string): PathResult {
  const trimmed = path.trim();
  if (!trimmed.startsWith('$'))
    throw new JsonPathError(`"${path}" is not a JSONPath: paths start with "$", e.g. $.status or $.errors[0].field.`);
  if (/\.length$/.test(trimmed)) {
    throw new JsonPathError(
      `"${path}": .length is not JSONPath. Check the list itself: "${trimmed.replace(/\.length$/, '')}" with <not empty>, <empty>, or a JSON array.`,
    );
  }
  let matches: unknown[];
  try {
    matches = JSONPath({ path: trimmed, json: document as object, wrap: true, eval: false }) as unknown[];
  } catch (error) {
    throw new JsonPathError(`"${path}" is not a valid JSONPath: ${(error as Error).message}`);
  }
  if (INDEFINITE.test(trimmed)) return { found: matches.length > 0, value: matches };
  return matches.length === 0 ? { found: false, value: undefined } : { found: true, value: matches[0] };
}
