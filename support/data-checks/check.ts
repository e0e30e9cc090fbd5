import type { Cell } from '../data-files/cells';
import type { TableReference } from '../../model/locations';
import type { GlueClient } from '@aws-sdk/client-glue';
import type { ResourceCatalog } from '../environment/resources';

export type CheckOutcome = 'PASSED' | 'FAILED' | 'NOT_EVALUATED';

/** The table (and slice of it) a check looks at. */
export interface CheckTarget {
  /** As written in the step: `curated.positions`. */
  name: string;
  table: TableReference;
  predicate?: string;
}

/** What a check's measurement is: expressions over one scan of the table, a query of its own, or the catalog. */
export type Metric =
  | { kind: 'aggregate'; expressions: Array<{ alias: string; sql: string }> }
  | { kind: 'query'; sql: string }
  | { kind: 'catalog'; measure: (glue: GlueClient) => Promise<Record<string, unknown>> };

export interface Evaluation {
  outcome: CheckOutcome;
  /** The observed value, in words a reader can compare with `expected`. */
  observed: string;
  expected: string;
  reason?: string;
}

/** A row of "the table … passes these checks:": `| check | column | argument |`, trimmed. */
export interface CheckRow {
  column: string;
  argument: string;
}

/**
 * One type of data check, in its own file (checks/), registered in registry.ts: its typed parameters,
 * the row of "passes these checks:" that asks for it, its metric (SQL or catalog lookup) declared
 * apart from its evaluation, and how to fetch examples of offending rows or values when it fails.
 */
export interface DataCheck<P> {
  /** Registry name, e.g. `no_nulls`. */
  name: string;
  /** How a row of "passes these checks:" asks for it: the words of its `check` cell, and its parameters from the row. */
  row?: {
    check: string;
    params(row: CheckRow, resources: ResourceCatalog): P;
  };
  describe(params: P, target: CheckTarget): string;
  metric(params: P, target: CheckTarget): Metric;
  /** Observed metric values by alias (SQL cells, or catalog values); null = not measured. */
  evaluate(params: P, observed: Record<string, unknown>): Evaluation;
  /** SQL returning up to `limit` offending rows/values. */
  samples?(params: P, target: CheckTarget, limit: number): string;
}

/** A check a step asks for, on a table slice. */
export interface CheckRequest {
  check: DataCheck<never>;
  params: unknown;
  /** As written in the step: `curated.positions`. */
  table: string;
  predicate?: string;
}

/** A step asks for a check: its parameters are checked against the check's own type here. */
export function requestCheck<P>(check: DataCheck<P>, params: P, table: string, predicate?: string): CheckRequest {
  return { check: check as unknown as DataCheck<never>, params, table, predicate };
}

export interface CheckResult extends Evaluation {
  check: string;
  description: string;
  samples?: { columns: string[]; rows: Cell[][] };
  queryIds: string[];
}

/** A cell that should hold a count or a number; undefined when it holds nothing (not measured). */
export function numberOf(value: unknown): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const number = Number(value);
  return Number.isNaN(number) ? undefined : number;
}

export function notEvaluated(expected: string, reason: string): Evaluation {
  return { outcome: 'NOT_EVALUATED', observed: 'not measured', expected, reason };
}
