import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ScenarioResult } from '../../model/scenario-result';
import { FAILURE_CATEGORY_LABEL, KNOWN_ISSUE_LABEL, SCENARIO_ID_LABEL } from '../../model/allure-labels';
import { categorizeFailure } from './failure-category';
import { isNotPassed } from './result-counts';
import { knownIssuesOf } from './scenario-tags';

/**
 * Brings the Allure results in line with the run's own results, which are the reference:
 * - every result that did not pass gets its failure category (and known issue) as labels, which the
 *   report's categories are built from;
 * - allure-cucumberjs reports a scenario with an undefined or ambiguous step as passed and a pending
 *   one as skipped; they did not pass, so they become broken with the reason.
 * - a stack trace leaves the failure panel for an attachment ("Stack trace"); the panel keeps only
 *   the frames of the project's own step code, if any (the framework's frames explain nothing to a reader);
 * - a `@req=` / `@issue=` link without a URL template (nothing to link to) becomes a label.
 * Results are matched to scenarios by the pickle id label support/cucumber/allure.ts sets.
 * Safe to run again on the same results.
 */
export interface AllureAlignment {
  /** Scenario id → uuid of its Allure result (the last attempt when a scenario was retried). */
  resultUuidByScenario: Map<string, string>;
  /** Scenarios without an Allure result (e.g. the run's support code did not load allure.ts). */
  scenariosWithoutResult: string[];
  /** Allure result files no scenario of the run claims. */
  foreignResults: string[];
  /** Results whose status was corrected to agree with the run. */
  corrected: string[];
}

interface AllureLabel {
  name: string;
  value: string;
}

interface AllureStatusDetails {
  message?: string;
  trace?: string;
}

interface AllureStep {
  statusDetails?: AllureStatusDetails;
  steps?: AllureStep[];
}

interface AllureResultFile extends AllureStep {
  uuid: string;
  name?: string;
  status?: string;
  labels?: AllureLabel[];
  links?: Array<{ url: string; type?: string; name?: string }>;
  attachments?: Array<{ name: string; source: string; type: string }>;
  stop?: number;
}

export const STACK_TRACE_ATTACHMENT = 'Stack trace';
/** Frames of the framework: its own support code, libraries, Node's internals. */
const FRAMEWORK_FRAME = /node_modules|\(node:|at node:|[\\/]support[\\/]/;

const ADDED_LABELS = new Set([FAILURE_CATEGORY_LABEL, KNOWN_ISSUE_LABEL]);

export function alignAllureResults(resultsDirectory: string, results: readonly ScenarioResult[]): AllureAlignment {
  const scenarios = new Map(results.map((result) => [result.id, result]));
  const latest = new Map<string, { file: string; result: AllureResultFile }>();
  const foreignResults: string[] = [];
  for (const name of listResultFiles(resultsDirectory)) {
    const file = path.join(resultsDirectory, name);
    const result = JSON.parse(fs.readFileSync(file, 'utf8')) as AllureResultFile;
    const scenarioId = result.labels?.find((label) => label.name === SCENARIO_ID_LABEL)?.value;
    if (!scenarioId || !scenarios.has(scenarioId)) {
      foreignResults.push(name);
      continue;
    }
    const seen = latest.get(scenarioId);
    if (!seen || (result.stop ?? 0) >= (seen.result.stop ?? 0)) latest.set(scenarioId, { file, result });
  }

  const corrected: string[] = [];
  for (const [scenarioId, { file, result }] of latest) {
    const scenario = scenarios.get(scenarioId)!;
    const labels = (result.labels ?? []).filter((label) => !ADDED_LABELS.has(label.name));
    const links = (result.links ?? []).filter((link) => {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link.url)) return true;
      labels.push({ name: link.type === 'requirement' ? 'requirement' : 'issue', value: link.url });
      return false;
    });
    const failure = categorizeFailure(scenario);
    if (failure) labels.push({ name: FAILURE_CATEGORY_LABEL, value: failure.category });
    if (isNotPassed(scenario)) labels.push(...knownIssuesOf(scenario.tags).map((id) => ({ name: KNOWN_ISSUE_LABEL, value: id })));
    const updated: AllureResultFile = { ...result, labels, links, ...moveStackTraces(result, resultsDirectory) };
    if (failure && (result.status === 'passed' || result.status === 'skipped' || !result.status)) {
      updated.status = 'broken';
      updated.statusDetails = { ...result.statusDetails, message: failure.reason };
      corrected.push(scenario.name);
    } else if (!failure && scenario.interrupted && result.status !== 'skipped') {
      // Stopped by the run's interruption (and cleaned up): it did not finish, it did not fail.
      updated.status = 'skipped';
      updated.statusDetails = { message: `Interrupted at "${scenario.failedStep ?? 'a hook'}": ${scenario.message ?? 'the run was interrupted'}` };
      corrected.push(scenario.name);
    }
    fs.writeFileSync(file, JSON.stringify(updated));
  }

  return {
    resultUuidByScenario: new Map([...latest].map(([scenarioId, { result }]) => [scenarioId, result.uuid])),
    scenariosWithoutResult: results.filter((result) => !latest.has(result.id)).map((result) => result.name),
    foreignResults,
    corrected,
  };
}

/** The whole trace becomes an attachment; the panels (the test's and its steps') keep only the project's own frames. */
function moveStackTraces(result: AllureResultFile, resultsDirectory: string): Pick<AllureResultFile, 'attachments' | 'statusDetails' | 'steps'> {
  const trace = result.statusDetails?.trace;
  // Already moved (the results are aligned again when `postflight report` rebuilds the reports).
  if (!trace || result.attachments?.some((attachment) => attachment.name === STACK_TRACE_ATTACHMENT)) return {};
  const source = `${randomUUID()}-attachment.txt`;
  fs.writeFileSync(path.join(resultsDirectory, source), trace);
  const withoutFrameworkFrames = (step: AllureStep): AllureStep => ({
    ...step,
    ...(step.statusDetails ? { statusDetails: { ...step.statusDetails, trace: projectFrames(step.statusDetails.trace) } } : {}),
    ...(step.steps ? { steps: step.steps.map(withoutFrameworkFrames) } : {}),
  });
  const cleaned = withoutFrameworkFrames(result);
  return {
    attachments: [...(result.attachments ?? []), { name: STACK_TRACE_ATTACHMENT, source, type: 'text/plain' }],
    statusDetails: cleaned.statusDetails,
    steps: cleaned.steps,
  };
}

function projectFrames(trace: string | undefined): string | undefined {
  const frames = (trace ?? '').split('\n').filter((line) => /^\s*at\s/.test(line) && !FRAMEWORK_FRAME.test(line));
  return frames.length ? frames.join('\n') : undefined;
}

/** The Allure test result files (one per scenario attempt) in a results directory. */
export function listResultFiles(resultsDirectory: string): string[] {
  if (!fs.existsSync(resultsDirectory)) return [];
  return fs.readdirSync(resultsDirectory).filter((name) => name.endsWith('-result.json')).sort();
}
