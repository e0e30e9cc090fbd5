import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from '../../model/startup-error';
import { reportPaths, SIGNOFF_DIRECTORY } from './report-paths';
import { RUN_RECORD_FILE } from './run-record';
import { REPORT_FORMATS } from './formats';

/**
 * Reports are written into a staging folder beside the reports directory (`.reports.partial-…`,
 * same file system) and moved into place whole when they are complete: a run that crashes or is
 * stopped leaves the previous reports as they were, never a mix of two runs or a half-written file.
 * Files of the user's own under reports/ (anything that is not a report) are carried over.
 */
export const REPORT_ENTRIES: readonly string[] = [RUN_RECORD_FILE, SIGNOFF_DIRECTORY, ...REPORT_FORMATS.flatMap((format) => format.entries)];

export interface ReportStaging {
  /** Where this run writes its reports until they are published. */
  directory: string;
  reportsDirectory: string;
  /** Moves the staged reports into place (the previous ones are replaced in one rename). */
  publish(): void;
  /** Removes the staged reports: the previous ones stay. */
  discard(): void;
}

export function stageReports(reportsDirectory: string, options: { projectRoot: string; cwd?: string }): ReportStaging {
  const target = path.resolve(reportsDirectory);
  checkReportsDirectory(target, options.projectRoot, options.cwd ?? process.cwd());
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  recoverUnfinishedPublication(target);
  const directory = siblingFolder(target, 'partial');
  fs.mkdirSync(reportPaths(directory).allureResults, { recursive: true });
  return {
    directory,
    reportsDirectory: target,
    publish: () => publish(directory, target),
    discard: () => fs.rmSync(directory, { recursive: true, force: true }),
  };
}

/** `postflight report`: the last run's results, copied into the staging folder the reports are rebuilt in. */
export function copyRunInputs(reportsDirectory: string, staging: ReportStaging): void {
  for (const entry of [RUN_RECORD_FILE, ...REPORT_FORMATS.flatMap((format) => format.inputs ?? [])]) {
    const source = path.join(reportsDirectory, entry);
    if (fs.existsSync(source)) fs.cpSync(source, path.join(staging.directory, entry), { recursive: true });
  }
}

/**
 * Removes a reports directory's reports before a run writes into it directly (the Allure reporter adds
 * result files to its directory and never clears it, so stale results would be counted again).
 * Screenshots and other files of the user's are left alone.
 */
export function clearReportOutputs(reportsDirectory: string): void {
  for (const entry of REPORT_ENTRIES) fs.rmSync(path.join(reportsDirectory, entry), { recursive: true, force: true });
  fs.mkdirSync(reportPaths(reportsDirectory).allureResults, { recursive: true });
}

function checkReportsDirectory(target: string, projectRoot: string, cwd: string): void {
  for (const [folder, what] of [
    [path.resolve(projectRoot), 'the project folder'],
    [path.resolve(cwd), 'the current folder'],
  ] as const) {
    if (folder === target || folder.startsWith(`${target}${path.sep}`)) {
      throw new StartupError(
        `--reports-dir ${target} ${folder === target ? `is ${what}` : `contains ${what} (${folder})`}: every run replaces its reports directory whole.`,
        'Give the reports a folder of their own, e.g. --reports-dir reports.',
      );
    }
  }
  if (fs.existsSync(target) && !fs.statSync(target).isDirectory()) {
    throw new StartupError(`--reports-dir ${target} is a file, not a folder.`, 'Name a folder (it is created when missing), e.g. --reports-dir reports.');
  }
}

function publish(staging: string, target: string): void {
  for (const entry of REPORT_FORMATS.flatMap((format) => format.scratch ?? [])) fs.rmSync(path.join(staging, entry), { recursive: true, force: true });
  if (!fs.existsSync(target)) {
    fs.renameSync(staging, target);
    return;
  }
  for (const entry of fs.readdirSync(target)) {
    if (!REPORT_ENTRIES.includes(entry) && !fs.existsSync(path.join(staging, entry))) fs.renameSync(path.join(target, entry), path.join(staging, entry));
  }
  const previous = siblingFolder(target, 'previous');
  fs.renameSync(target, path.join(previous, 'reports'));
  fs.renameSync(staging, target);
  fs.rmSync(previous, { recursive: true, force: true });
}

/** A new folder beside the reports directory (same file system, so renames are atomic), with the usual permissions. */
function siblingFolder(target: string, kind: 'partial' | 'previous'): string {
  const folder = path.join(path.dirname(target), `.${path.basename(target)}.${kind}-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(folder);
  return folder;
}

/**
 * A publication stopped between its two renames leaves no reports directory and the previous one
 * beside it: put it back. Staging folders of runs that crashed are removed. Called under the lock.
 */
function recoverUnfinishedPublication(target: string): void {
  const parent = path.dirname(target);
  const prefix = `.${path.basename(target)}.`;
  for (const entry of fs.readdirSync(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const full = path.join(parent, entry);
    if (entry.startsWith(`${prefix}previous-`)) {
      const kept = path.join(full, 'reports');
      if (!fs.existsSync(target) && fs.existsSync(kept)) fs.renameSync(kept, target);
      fs.rmSync(full, { recursive: true, force: true });
    } else if (entry.startsWith(`${prefix}partial-`)) {
      fs.rmSync(full, { recursive: true, force: true });
    }
  }
}
