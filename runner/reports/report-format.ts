import type { LinkTemplates } from './allure-formatter';
import type { ReleaseIdentification } from './release-identification';
import type { ReportPaths } from './report-paths';
import type { RunRecord } from './run-record';

/**
 * A report format: one file in formats/ implementing this, one line in formats/index.ts. The run
 * gives it what it needs to write while the scenarios run (a cucumber formatter) and after them
 * (from the run's results, again on `postflight report`); it says which files it owns under the
 * reports directory (published whole with the others), and which of them a reader opens — the
 * sign-off's evidence list and the summary at the end of the run show those.
 */
export interface ReportFormat {
  /** Its key in the outcome's `written`. */
  id: string;
  /** Its files and folders under the reports directory: a run replaces exactly the reports' entries. */
  entries: readonly string[];
  /** Entries written while the scenarios run, kept for `postflight report` to rebuild from. */
  inputs?: readonly string[];
  /** Entries no reader needs (a formatter's required target), removed before the reports are published. */
  scratch?: readonly string[];
  /** The cucumber formatter that writes it while the scenarios run. */
  cucumber?(paths: ReportPaths, run: RunInfo): CucumberFormatter;
  /** After the scenarios: writes what it writes from the results; says whether it is there to read. */
  build(build: ReportBuild): Promise<boolean> | boolean;
  /** What a reader opens, given whether the build wrote it. */
  links(paths: ReportPaths, written: boolean): ReportLink[];
}

/** What a run is, for the formatters that write while it runs. */
export interface RunInfo {
  environment: { name: string; account: string; region: string };
  runId: string;
  identification: ReleaseIdentification;
}

export interface CucumberFormatter {
  /** A cucumber `format` entry: the formatter and its file target. */
  format: [formatter: string, target: string];
  /** Keys merged into the run's `formatOptions` (cucumber hands them to every formatter). */
  options?: Record<string, unknown>;
}

/** One build of the reports from a run's results, shared by the formats as they write. */
export interface ReportBuild {
  paths: ReportPaths;
  /** The run: written to run.json before the formats build, and again after (a format may add to it). */
  record: RunRecord;
  links: LinkTemplates;
  /** The Allure history file (JSON lines). */
  historyFile: string;
  /** Rebuilding an earlier run's reports (`postflight report`). */
  rebuild: boolean;
  reportName?: string;
  /** What went wrong while building, said under the summary and in the sign-off. */
  problems: string[];
  /** Scenario id → its page in a report, relative to the sign-off directory: the sign-off links each scenario there. */
  scenarioLinks: Map<string, string>;
}

export interface ReportLink {
  /** In the sign-off's evidence list. */
  label: string;
  /** Absolute path of the file (or folder) to open. */
  file: string;
  folder?: boolean;
  description: string;
  /** Its name in the list of reports at the end of a run (`JUnit`); not listed there without one. */
  console?: string;
}
