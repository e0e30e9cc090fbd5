import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { StartupError } from '../model/startup-error';
import { tagExpressionProblem } from '../model/tag-expression';
import { parseShard, type ShardSpec } from '../model/shard';

/**
 * Command-line values checked where they are read, so that a bad one stops the command before
 * anything starts (exit 2), with what was wrong and what to write instead.
 */

/** `--port`: 0 (any free port) to 65535. */
export function portNumber(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65535)
    throw new InvalidArgumentError('a port is a whole number from 1 to 65535 (or 0 for any free port).');
  return port;
}

/** `--parallel`: at least one worker; leave the option out for a serial run. */
export function workerCount(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value.trim()) || count < 1)
    throw new InvalidArgumentError(
      'the number of worker processes is a whole number of at least 1 (leave --parallel out to run serially).',
    );
  return count;
}

/** `--shard I/N`: the I-th of N parts of the selection. */
export function shardOption(value: string): ShardSpec {
  const shard = parseShard(value);
  if ('problem' in shard) throw new InvalidArgumentError(shard.problem);
  return shard;
}

/** `--tags`: a cucumber tag expression, checked before anything starts. */
export function tagExpression(value: string): string {
  const problem = tagExpressionProblem(value);
  if (problem) throw new InvalidArgumentError(problem);
  return value;
}

/**
 * `--reports-dir`: a folder, or a path where one can be created. Checked before the run starts,
 * so that a run never executes only to find it cannot write its reports.
 */
export function checkReportsDirectory(given: string, directory: string): void {
  let existing = directory;
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  if (!fs.statSync(existing).isDirectory()) {
    throw new StartupError(
      existing === directory
        ? `--reports-dir ${given} is a file (${directory}), not a folder.`
        : `--reports-dir ${given} cannot be created: ${existing} is a file, not a folder.`,
      'Give a folder for the reports (it is created when missing), e.g. --reports-dir reports/qa.',
    );
  }
  try {
    fs.accessSync(existing, fs.constants.W_OK);
  } catch {
    throw new StartupError(
      `--reports-dir ${given}: ${existing} is not writable by this user.`,
      'Give a folder you can write to, or change its permissions.',
    );
  }
}
