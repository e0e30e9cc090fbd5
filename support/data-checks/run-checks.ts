import type { GlueClient } from '@aws-sdk/client-glue';
import { firstRow, type QueryOutcome } from '../athena/query';
import type { CheckResult, CheckTarget, DataCheck, Evaluation } from './check';
import { notEvaluated } from './check';
import { whereClause } from './sql';

export interface PlannedCheck {
  check: DataCheck<never>;
  params: unknown;
  target: CheckTarget;
}

export interface CheckRunContext {
  /** Runs one query (and keeps its evidence): the checks never see where or how. */
  query: (label: string, sql: string, maxRows?: number) => Promise<QueryOutcome>;
  glue: GlueClient;
}

/** Offending rows or values fetched for a failed check. */
export const SAMPLE_LIMIT = 20;

/**
 * Measures and evaluates checks. Aggregate metrics on the same table slice share ONE query (one
 * scan); checks with queries of their own run alone; samples are fetched only for failures. A
 * measurement that cannot be taken makes its checks NOT_EVALUATED, never a zero.
 */
export async function runChecks(planned: PlannedCheck[], context: CheckRunContext): Promise<CheckResult[]> {
  const results = new Map<PlannedCheck, CheckResult>();
  const observations = new Map<PlannedCheck, { values?: Record<string, unknown>; failure?: string; queryIds: string[] }>();

  const scans = new Map<string, PlannedCheck[]>();
  for (const item of planned) {
    const metric = item.check.metric(item.params as never, item.target);
    if (metric.kind === 'aggregate') {
      const key = `${item.target.table.sql}\u0000${item.target.predicate ?? ''}`;
      scans.set(key, [...(scans.get(key) ?? []), item]);
    } else if (metric.kind === 'query') {
      const outcome = await context.query(item.check.name, metric.sql);
      observations.set(
        item,
        outcome.state === 'SUCCEEDED'
          ? { values: firstRow(outcome), queryIds: [outcome.queryExecutionId] }
          : { failure: reasonOf(outcome), queryIds: [outcome.queryExecutionId] },
      );
    } else {
      try {
        observations.set(item, { values: await metric.measure(context.glue), queryIds: [] });
      } catch (error) {
        observations.set(item, { failure: `${(error as Error).name}: ${(error as Error).message}`, queryIds: [] });
      }
    }
  }

  for (const group of scans.values()) {
    const [first] = group;
    if (!first) continue;
    const target = first.target;
    const selectList = group.flatMap((item, index) => {
      const metric = item.check.metric(item.params as never, item.target);
      return metric.kind === 'aggregate'
        ? metric.expressions.map((expression) => `${expression.sql} AS c${index}_${expression.alias}`)
        : [];
    });
    const sql = `SELECT ${selectList.join(', ')} FROM ${target.table.sql}${whereClause(target.predicate)}`;
    const outcome = await context.query(group.length > 1 ? `${group.length} checks in one scan` : first.check.name, sql);
    const row = outcome.state === 'SUCCEEDED' ? firstRow(outcome) : undefined;
    group.forEach((item, index) => {
      if (!row) {
        observations.set(item, { failure: reasonOf(outcome), queryIds: [outcome.queryExecutionId] });
        return;
      }
      const prefix = `c${index}_`;
      const values = Object.fromEntries(
        Object.entries(row)
          .filter(([key]) => key.startsWith(prefix))
          .map(([key, value]) => [key.slice(prefix.length), value]),
      );
      observations.set(item, { values, queryIds: [outcome.queryExecutionId] });
    });
  }

  for (const item of planned) {
    const observation = observations.get(item)!;
    const description = item.check.describe(item.params as never, item.target);
    const evaluation: Evaluation = observation.values
      ? item.check.evaluate(item.params as never, observation.values)
      : notEvaluated('(see the check)', `the measurement failed: ${observation.failure}`);
    const result: CheckResult = { check: item.check.name, description, ...evaluation, queryIds: [...observation.queryIds] };
    if (evaluation.outcome === 'FAILED' && item.check.samples) {
      const outcome = await context.query(
        `${item.check.name} samples`,
        item.check.samples(item.params as never, item.target, SAMPLE_LIMIT),
        SAMPLE_LIMIT,
      );
      result.queryIds.push(outcome.queryExecutionId);
      if (outcome.state === 'SUCCEEDED') result.samples = { columns: outcome.columns.map((column) => column.name), rows: outcome.rows };
    }
    results.set(item, result);
  }
  return planned.map((item) => results.get(item)!);
}

function reasonOf(outcome: QueryOutcome): string {
  return `query ${outcome.queryExecutionId} ${outcome.state}: ${outcome.stateChangeReason ?? 'no reason given'}`;
}
