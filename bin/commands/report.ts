import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../project-root';
import { DEFAULT_REPORTS_DIRECTORY } from '../../support/reports/report-paths';
import { buildReports } from '../../support/reports/build-reports';
import { QualityGateError, loadQualityGate } from '../../support/reports/quality-gate';
import { RunRecordError, readRunRecord } from '../../support/reports/run-record';
import { formatRunSummary } from '../../support/reports/run-summary';

/**
 * `postflight report`: rebuilds the Allure report and the sign-off from the last run's results
 * (reports/run.json and reports/allure-results), e.g. after changing quality-gate.yml. Nothing is
 * executed. Exit 0 the gate passes, 1 it does not, 2 there is nothing to rebuild from.
 */
export async function reportCommand(options: { reportsDir?: string } = {}): Promise<number> {
  const reportsDirectory = path.resolve(options.reportsDir ?? path.join(PROJECT_ROOT, DEFAULT_REPORTS_DIRECTORY));
  try {
    if (options.reportsDir && fs.existsSync(reportsDirectory) && !fs.statSync(reportsDirectory).isDirectory()) {
      throw new RunRecordError(
        `--reports-dir ${options.reportsDir} is a file (${reportsDirectory}), not the folder a run wrote its reports to.`,
      );
    }
    const record = readRunRecord(reportsDirectory);
    const gate = loadQualityGate(PROJECT_ROOT);
    const outcome = await buildReports({ projectRoot: PROJECT_ROOT, reportsDirectory, record, gate, rebuild: true });
    process.stdout.write(`Reports rebuilt for run ${record.runId} (${record.environment.name}, finished ${record.finishedAt}).\n`);
    process.stdout.write(formatRunSummary(outcome));
    return outcome.exitCode;
  } catch (error) {
    if (error instanceof RunRecordError || error instanceof QualityGateError) {
      process.stderr.write(
        `\npostflight report: ${error.message}\n${error instanceof QualityGateError && error.hint ? `What to do: ${error.hint}\n` : ''}\n`,
      );
      return 2;
    }
    throw error;
  }
}
