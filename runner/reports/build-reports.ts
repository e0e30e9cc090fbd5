import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { linkTemplatesFromEnvironment, type LinkTemplates } from './allure-formatter';
import { AllureReportError, allureHistoryFile, generateAllureReport, type AllureReportOutcome } from './allure-report';
import { alignAllureResults } from './allure-results';
import { evaluateQualityGate, loadQualityGate, type GateEvaluation, type QualityGateConfig } from './quality-gate';
import { reportPaths, type ReportPaths } from './report-paths';
import { writeRunRecord, type RunRecord } from './run-record';
import { buildSignoffData, type EvidenceLink, type SignoffData } from './signoff-data';
import { writeSignoffReport } from './signoff-report';

/**
 * Every report from one run's results, after cucumber has written its own (Allure results,
 * junit.xml, cucumber.ndjson): run.json, the Allure report, the sign-off report. `postflight run`
 * calls it after the scenarios; `postflight report` calls it again on the stored run.json.
 * All counts come from the same ScenarioResults, so every report agrees with the others.
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
  /** Which reports exist after the build. */
  written: { allureReport: boolean; junit: boolean; messages: boolean; signoff: boolean; runRecord: boolean };
  problems: string[];
}

export async function buildReports(options: BuildReportsOptions): Promise<ReportsOutcome> {
  const paths = reportPaths(options.reportsDirectory);
  const record = options.record;
  const links = options.links ?? linkTemplatesFromEnvironment();
  const problems: string[] = [];
  writeRunRecord(paths.directory, record);

  const evaluation = evaluateQualityGate(record.results, options.gate ?? loadQualityGate(options.projectRoot), record.interruption);

  const alignment = alignAllureResults(paths.allureResults, record.results);
  if (alignment.scenariosWithoutResult.length) {
    problems.push(`${alignment.scenariosWithoutResult.length} scenario(s) have no Allure result (is support/cucumber/allure.ts loaded?): ${alignment.scenariosWithoutResult.slice(0, 5).join('; ')}`);
  }
  if (alignment.foreignResults.length) problems.push(`${alignment.foreignResults.length} Allure result(s) in ${paths.allureResults} belong to no scenario of this run.`);
  problems.push(...crossCheckJunit(paths.junit, record.results.length));

  let allure: AllureReportOutcome | undefined;
  try {
    allure = await generateAllureReport({
      resultsDirectory: paths.allureResults,
      outputDirectory: paths.allureReport,
      historyFile: options.historyFile ?? allureHistoryFile(options.projectRoot),
      replacesHistoryEntry: options.rebuild ? record.allureHistoryEntry : undefined,
      appendHistory: !record.interruption,
      // Inside the reports being built: a run stopped while Allure works leaves nothing elsewhere.
      scratchDirectory: paths.directory,
      reportName:
        options.reportName ??
        `postflight ${record.environment.name}${record.identification.release ? ` ${record.identification.release}` : ''}${record.interruption ? ' (INTERRUPTED)' : ''}`,
    });
    if (allure.historyEntry) {
      record.allureHistoryEntry = allure.historyEntry;
      writeRunRecord(paths.directory, record);
    }
  } catch (error) {
    if (!(error instanceof AllureReportError)) throw error;
    problems.push(`The Allure report could not be generated: ${error.message}`);
  }

  const allureLinks = new Map<string, string>();
  for (const [scenarioId, uuid] of alignment.resultUuidByScenario) {
    // The report's id for a result is the md5 of its uuid; link only ids the report really holds.
    const testId = createHash('md5').update(uuid).digest('hex');
    if (allure?.testIds.has(testId)) allureLinks.set(scenarioId, `${relativeLink(paths.signoff, paths.allureIndex)}#${testId}`);
  }

  const written = {
    allureReport: Boolean(allure),
    junit: fs.existsSync(paths.junit),
    messages: fs.existsSync(paths.messages),
    signoff: true,
    runRecord: true,
  };
  const signoff = buildSignoffData({ record, evaluation, allureLinks, evidence: evidenceLinks(paths, written), links, problems });
  writeSignoffReport(paths, signoff);
  return { verdict: evaluation.verdict, exitCode: evaluation.verdict === 'GO' ? 0 : 1, evaluation, signoff, paths, written, problems };
}

function evidenceLinks(paths: ReportPaths, written: ReportsOutcome['written']): EvidenceLink[] {
  const from = (target: string) => relativeLink(paths.signoff, target);
  const links: Array<EvidenceLink | false> = [
    written.allureReport && { label: 'Allure report', href: from(paths.allureIndex), description: 'every scenario with its steps and attached evidence, grouped by epic, feature and story, with history and trends' },
    { label: 'Allure results', href: `${from(paths.allureResults)}/`, description: 'the raw results the Allure report is generated from' },
    written.junit && { label: 'JUnit XML', href: from(paths.junit), description: 'the results as CodeBuild report groups read them' },
    written.messages && { label: 'Cucumber messages', href: from(paths.messages), description: 'the complete event stream of the run (NDJSON)' },
    { label: 'Run record', href: from(paths.runRecord), description: 'the run and its scenario results, from which `postflight report` rebuilds the reports' },
    { label: 'Sign-off data', href: from(paths.signoffJson), description: 'this report as JSON' },
    { label: 'Sign-off (Markdown)', href: from(paths.signoffMarkdown), description: 'this report as Markdown' },
  ];
  return links.filter((link): link is EvidenceLink => Boolean(link));
}

/** The JUnit file is written by cucumber, not from our results: say so when the two disagree. */
function crossCheckJunit(junitFile: string, scenarios: number): string[] {
  if (!fs.existsSync(junitFile)) return [];
  const tests = /<testsuite\b[^>]*\stests="(\d+)"/.exec(fs.readFileSync(junitFile, 'utf8'))?.[1];
  return tests !== undefined && Number(tests) !== scenarios ? [`junit.xml counts ${tests} tests, the run ${scenarios} scenarios.`] : [];
}

function relativeLink(fromDirectory: string, target: string): string {
  return path.relative(fromDirectory, target).split(path.sep).join('/');
}
