import { JSONPath } from 'jsonpath-plus';
import { isJsonObject, jsonTypeName, type JsonValue } from './json';

/**
 * JSONPath as Step Functions applies it. Definite paths (`$.a.b`, `$['a'][0]`) are walked here so
 * that a missing node fails with the messages Step Functions (Jayway JsonPath) gives; any other
 * path (wildcards, filters, slices, recursive descent) goes to jsonpath-plus and yields the list
 * of matches, as Jayway does for indefinite paths.
 */
export type PathSegment = { kind: 'property'; name: string } | { kind: 'index'; index: number };

/** A path that could not be followed; `message` is the Jayway-style detail. */
export class PathNotFound extends Error {}

/** Segments of a definite path, or undefined when the path is indefinite or malformed. */
export function parseDefinitePath(path: string): PathSegment[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const segments: PathSegment[] = [];
  let at = 1;
  while (at < path.length) {
    const char = path[at];
    if (char === '.') {
      if (path[at + 1] === '.') return undefined;
      let end = at + 1;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') end += 1;
      const name = path.slice(at + 1, end);
      if (name === '' || name === '*') return undefined;
      segments.push({ kind: 'property', name });
      at = end;
    } else if (char === '[') {
      const close = bracketEnd(path, at);
      if (close < 0) return undefined;
      const inner = path.slice(at + 1, close).trim();
      const quoted = /^'((?:[^'\\]|\\.)*)'$/.exec(inner) ?? /^"((?:[^"\\]|\\.)*)"$/.exec(inner);
      if (quoted) segments.push({ kind: 'property', name: unescapeQuoted(quoted[1] ?? '', inner[0] ?? "'") });
      else if (/^\d+$/.test(inner)) segments.push({ kind: 'index', index: Number(inner) });
      else return undefined;
      at = close + 1;
    } else {
      return undefined;
    }
  }
  return segments;
}

/**
 * A quoted name as Jayway reads it: only the quote character itself is escaped (`\'` in
 * `['…']`); any other backslash is part of the name (recorded: `$['Test\""Name"']` names the key
 * `Test\""Name"`).
 */
function unescapeQuoted(name: string, quote: string): string {
  return name.split(`\\${quote}`).join(quote);
}

function bracketEnd(path: string, open: number): number {
  let quote: string | undefined;
  for (let at = open + 1; at < path.length; at += 1) {
    const char = path[at];
    if (quote) {
      if (char === '\\') at += 1;
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === ']') return at;
  }
  return -1;
}

/** Whether `path` is a Path Step Functions accepts (definite or not). */
export function isValidPath(path: unknown): path is string {
  if (typeof path !== 'string' || !path.startsWith('$')) return false;
  if (parseDefinitePath(path)) return true;
  try {
    JSONPath({ path, json: {}, wrap: true });
    return true;
  } catch {
    return false;
  }
}

/** Whether `path` is a Reference Path: it can only identify a single node. */
export function isReferencePath(path: unknown): path is string {
  return typeof path === 'string' && parseDefinitePath(path) !== undefined;
}

/** `$['a'][0]`: how Jayway writes a path in its messages. */
export function bracketNotation(segments: PathSegment[]): string {
  return '$' + segments.map((segment) => (segment.kind === 'property' ? `['${segment.name}']` : `[${segment.index}]`)).join('');
}

/**
 * The node(s) `path` selects in `document`: the node itself for a definite path, the list of
 * matches otherwise. Throws PathNotFound when a definite path leads nowhere.
 */
export function readPath(document: JsonValue, path: string): JsonValue {
  const segments = parseDefinitePath(path);
  if (!segments) return JSONPath({ path, json: document as never, wrap: true }) as JsonValue[];
  let node: JsonValue = document;
  for (const [at, segment] of segments.entries()) {
    const walked = bracketNotation(segments.slice(0, at));
    if (segment.kind === 'property') {
      if (!isJsonObject(node)) {
        throw new PathNotFound(
          `Expected to find an object with property ['${segment.name}'] in path ${walked} but found '${jsonTypeName(node)}'`,
        );
      }
      if (!(segment.name in node)) {
        throw new PathNotFound(
          at === segments.length - 1
            ? `No results for path: ${bracketNotation(segments)}`
            : `Missing property in path ${bracketNotation(segments.slice(0, at + 1))}`,
        );
      }
      node = node[segment.name] ?? null;
    } else {
      if (!Array.isArray(node)) {
        throw new PathNotFound(
          `Expected to find an array with index [${segment.index}] in path ${walked} but found '${jsonTypeName(node)}'`,
        );
      }
      if (segment.index >= node.length)
        throw new PathNotFound(`Index out of bounds when evaluating path ${bracketNotation(segments.slice(0, at + 1))}`);
      node = node[segment.index] ?? null;
    }
  }
  return node;
}

/** Whether a definite path leads to a node (used by `IsPresent`). */
export function pathExists(document: JsonValue, path: string): boolean {
  try {
    const found = readPath(document, path);
    return parseDefinitePath(path) !== undefined || (Array.isArray(found) && found.length > 0);
  } catch (error) {
    if (error instanceof PathNotFound) return false;
    throw error;
  }
}

/**
 * `ResultPath`: place `result` into (a copy of) the raw state input. `null` discards the result,
 * `$` replaces the input, deeper paths create the objects they need.
 */
export function applyResultPath(rawInput: JsonValue, resultPath: string | null | undefined, result: JsonValue): JsonValue {
  if (resultPath === null) return rawInput;
  if (resultPath === undefined || resultPath === '$') return result;
  const segments = parseDefinitePath(resultPath);
  if (!segments) throw new PathNotFound(`The ResultPath '${resultPath}' is not a reference path`);
  const root = structuredClone(rawInput);
  if (!isJsonObject(root) && !Array.isArray(root)) {
    throw new PathNotFound(`Unable to apply ResultPath '${resultPath}': the state input is not a JSON object but '${jsonTypeName(root)}'`);
  }
  let node: JsonValue = root;
  for (const [at, segment] of segments.entries()) {
    const last = at === segments.length - 1;
    const walked = bracketNotation(segments.slice(0, at));
    if (segment.kind === 'property') {
      if (!isJsonObject(node))
        throw new PathNotFound(`Unable to apply ResultPath '${resultPath}': ${walked} is not a JSON object but '${jsonTypeName(node)}'`);
      if (last) node[segment.name] = result;
      else {
        if (!(segment.name in node) || node[segment.name] === null) node[segment.name] = {};
        node = node[segment.name] ?? null;
      }
    } else {
      if (!Array.isArray(node) || segment.index >= node.length) {
        throw new PathNotFound(`Unable to apply ResultPath '${resultPath}': ${bracketNotation(segments.slice(0, at + 1))} does not exist`);
      }
      if (last) node[segment.index] = result;
      else node = node[segment.index] ?? null;
    }
  }
  return root;
}
