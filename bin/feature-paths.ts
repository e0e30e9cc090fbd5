import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from '../model/startup-error';

const GLOB_CHARACTERS = /[*?[\]{}]/;

/**
 * Feature paths given on the command line, resolved from the current folder (as cucumber and
 * every command-line tool do) into absolute paths cucumber accepts. A path that matches no
 * feature file stops the command (exit 2), saying where it was looked for.
 *
 * Forms: a `.feature` file, `file.feature:12` (the scenario at line 12), a folder (every feature
 * under it), a glob (`features/**\/ingest-*.feature`).
 */
export function resolveFeaturePaths(paths: string[], projectRoot: string, cwd = process.cwd()): string[] {
  return paths.map((given) => {
    const [, file = given, lines = ''] = /^(.*?)((?::\d+)*)$/.exec(given) ?? [];
    const absolute = path.resolve(cwd, file);
    if (fs.existsSync(absolute)) {
      checkExisting(given, absolute);
    } else if (GLOB_CHARACTERS.test(file)) {
      if (!fs.globSync(file, { cwd }).some(isFeatureFile))
        throw noMatch(given, `no .feature file matches it from ${cwd}`, projectRoot, cwd);
    } else {
      throw noMatch(given, `${absolute} does not exist`, projectRoot, cwd);
    }
    return `${absolute}${lines}`;
  });
}

function checkExisting(given: string, absolute: string): void {
  if (fs.statSync(absolute).isDirectory()) {
    if (!fs.globSync('**/*.feature', { cwd: absolute }).length) {
      throw new StartupError(
        `The feature path ${given} (${absolute}) holds no .feature file.`,
        'Give a folder with feature files, or a .feature file.',
      );
    }
  } else if (!isFeatureFile(absolute)) {
    throw new StartupError(
      `The feature path ${given} is not a feature file: feature files end in .feature.`,
      'Give .feature files or folders holding them.',
    );
  }
}

function isFeatureFile(file: string): boolean {
  return /\.feature(\.md)?$/.test(file);
}

function noMatch(given: string, why: string, projectRoot: string, cwd: string): StartupError {
  const fromRoot = path.resolve(projectRoot, given.replace(/(?::\d+)+$/, ''));
  const suggestion =
    projectRoot !== cwd && fs.existsSync(fromRoot) ? ` From here, the project's ${given} is ${path.relative(cwd, fromRoot) || '.'}.` : '';
  return new StartupError(
    `The feature path ${given} matches nothing: ${why}. Feature paths are relative to the current folder (${cwd}).${suggestion}`,
    "Check the path (`postflight list` shows what a run would execute); leave the paths out to run the profile's features.",
  );
}
