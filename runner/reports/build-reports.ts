import { linkTemplatesFromEnvironment, type LinkTemplates } from './allure-formatter';
import { allureHistoryFile } from './allure-report';
import { evaluateQualityGate, loadQualityGate, type GateEvaluation, type QualityGateConfig } from './quality-gate';
import { relativeLink, reportPaths, type ReportPaths } from './report-paths';
import { writeRunRecord, type RunRecord } from './run-record';
import { buildSignoffData, type SignoffData } from './signoff-data';
import { writeSignoffReport } from './signoff-report';
import type { ReportBuild, ReportLink } from './report-format';
import { REPORT_FORMATS } from './formats';

/**
 * Every report from one run's results, after cucumber has written its own (Allure results,
 * junit.xml, cucumber.ndjson): run.json, then each report format (formats/), then the sign-off,
 * which links them all. `postflight run` calls it after the scenarios; `postflight report` calls it
 * again on the stored run.json. All counts come from the same ScenarioResults, so every report
 * agrees with the others.
 */
export interface BuildReportsOptions {
  projectRoot: string;
  reportsDirectory: string;
  record: RunRecord;
  /** Loaded before the run, so that a bad gate file stops it early; default: loaded now. */
  gate?: QualityGateConfig;
  /** Default: POSTFLIGHT_ALLURE_HISTORY or .postflight/allure-history.jsonl. */
  historyFile?: string;
  /** Rebuilding an earlier run's reports: its Allure history entry is not added a second time. */
  rebuild?: boolean;
  links?: LinkTemplates;
  reportName?: string;
}

export interface ReportsOutcome {
  verdict: GateEvaluation['verdict'];
  /** What `postflight run` exits with: 0 the gate passed (GO), 1 it did not (NO-GO). */
  exitCode: 0 | 1;
  evaluation: GateEvaluation;
  signoff: SignoffData;
  paths: ReportPaths;
  /** Which reports exist after the build: each format by its id, the sign-off and run.json. */
  written: Record<string, boolean>;
  problems: string[];
}

export async function buildReports(options: BuildReportsOptions): Promise<ReportsOutcome> {
  const paths = reportPaths(options.reportsDirectory);
  const record = options.record;
  writeRunRecord(paths.directory, record);
  const evaluation = evaluateQualityGate(record.results, options.gate ?? loadQualityGate(options.projectRoot), record.interruption, record.merged);
  const build: ReportBuild = {
    paths,
    record,
    links: options.links ?? linkTemplatesFromEnvironment(),
    historyFile: options.historyFile ?? allureHistoryFile(options.projectRoot),
    rebuild: Boolean(options.rebuild),
    reportName: options.reportName,
    problems: [],
    scenarioLinks: new Map(),
  };
  const written: Record<string, boolean> = {};
  const links: ReportLink[] = [];
  for (const format of REPORT_FORMATS) {
    written[format.id] = await format.build(build);
    links.push(...format.links(paths, written[format.id] ?? false));
  }
  links.push(
    { label: 'Run record', file: paths.runRecord, description: 'the run and its scenario results, from which `postflight report` rebuilds the reports' },
    { label: 'Sign-off data', file: paths.signoffJson, description: 'this report as JSON' },
    { label: 'Sign-off (Markdown)', file: paths.signoffMarkdown, description: 'this report as Markdown' },
  );
  const evidence = links.map((link) => ({ label: link.label, href: `${relativeLink(paths.signoff, link.file)}${link.folder ? '/' : ''}`, description: link.description }));
  const signoff = buildSignoffData({ record, evaluation, allureLinks: build.scenarioLinks, evidence, links: build.links, problems: build.problems });
  writeSignoffReport(paths, signoff);
  return {
    verdict: evaluation.verdict,
    exitCode: evaluation.verdict === 'GO' ? 0 : 1,
    evaluation,
    signoff,
    paths,
    written: { ...written, signoff: true, runRecord: true },
    problems: build.problems,
  };
}
