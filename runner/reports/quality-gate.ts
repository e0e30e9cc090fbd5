import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import type { ScenarioResult } from '../../model/scenario-result';
import type { Interruption } from '../../model/interruption';
import type { MergedShards } from './run-record';
import { StartupError } from '../../model/startup-error';
import { countResults, isKnownIssue, isNotPassed, type ResultCounts } from './result-counts';
import { SEVERITIES, knownIssuesOf, severityOf, type Severity } from './scenario-tags';

/**
 * The release quality gate (quality-gate.yml at the project root, or the file POSTFLIGHT_QUALITY_GATE
 * names): GO when every rule passes. Scenarios tagged `@known-issue=ID` that fail are listed, and
 * count against no rule.
 */
export const GATE_FILE = 'quality-gate.yml';
export const GATE_FILE_VARIABLE = 'POSTFLIGHT_QUALITY_GATE';

const DEFAULT_RULES = { noFailedSeverities: ['blocker', 'critical'] as Severity[], minSuccessRate: 100, minScenarios: 1 };

export const qualityGateSchema = z
  .object({
    rules: z
      .object({
        /** No scenario of these severities may fail (known issues aside). */
        noFailedSeverities: z.array(z.enum(SEVERITIES as [Severity, ...Severity[]])).default(DEFAULT_RULES.noFailedSeverities),
        /** Percent of the scenarios that ran (skipped and known issues aside) that must pass. */
        minSuccessRate: z.number().min(0).max(100).default(DEFAULT_RULES.minSuccessRate),
        /** So that an empty selection cannot pass. */
        minScenarios: z.number().int().min(0).default(DEFAULT_RULES.minScenarios),
      })
      .strict()
      .default(DEFAULT_RULES),
  })
  .strict();

export type QualityGateRules = z.infer<typeof qualityGateSchema>['rules'];

export interface QualityGateConfig {
  rules: QualityGateRules;
  /** Where the rules came from: a file path, or "built-in default" when there is no file. */
  source: string;
}

/** A quality gate file that cannot be used: the run must not start (exit 2). */
export class QualityGateError extends StartupError {
  constructor(message: string) {
    super(message, `Fix the quality gate file; its fields are: rules.noFailedSeverities (${SEVERITIES.join(', ')}), rules.minSuccessRate (0-100), rules.minScenarios (whole number).`);
    this.name = 'QualityGateError';
  }
}

export function qualityGateFile(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[GATE_FILE_VARIABLE];
  return configured ? path.resolve(projectRoot, configured) : path.join(projectRoot, GATE_FILE);
}

/** Reads and validates the gate; with no file, the built-in default (every scenario passed, known issues aside). */
export function loadQualityGate(projectRoot: string, env: NodeJS.ProcessEnv = process.env): QualityGateConfig {
  const file = qualityGateFile(projectRoot, env);
  const shown = path.relative(projectRoot, file) || file;
  if (!fs.existsSync(file)) {
    if (env[GATE_FILE_VARIABLE]) throw new QualityGateError(`${GATE_FILE_VARIABLE} names ${file}, which does not exist.`);
    return { rules: qualityGateSchema.parse({}).rules, source: 'built-in default' };
  }
  let document: unknown;
  try {
    document = YAML.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new QualityGateError(`${shown} is not valid YAML: ${(error as Error).message}`);
  }
  return { rules: parseQualityGate(document, shown), source: shown };
}

