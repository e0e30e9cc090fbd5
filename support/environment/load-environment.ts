import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { environmentSchema, type EnvironmentFile } from './schema';

/** A problem with the environment the run was asked to use: the run cannot start (exit 2). */
export class EnvironmentError extends Error {}

export interface LoadedEnvironment extends EnvironmentFile {
  /** Absolute path of the file it came from; relative paths inside it are relative to the project root. */
  file: string;
}

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
  let document: unknown;
  try {
    document = YAML.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new EnvironmentError(`${relative(file)} is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = environmentSchema.safeParse(document ?? {});
  if (!parsed.success) throw new EnvironmentError(describeIssues(relative(file), parsed.error.issues));
  return { ...parsed.data, file };
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
function describeIssues(file: string, issues: z.core.$ZodIssue[]): string {
  const lines = issues.map((issue) => {
    const field = issue.path.length ? issue.path.join('.') : '(top level)';
    if (issue.code === 'unrecognized_keys')
      return `  - ${field === '(top level)' ? '' : `${field}: `}unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    return `  - ${field}: ${issue.message}`;
  });
  return `${file} is not a valid environment file:\n${lines.join('\n')}\nSee README "Environments" for the expected fields.`;
}

function relative(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
