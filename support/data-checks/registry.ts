import type { DataCheck } from './check';
import { rowCount } from './checks/row-count';
import { columns } from './checks/columns';
import { partition } from './checks/partition';
import { noNulls } from './checks/no-nulls';
import { unique } from './checks/unique';
import { allowedValues } from './checks/allowed-values';
import { valueRange } from './checks/value-range';
import { pattern } from './checks/pattern';
import { referentialIntegrity } from './checks/referential-integrity';
import { freshness } from './checks/freshness';

/** The check catalogue: every check type, by name. */
const CHECKS = [
  rowCount,
  columns,
  partition,
  noNulls,
  unique,
  allowedValues,
  valueRange,
  pattern,
  referentialIntegrity,
  freshness,
] as const;

export const CHECK_REGISTRY: ReadonlyMap<string, DataCheck<never>> = new Map(
  CHECKS.map((check) => [check.name, check as unknown as DataCheck<never>]),
);

export function checkNamed(name: string): DataCheck<never> {
  const check = CHECK_REGISTRY.get(name);
  if (!check) throw new Error(`Unknown data check "${name}". Known checks: ${[...CHECK_REGISTRY.keys()].join(', ')}.`);
  return check;
}