export function parseQualityGate(document: unknown, shownAs: string): QualityGateRules {
  const parsed = qualityGateSchema.safeParse(document ?? {});
  if (parsed.success) return parsed.data.rules;
  const lines = parsed.error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.join('.') : '(top level)';
    if (issue.code === 'unrecognized_keys') return `  - ${field}: unknown field(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    return `  - ${field}: ${issue.message}`;
  });
  throw new QualityGateError(`${shownAs} is not a valid quality gate:\n${lines.join('\n')}`);
}

export type RuleOutcome = 'PASSED' | 'FAILED' | 'NOT_EVALUATED';

export interface GateRuleResult {
  /** A rule of the gate file, or `runCompleted`: an interrupted run is never signed off, whatever the file says. */
  rule: keyof QualityGateRules | 'runCompleted' | 'allShardsReported';
  /** What the rule asks, in words. */
  description: string;
  expected: string;
  observed: string;
  /** NOT_EVALUATED (nothing to measure) fails the gate: a release is not signed off on no evidence. */
  outcome: RuleOutcome;
  /** The scenarios (ids) that make the rule fail. */
  scenarioIds: string[];
}

export interface KnownIssue {
  ids: string[];
  scenarioId: string;
  scenario: string;
  feature: string;
  status: ScenarioResult['status'];
}

export interface GateEvaluation {
  verdict: 'GO' | 'NO-GO';
  rules: GateRuleResult[];
  counts: ResultCounts;
  /** Scenarios that did not pass and carry `@known-issue=…`: listed, not held against the gate. */
  knownIssues: KnownIssue[];
  /** Scenarios tagged `@known-issue=…` that passed: the issue may be fixed. */
  knownIssuesPassing: KnownIssue[];
  source: string;
}

export function evaluateQualityGate(
  results: readonly ScenarioResult[],
  gate: QualityGateConfig,
  interruption?: Interruption,
  merged?: MergedShards,
): GateEvaluation {
  const counts = countResults(results);
  const rules = [noFailedSeverities(results, gate.rules.noFailedSeverities), minSuccessRate(results, counts, gate.rules.minSuccessRate), minScenarios(counts, gate.rules.minScenarios)];
  if (interruption) rules.unshift(runCompleted(results, interruption));
  if (merged) rules.unshift(allShardsReported(merged));
  const tagged = results.filter((result) => knownIssuesOf(result.tags).length > 0).map(knownIssue);
  return {
    verdict: rules.every((rule) => rule.outcome === 'PASSED') ? 'GO' : 'NO-GO',
    rules,
    counts,
    knownIssues: tagged.filter((issue) => issue.status !== 'PASSED' && issue.status !== 'SKIPPED'),
    knownIssuesPassing: tagged.filter((issue) => issue.status === 'PASSED'),
    source: gate.source,
  };
}

function noFailedSeverities(results: readonly ScenarioResult[], severities: Severity[]): GateRuleResult {
  const offending = results.filter((result) => isNotPassed(result) && !isKnownIssue(result) && severities.includes(severityOf(result.tags)));
  return {
    rule: 'noFailedSeverities',
    description: severities.length ? `No ${severities.join(' or ')} scenario fails` : 'No severity is blocking',
    expected: '0 failed',
    observed: offending.length
      ? `${offending.length} failed: ${offending.map((result) => `${result.name} (${severityOf(result.tags)})`).join('; ')}`
      : '0 failed',
    outcome: offending.length ? 'FAILED' : 'PASSED',
    scenarioIds: offending.map((result) => result.id),
  };
}

function minSuccessRate(results: readonly ScenarioResult[], counts: ResultCounts, minimum: number): GateRuleResult {
  const counted = counts.total - counts.skipped - counts.knownIssues;
  const base = { rule: 'minSuccessRate' as const, description: 'Scenarios that pass (skipped and known issues aside)', expected: `≥ ${minimum}%` };
  if (counted === 0) return { ...base, observed: 'no scenario to measure', outcome: 'NOT_EVALUATED', scenarioIds: [] };
  const rate = (counts.passed / counted) * 100;
  return {
    ...base,
    observed: `${formatRate(rate)}% (${counts.passed} of ${counted})`,
    outcome: rate >= minimum ? 'PASSED' : 'FAILED',
    scenarioIds: rate >= minimum ? [] : results.filter((result) => isNotPassed(result) && !isKnownIssue(result)).map((result) => result.id),
  };
}

function minScenarios(counts: ResultCounts, minimum: number): GateRuleResult {
  const ran = counts.total - counts.skipped;
  return {
    rule: 'minScenarios',
    description: 'Scenarios that ran (skipped aside)',
    expected: `≥ ${minimum}`,
    observed: String(ran),
    outcome: ran >= minimum ? 'PASSED' : 'FAILED',
    scenarioIds: [],
  };
}

function runCompleted(results: readonly ScenarioResult[], interruption: Interruption): GateRuleResult {
  const finished = results.filter((result) => !result.interrupted).length;
  const cutShort = results.filter((result) => result.interrupted === 'cut short').length;
  const notRun = results.filter((result) => result.interrupted === 'not run').length;
  return {
    rule: 'runCompleted',
    description: 'The run completed (it was not interrupted)',
    expected: `all ${results.length} selected scenarios ran to the end`,
    observed: `INTERRUPTED by ${interruption.signal} at ${interruption.receivedAt}: ${finished} finished, ${cutShort} cut short, ${notRun} not run`,
    outcome: 'FAILED',
    scenarioIds: results.filter((result) => result.interrupted).map((result) => result.id),
  };
}

/** Merged reports: every part of the sharded run reported, and the parts add up to one selection. */
function allShardsReported(merged: MergedShards): GateRuleResult {
  const problems = [...merged.missing.map((missing) => `shard ${missing.shard} missing: ${missing.reason}`), ...merged.inconsistencies];
  return {
    rule: 'allShardsReported',
    description: 'Every shard of the run reported its results, and together they are the whole selection',
    expected: `${merged.total} of ${merged.total} shards`,
    observed: problems.length ? `${merged.parts.length} of ${merged.total} shards; ${problems.join('; ')}` : `${merged.parts.length} of ${merged.total} shards`,
    outcome: problems.length ? 'FAILED' : 'PASSED',
    scenarioIds: [],
  };
}

function knownIssue(result: ScenarioResult): KnownIssue {
  return { ids: knownIssuesOf(result.tags), scenarioId: result.id, scenario: result.name, feature: result.feature, status: result.status };
}

/** 66.7, 100, 0: one decimal, never rounded up to 100 when something failed. */
export function formatRate(rate: number): string {
  const floored = Math.floor(rate * 10) / 10;
  return Number.isInteger(floored) ? String(floored) : floored.toFixed(1);
}
