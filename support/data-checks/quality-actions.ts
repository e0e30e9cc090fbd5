import assert from 'node:assert/strict';
import type { PostflightWorld } from '../world';
import { scenarioQuery } from '../athena/scenario-query';
import { attachJson } from '../evidence';
import { formatRows } from '../data-files/compare-rows';
import type { CheckRequest, CheckResult, CheckTarget } from './check';
import { runChecks, type PlannedCheck } from './run-checks';

export function checkTarget(world: PostflightWorld, table: string, predicate?: string): CheckTarget {
  return { name: table, table: world.resources.table(table), predicate: predicate?.trim() || undefined };
}

/** Runs the checks (sharing scans where possible) and fails the step unless every one PASSED. */
export async function expectChecksPass(world: PostflightWorld, requests: CheckRequest[]): Promise<CheckResult[]> {
  const planned: PlannedCheck[] = requests.map((request) => ({
    check: request.check,
    params: request.params,
    target: checkTarget(world, request.table, request.predicate),
  }));
  const results = await runChecks(planned, {
    query: (label, sql, maxRows) => scenarioQuery(world, label, sql, maxRows),
    glue: world.aws.glue,
  });
  await attachJson(world, 'data checks', results);
  const failing = results.filter((result) => result.outcome !== 'PASSED');
  if (failing.length) {
    throw new assert.AssertionError({ message: failing.map(describeFailure).join('\n\n') });
  }
  return results;
}

export function describeFailure(result: CheckResult): string {
  const lines = [`${result.outcome}: ${result.description}`, `  expected: ${result.expected}`, `  observed: ${result.observed}`];
  if (result.reason) lines.push(`  reason:   ${result.reason}`);
  if (result.samples?.rows.length) lines.push(`  examples (up to 20):\n${formatRows(result.samples.columns, result.samples.rows)}`);
  if (result.queryIds.length) lines.push(`  queries:  ${result.queryIds.join(', ')}`);
  return lines.join('\n');
}
