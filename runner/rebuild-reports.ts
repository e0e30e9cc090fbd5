import fs from 'node:fs';
import { reportPaths } from './reports/report-paths';
import { copyRunInputs, stageReports, type ReportStaging } from './reports/report-publication';
import { acquireReportsLock, type ReportsLock } from './reports/reports-lock';
import { buildReports } from './reports/build-reports';
import { loadQualityGate } from './reports/quality-gate';
import { RunRecordError, readRunRecord } from './reports/run-record';
import { formatRunSummary } from './reports/run-summary';

export interface RebuildOptions {
  projectRoot: string;
  /** Absolute. */
  reportsDirectory: string;
  /** `--reports-dir` as given, for messages (undefined: the default). */
  givenReportsDir?: string;
  /** The command line, named by the reports lock. */
  command: string;
}

/**
 * `postflight report`: rebuilds the Allure report and the sign-off from the last run's results
 * (reports/run.json and reports/allure-results), e.g. after changing quality-gate.yml. Nothing is
 * executed. Returns 0 the gate passes, 1 it does not; nothing to rebuild from throws a RunRecordError,
 * a bad gate file or a locked reports directory a StartupError. Like a run, it holds the reports
 * directory's lock and replaces the reports whole, once they are rebuilt.
 */
export async function rebuildReports(options: RebuildOptions): Promise<number> {
  const { projectRoot, reportsDirectory } = options;
  let lock: ReportsLock | undefined;
  let staging: ReportStaging | undefined;
  try {
    if (options.givenReportsDir && fs.existsSync(reportsDirectory) && !fs.statSync(reportsDirectory).isDirectory()) {
      throw new RunRecordError(
        `--reports-dir ${options.givenReportsDir} is a file (${reportsDirectory}), not the folder a run wrote its reports to.`,
      );
    }
    const record = readRunRecord(reportsDirectory);
    const gate = loadQualityGate(projectRoot);
    lock = acquireReportsLock(reportsDirectory, { runId: record.runId, command: options.command });
    staging = stageReports(reportsDirectory, { projectRoot });
    copyRunInputs(reportsDirectory, staging);
    const outcome = await buildReports({ projectRoot, reportsDirectory: staging.directory, record, gate, rebuild: true });
    staging.publish();
    staging = undefined;
    process.stdout.write(`Reports rebuilt for run ${record.runId} (${record.environment.name}, finished ${record.finishedAt}).\n`);
    process.stdout.write(formatRunSummary({ ...outcome, paths: reportPaths(reportsDirectory) }));
    return outcome.exitCode;
  } finally {
    staging?.discard();
    lock?.release();
  }
}
