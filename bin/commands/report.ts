import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../project-root';
import { DEFAULT_REPORTS_DIRECTORY, reportPaths } from '../../support/reports/report-paths';
import { copyRunInputs, stageReports, type ReportStaging } from '../../support/reports/report-publication';
import { acquireReportsLock, type ReportsLock } from '../../support/run/reports-lock';
import { StartupError } from '../../support/run/startup-error';
import { buildReports } from '../../support/reports/build-reports';
import { loadQualityGate } from '../../support/reports/quality-gate';
import { RunRecordError, readRunRecord } from '../../support/reports/run-record';
import { formatRunSummary } from '../../support/reports/run-summary';

/**
 * `postflight report`: rebuilds the Allure report and the sign-off from the last run's results
 * (reports/run.json and reports/allure-results), e.g. after changing quality-gate.yml. Nothing is
 * executed. Exit 0 the gate passes, 1 it does not, 2 there is nothing to rebuild from. Like a run, it
 * holds the reports directory's lock and replaces the reports whole, once they are rebuilt.
 */
export async function reportCommand(options: { reportsDir?: string } = {}): Promise<number> {
  const reportsDirectory = path.resolve(options.reportsDir ?? path.join(PROJECT_ROOT, DEFAULT_REPORTS_DIRECTORY));
  let lock: ReportsLock | undefined;
  let staging: ReportStaging | undefined;
  try {
    if (options.reportsDir && fs.existsSync(reportsDirectory) && !fs.statSync(reportsDirectory).isDirectory()) {
      throw new RunRecordError(
        `--reports-dir ${options.reportsDir} is a file (${reportsDirectory}), not the folder a run wrote its reports to.`,
      );
    }
    const record = readRunRecord(reportsDirectory);
    const gate = loadQualityGate(PROJECT_ROOT);
    lock = acquireReportsLock(reportsDirectory, { runId: record.runId, command: `postflight ${process.argv.slice(2).join(' ')}` });
    staging = stageReports(reportsDirectory, { projectRoot: PROJECT_ROOT });
    copyRunInputs(reportsDirectory, staging);
    const outcome = await buildReports({ projectRoot: PROJECT_ROOT, reportsDirectory: staging.directory, record, gate, rebuild: true });
    staging.publish();
    staging = undefined;
    process.stdout.write(`Reports rebuilt for run ${record.runId} (${record.environment.name}, finished ${record.finishedAt}).\n`);
    process.stdout.write(formatRunSummary({ ...outcome, paths: reportPaths(reportsDirectory) }));
    return outcome.exitCode;
  } catch (error) {
    // Nothing to rebuild from, a bad gate file, a reports directory locked or unusable: exit 2.
    if (error instanceof RunRecordError || error instanceof StartupError) {
      process.stderr.write(
        `\npostflight report: ${error.message}\n${error instanceof StartupError && error.hint ? `What to do: ${error.hint}\n` : ''}\n`,
      );
      return 2;
    }
    throw error;
  } finally {
    staging?.discard();
    lock?.release();
  }
}
