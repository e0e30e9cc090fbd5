import fs from 'node:fs';
import path from 'node:path';

/** Where reports go unless `--reports-dir` says otherwise (relative to the project root). */
export const DEFAULT_REPORTS_DIRECTORY = 'reports';

/** Where each report lives under reports/ (PRODUCT.md "Reports"). */
export interface ReportPaths {
  directory: string;
  allureResults: string;
  /** The Allure formatter's file target (cucumber needs one; the results go to allureResults). */
  allureOut: string;
  allureReport: string;
  allureIndex: string;
  junit: string;
  messages: string;
  runRecord: string;
  signoff: string;
  signoffJson: string;
  signoffMarkdown: string;
  signoffHtml: string;
}

export function reportPaths(reportsDirectory: string): ReportPaths {
  const directory = path.resolve(reportsDirectory);
  const signoff = path.join(directory, 'signoff');
  const allureReport = path.join(directory, 'allure-report');
  return {
    directory,
    allureResults: path.join(directory, 'allure-results'),
    allureOut: path.join(directory, 'allure.out'),
    allureReport,
    allureIndex: path.join(allureReport, 'index.html'),
    junit: path.join(directory, 'junit.xml'),
    messages: path.join(directory, 'cucumber.ndjson'),
    runRecord: path.join(directory, 'run.json'),
    signoff,
    signoffJson: path.join(signoff, 'signoff.json'),
    signoffMarkdown: path.join(signoff, 'signoff.md'),
    signoffHtml: path.join(signoff, 'index.html'),
  };
}

/**
 * Removes the previous run's outputs before a run: the Allure reporter adds result files to its
 * directory and never clears it, so stale results would be counted again. Screenshots and other
 * files under reports/ are left alone.
 */
export function clearReportOutputs(reportsDirectory: string): void {
  const paths = reportPaths(reportsDirectory);
  for (const target of [paths.allureResults, paths.allureReport, paths.signoff, paths.allureOut, paths.junit, paths.messages, paths.runRecord]) {
    fs.rmSync(target, { recursive: true, force: true });
  }
  fs.mkdirSync(paths.allureResults, { recursive: true });
}
