import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import { environmentSchema } from '../../model/environment/schema';
import type { LoadedEnvironment } from '../../model/environment/environment';
import { StartupError } from '../../model/startup-error';

/** A problem with the environment the run was asked to use: the run cannot start (exit 2). */
export class EnvironmentError extends Error {}

/** `--env qa` → environments/qa.yml; `--env ./path/to/file.yml` → that file. */
export function environmentFile(nameOrPath: string, projectRoot: string): string {
  if (/[\\/]|\.ya?ml$/i.test(nameOrPath)) return path.resolve(nameOrPath);
  return path.join(projectRoot, 'environments', `${nameOrPath}.yml`);
}

export function loadEnvironment(nameOrPath: string, projectRoot: string): LoadedEnvironment {
  const file = environmentFile(nameOrPath, projectRoot);
  if (!fs.existsSync(file)) {
    const known = listEnvironments(projectRoot);
    throw new EnvironmentError(
      `Unknown environment "${nameOrPath}": ${file} does not exist. Known environments: ${known.join(', ') || 'none'} ` +
        '(or pass a path to an environment file).',
    );
  }
  if (!fs.statSync(file).isFile()) {
    throw new EnvironmentError(
      `--env ${nameOrPath}: ${file} is a folder; give an environment file (.yml) or the name of one in environments/.`,
    );
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new EnvironmentError(`${relative(file)} cannot be read: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = YAML.parse(text);
  } catch (error) {
    throw new EnvironmentError(`${relative(file)} is not valid YAML: ${(error as Error).message}`);
  }
  if (document !== null && document !== undefined && (typeof document !== 'object' || Array.isArray(document))) {
    throw new EnvironmentError(
      `${relative(file)} is not an environment file: it holds ${Array.isArray(document) ? 'a list' : `the value ${JSON.stringify(document)}`}, not fields such as name, account, region, resources.`,
    );
  }
  const parsed = environmentSchema.safeParse(document ?? {});
  if (!parsed.success) throw new EnvironmentError(describeIssues(relative(file), parsed.error.issues, document ?? {}));
  return { ...parsed.data, file };
}

/** The environment a command was given, loaded and validated; a bad one stops the command (exit 2). */
export function loadRunEnvironment(nameOrPath: string, projectRoot: string): LoadedEnvironment {
  try {
    return loadEnvironment(nameOrPath, projectRoot);
  } catch (error) {
    if (error instanceof EnvironmentError) throw new StartupError(error.message, undefined, { cause: error });
    throw error;
  }
}

export function listEnvironments(projectRoot: string): string[] {
  const directory = path.join(projectRoot, 'environments');
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory)
    .filter((name) => name.endsWith('.yml'))
    .map((name) => name.slice(0, -4))
    .sort();
}

/** One line per problem: the file, the field, what was expected, what was found. */
function describeIssues(file: string, issues: z.core.$ZodIssue[], document: unknown): string {
  const lines = issues.map((issue) => {
    const field = issue.path.length ? issue.path.join('.') : '(top level)';
    if (issue.code === 'unrecognized_keys') {
      const known = fieldsAt(issue.path);
      const unknown = issue.keys.map((key) => {
        const near = closestName(key, known);
        return `"${key}"${near ? ` (did you mean "${near}"?)` : ''}`;
      });
      return `  - ${field === '(top level)' ? '' : `${field}: `}unknown field(s) ${unknown.join(', ')}; the fields here: ${known.join(', ')}`;
    }
    if (issue.code === 'invalid_type') {
      const found = valueAt(document, issue.path);
      if (found === undefined) return `  - ${field}: missing (required): expected ${issue.expected}`;
      if (issue.expected === 'string' && typeof found === 'number') {
        return `  - ${field}: expected string, found the number ${found}: YAML reads unquoted digits as a number (dropping leading zeros) — write the value in quotes`;
      }
    }
    return `  - ${field}: ${issue.message}`;
  });
  return `${file} is not a valid environment file:\n${lines.join('\n')}\nSee README "Environments" for the expected fields.`;
}

function valueAt(document: unknown, fieldPath: PropertyKey[]): unknown {
  let value = document;
  for (const key of fieldPath) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/** The fields the schema allows in the object at this path (for "did you mean"). */
function fieldsAt(fieldPath: PropertyKey[]): string[] {
  let schema: z.ZodType | undefined = unwrap(environmentSchema);
  for (const key of fieldPath) {
    const def = schema?._zod.def as
      { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; valueType?: z.ZodType } | undefined;
    const next =
      def?.type === 'object'
        ? def.shape?.[String(key)]
        : def?.type === 'array'
          ? def.element
          : def?.type === 'record'
            ? def.valueType
            : undefined;
    schema = next && unwrap(next);
  }
  const def = schema?._zod.def as { type: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

/** Through optional, default and transform wrappers to the schema that describes the value. */
function unwrap(schema: z.ZodType): z.ZodType {
  const def = schema._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  return schema;
}

/** The known name one or two edits away from a misspelt one (`resource` → `resources`). */
function closestName(name: string, known: string[]): string | undefined {
  if (!known.length) return undefined;
  const near = closest(name, known);
  return distance(name, near) <= 2 ? near : undefined;
}

function relative(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
