import type { ScenarioResult } from '../../model/scenario-result';
import { knownIssuesOf } from './scenario-tags';

/**
 * The counts every output shows (summary, sign-off, gate), computed in one place so they agree.
 * `notPassed` = failed + notRunnable + unknown; skipped scenarios are neither passed nor failed.
 */
export interface ResultCounts {
  total: number;
  passed: number;
  failed: number;
  /** Undefined, ambiguous or pending steps: the scenario could not run as written. */
  notRunnable: number;
  skipped: number;
  unknown: number;
  notPassed: number;
  /** Scenarios that did not pass and carry `@known-issue=…` (a subset of notPassed). */
  knownIssues: number;
}

export function countResults(results: readonly ScenarioResult[]): ResultCounts {
  const counts: ResultCounts = { total: results.length, passed: 0, failed: 0, notRunnable: 0, skipped: 0, unknown: 0, notPassed: 0, knownIssues: 0 };
  for (const result of results) {
    if (result.status === 'PASSED') counts.passed += 1;
    else if (result.status === 'SKIPPED') counts.skipped += 1;
    else {
      if (result.status === 'FAILED') counts.failed += 1;
      else if (result.status === 'UNKNOWN') counts.unknown += 1;
      else counts.notRunnable += 1;
      counts.notPassed += 1;
      if (isKnownIssue(result)) counts.knownIssues += 1;
    }
  }
  return counts;
}

export function isPassed(result: ScenarioResult): boolean {
  return result.status === 'PASSED';
}

/** Did not pass, and was not skipped: the scenario reports a problem. */
export function isNotPassed(result: ScenarioResult): boolean {
  return result.status !== 'PASSED' && result.status !== 'SKIPPED';
}

/** A problem already known: listed in the reports, not counted against the quality gate. */
export function isKnownIssue(result: ScenarioResult): boolean {
  return isNotPassed(result) && knownIssuesOf(result.tags).length > 0;
}
