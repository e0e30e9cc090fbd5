import path from 'node:path';
import { RUN_RECORD_FILE } from './run-record';

/** Where reports go unless `--reports-dir` says otherwise (relative to the project root). */
export const DEFAULT_REPORTS_DIRECTORY = 'reports';

/** The sign-off report's folder under the reports directory. */
export const SIGNOFF_DIRECTORY = 'signoff';

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
  const signoff = path.join(directory, SIGNOFF_DIRECTORY);
  const allureReport = path.join(directory, 'allure-report');
  return {
    directory,
    allureResults: path.join(directory, 'allure-results'),
    allureOut: path.join(directory, 'allure.out'),
    allureReport,
    allureIndex: path.join(allureReport, 'index.html'),
    junit: path.join(directory, 'junit.xml'),
    messages: path.join(directory, 'cucumber.ndjson'),
    runRecord: path.join(directory, RUN_RECORD_FILE),
    signoff,
    signoffJson: path.join(signoff, 'signoff.json'),
    signoffMarkdown: path.join(signoff, 'signoff.md'),
    signoffHtml: path.join(signoff, 'index.html'),
  };
}

/** A link from one report to another (e.g. from the sign-off to the Allure report): relative, with forward slashes. */
export function relativeLink(fromDirectory: string, target: string): string {
  return path.relative(fromDirectory, target).split(path.sep).join('/');
}
