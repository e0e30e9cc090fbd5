import type { ScenarioResult } from '../../model/scenario-result';
import type { Interruption } from '../../model/interruption';
import type { LinkTemplates } from './allure-formatter';
import { categorizeFailure, type FailureCategory } from './failure-category';
import type { GateEvaluation, GateRuleResult } from './quality-gate';
import type { ResultCounts } from './result-counts';
import { isKnownIssue, isNotPassed } from './result-counts';
import type { RunRecord } from './run-record';
import { knownIssuesOf, requirementsOf, severityOf, type Severity } from './scenario-tags';

/**
 * The sign-off report's data (signoff.json), from which signoff.md and index.html are rendered:
 * the verdict and what blocks it first, then who/what/where, results by feature and by
 * requirement, every failure with its category and reason, known issues, evidence, approval.
 */
export const SIGNOFF_FORMAT = 'postflight-signoff/1';

export interface SignoffFailure {
  scenarioId: string;
  scenario: string;
  feature: string;
  uri: string;
  status: ScenarioResult['status'];
  severity: Severity;
  category: FailureCategory;
  reason: string;
  failedStep?: string;
  requirements: string[];
  knownIssues: string[];
  /** True when it counts against the gate (it is not a known issue). */
  blocking: boolean;
  /** This scenario in the Allure report (relative to the sign-off directory), when there is one. */
  allureLink?: string;
}

export interface FeatureResults {
  feature: string;
  uri: string;
  total: number;
  passed: number;
  notPassed: number;
  knownIssues: number;
  skipped: number;
}

export type RequirementStatus = 'met' | 'not met' | 'known issue' | 'not run';

export interface RequirementResults {
  requirement: string;
  url?: string;
  status: RequirementStatus;
  total: number;
  passed: number;
  notPassed: number;
  knownIssues: number;
  scenarios: Array<{ name: string; status: ScenarioResult['status'] }>;
}

export interface KnownIssueEntry {
  ids: Array<{ id: string; url?: string }>;
  scenario: string;
  feature: string;
  status: ScenarioResult['status'];
  category?: FailureCategory;
  reason?: string;
}

export interface EvidenceLink {
  label: string;
  /** Relative to the sign-off directory. */
  href: string;
  description: string;
}

export interface SignoffData {
  format: typeof SIGNOFF_FORMAT;
  verdict: 'GO' | 'NO-GO';
  /** One sentence under the verdict. */
  headline: string;
  /** The run was interrupted: what finished, what was stopped (and cleaned up), what did not run. */
  interruption?: InterruptionSummary;
  gate: { source: string; rules: GateRuleResult[] };
  /** The failures that make the verdict NO-GO (known issues aside). */
  blocking: SignoffFailure[];
  identification: RunRecord['identification'] & { runId: string; startedAt: string; finishedAt: string; durationMs: number; generatedAt: string; actingAs?: string };
  environment: RunRecord['environment'];
  scope: RunRecord['scope'] & { features: Array<{ feature: string; uri: string }> };
  counts: ResultCounts;
  byFeature: FeatureResults[];
  byRequirement: RequirementResults[];
  /** Scenarios that carry no `@req=` tag. */
  scenariosWithoutRequirement: number;
  failures: SignoffFailure[];
  knownIssues: KnownIssueEntry[];
  /** Tagged `@known-issue=` but passed: the issue may be fixed. */
  knownIssuesPassing: KnownIssueEntry[];
  evidence: EvidenceLink[];
  approval: { approver: string; decision: string; date: string; comments: string };
  /** Things that went wrong while building the reports (e.g. the Allure report could not be generated). */
  problems: string[];
}

export interface InterruptionSummary extends Interruption {
  finished: number;
  cutShort: number;
  notRun: number;
}

export interface SignoffInputs {
  record: RunRecord;
  evaluation: GateEvaluation;
  /** Scenario id → link into the Allure report, relative to the sign-off directory. */
  allureLinks: Map<string, string>;
  evidence: EvidenceLink[];
  links: LinkTemplates;
  problems: string[];
  now?: Date;
}

export function buildSignoffData(inputs: SignoffInputs): SignoffData {
  const { record, evaluation } = inputs;
  const results = record.results;
  const failures = results.filter(isNotPassed).map((result) => failureOf(result, inputs.allureLinks));
  const blocking = failures.filter((failure) => failure.blocking);
  const categorized = new Map(failures.map((failure) => [failure.scenarioId, failure]));
  const knownIssueEntry = (issue: GateEvaluation['knownIssues'][number]): KnownIssueEntry => ({
    ids: issue.ids.map((id) => ({ id, url: linkTo(inputs.links.issue, id) })),
    scenario: issue.scenario,
    feature: issue.feature,
    status: issue.status,
    category: categorized.get(issue.scenarioId)?.category,
    reason: categorized.get(issue.scenarioId)?.reason,
  });
  const interruption = record.interruption && summarizeInterruption(record.interruption, results);
  return {
    format: SIGNOFF_FORMAT,
    verdict: evaluation.verdict,
    headline: interruption ? interruptedHeadline(interruption, results.length) : headline(evaluation, blocking),
    ...(interruption ? { interruption } : {}),
    gate: { source: evaluation.source, rules: evaluation.rules },
    blocking,
    identification: {
      ...record.identification,
      runId: record.runId,
      startedAt: record.startedAt,
      finishedAt: record.finishedAt,
      durationMs: Date.parse(record.finishedAt) - Date.parse(record.startedAt),
      generatedAt: (inputs.now ?? new Date()).toISOString(),
      ...(record.actingAs ? { actingAs: record.actingAs } : {}),
    },
    environment: record.environment,
    scope: { ...record.scope, features: featuresOf(results) },
    counts: evaluation.counts,
    byFeature: byFeature(results),
    byRequirement: byRequirement(results, inputs.links),
    scenariosWithoutRequirement: results.filter((result) => requirementsOf(result.tags).length === 0).length,
    failures,
    knownIssues: evaluation.knownIssues.map(knownIssueEntry),
    knownIssuesPassing: evaluation.knownIssuesPassing.map(knownIssueEntry),
    evidence: inputs.evidence,
    approval: { approver: '', decision: '', date: '', comments: '' },
    problems: inputs.problems,
  };
}

