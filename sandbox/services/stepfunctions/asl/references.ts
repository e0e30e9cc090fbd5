import { RuntimeFailure } from './failures';
import { withoutOriginalText, type JsonValue } from './json';
import { PathNotFound, readPath } from './paths';
import type { VariableScope } from './variables';

/**
 * What a JSONPath reference can read: `$…` the data at hand (the state input, a task result, …),
 * `$$…` the context object, `$name…` a workflow variable.
 */
export interface DataSources {
  data: JsonValue;
  context: JsonValue;
  variables?: VariableScope;
}

const VARIABLE_REFERENCE = /^\$([A-Za-z_][A-Za-z0-9_]*)(.*)$/s;

/** A variable that no state has assigned (in this scope or an outer one). */
export class VariableNotFound extends RuntimeFailure {
  constructor(readonly variable: string) {
    super(`The variable '${variable}' is not defined.`);
  }
}

/** The variable a reference names, if it is a variable reference (`$x`, `$x.a[0]`). */
export function variableOf(path: string): { name: string; rest: string } | undefined {
  if (path.startsWith('$$')) return undefined;
  const match = VARIABLE_REFERENCE.exec(path);
  if (!match) return undefined;
  const rest = match[2] ?? '';
  if (rest !== '' && !rest.startsWith('.') && !rest.startsWith('[')) return undefined;
  return { name: match[1] ?? '', rest };
}

/** The node a reference selects; throws PathNotFound or VariableNotFound. */
export function readReference(path: string, sources: DataSources): JsonValue {
  return withoutOriginalText(select(path, sources));
}

function select(path: string, sources: DataSources): JsonValue {
  if (path.startsWith('$$')) return readPath(sources.context, path.slice(1));
  const variable = variableOf(path);
  if (variable) {
    if (!sources.variables?.has(variable.name)) throw new VariableNotFound(variable.name);
    return readPath(sources.variables.get(variable.name) ?? null, `$${variable.rest}`);
  }
  return readPath(sources.data, path);
}

/** Whether a reference leads to a node (`IsPresent`). */
export function referenceExists(path: string, sources: DataSources): boolean {
  try {
    const found = readReference(path, sources);
    return !isIndefinite(path) || (Array.isArray(found) && found.length > 0);
  } catch (error) {
    if (error instanceof PathNotFound || error instanceof VariableNotFound) return false;
    throw error;
  }
}

function isIndefinite(path: string): boolean {
  return /\*|\.\.|\?\(|\[[^\]]*[:,][^\]]*\]/.test(path);
}