function failureOf(result: ScenarioResult, allureLinks: Map<string, string>): SignoffFailure {
  const failure = categorizeFailure(result)!;
  return {
    scenarioId: result.id,
    scenario: result.name,
    feature: result.feature,
    uri: result.uri,
    status: result.status,
    severity: severityOf(result.tags),
    category: failure.category,
    reason: failure.reason,
    ...(result.failedStep ? { failedStep: result.failedStep } : {}),
    requirements: requirementsOf(result.tags),
    knownIssues: knownIssuesOf(result.tags),
    blocking: !isKnownIssue(result),
    ...(allureLinks.has(result.id) ? { allureLink: allureLinks.get(result.id) } : {}),
  };
}

function headline(evaluation: GateEvaluation, blocking: SignoffFailure[]): string {
  const { counts } = evaluation;
  const ran = `${counts.passed} of ${counts.total} scenarios passed`;
  const known = counts.knownIssues ? `, ${counts.knownIssues} known issue${counts.knownIssues === 1 ? '' : 's'} aside` : '';
  if (evaluation.verdict === 'GO') return `The quality gate passed: ${ran}${known}.`;
  const failedRules = evaluation.rules.filter((rule) => rule.outcome !== 'PASSED').length;
  const scenarios = blocking.length ? `; ${blocking.length} failing scenario${blocking.length === 1 ? '' : 's'} block${blocking.length === 1 ? 's' : ''} the release` : '';
  return `The quality gate failed (${failedRules} of ${evaluation.rules.length} rules): ${ran}${known}${scenarios}.`;
}

function summarizeInterruption(interruption: Interruption, results: readonly ScenarioResult[]): InterruptionSummary {
  return {
    ...interruption,
    finished: results.filter((result) => !result.interrupted).length,
    cutShort: results.filter((result) => result.interrupted === 'cut short').length,
    notRun: results.filter((result) => result.interrupted === 'not run').length,
  };
}

function interruptedHeadline(interruption: InterruptionSummary, total: number): string {
  return (
    `The run was INTERRUPTED (${interruption.signal} at ${interruption.receivedAt}): ${interruption.finished} of ${total} scenarios ran to the end, ` +
    `${interruption.cutShort} ${interruption.cutShort === 1 ? 'was' : 'were'} stopped and cleaned up, ${interruption.notRun} did not run. An incomplete run is never signed off.`
  );
}

function featuresOf(results: readonly ScenarioResult[]): Array<{ feature: string; uri: string }> {
  const features = new Map<string, string>();
  for (const result of results) features.set(result.uri, result.feature);
  return [...features].map(([uri, feature]) => ({ feature, uri }));
}

function byFeature(results: readonly ScenarioResult[]): FeatureResults[] {
  const features = new Map<string, FeatureResults>();
  for (const result of results) {
    const entry = features.get(result.uri) ?? { feature: result.feature, uri: result.uri, total: 0, passed: 0, notPassed: 0, knownIssues: 0, skipped: 0 };
    entry.total += 1;
    if (result.status === 'PASSED') entry.passed += 1;
    else if (result.status === 'SKIPPED') entry.skipped += 1;
    else entry.notPassed += 1;
    if (isKnownIssue(result)) entry.knownIssues += 1;
    features.set(result.uri, entry);
  }
  return [...features.values()];
}

function byRequirement(results: readonly ScenarioResult[], links: LinkTemplates): RequirementResults[] {
  const requirements = new Map<string, ScenarioResult[]>();
  for (const result of results) {
    for (const requirement of requirementsOf(result.tags)) requirements.set(requirement, [...(requirements.get(requirement) ?? []), result]);
  }
  return [...requirements]
    .sort(([left], [right]) => left.localeCompare(right, 'en', { numeric: true }))
    .map(([requirement, scenarios]) => {
      const passed = scenarios.filter((result) => result.status === 'PASSED').length;
      const notPassed = scenarios.filter(isNotPassed).length;
      const knownIssues = scenarios.filter(isKnownIssue).length;
      const status: RequirementStatus = notPassed > knownIssues ? 'not met' : knownIssues > 0 ? 'known issue' : passed > 0 ? 'met' : 'not run';
      return {
        requirement,
        ...(linkTo(links.requirement, requirement) ? { url: linkTo(links.requirement, requirement) } : {}),
        status,
        total: scenarios.length,
        passed,
        notPassed,
        knownIssues,
        scenarios: scenarios.map((result) => ({ name: result.name, status: result.status })),
      };
    });
}

/** Same template syntax as the Allure links: `%s` is replaced by the ID. */
export function linkTo(template: string | undefined, id: string): string | undefined {
  return template ? template.replace('%s', id) : undefined;
}
