import assert from 'node:assert/strict';
import { stringify } from 'csv-stringify/sync';
import type { PostflightWorld } from '../world';
import { firstRow } from '../athena/query';
import { scenarioQueryOrThrow } from '../athena/scenario-query';
import { attachCsv, attachJson } from '../evidence';
import { formatRows } from '../data-files/compare-rows';
import { canonicalCell } from '../data-files/cells';
import { parseMapping, MappingError } from './mapping';
import { controlTotalQuery, decodeSample, reconcileQuery } from './reconcile-sql';
import { s3Relation, tableRelation, type Relation } from './source-relation';

/** Differences attached as CSV (the message shows the first 20). */
export const DIFF_SAMPLE_LIMIT = 1000;
const MESSAGE_EXAMPLES = 20;

export interface ReconcileReport {
  source: string;
  target: string;
  sourceRows: number;
  targetRows: number;
  matchedKeys: number;
  missingInTarget: number;
  unexpectedInTarget: number;
  sourceDuplicateKeys: number;
  targetDuplicateKeys: number;
  mismatches: Record<string, number>;
  queryExecutionId: string;
}

/** The source of a comparison: an S3 object or prefix (a temporary table), or another table. */
export async function sourceRelation(world: PostflightWorld, source: string, targetDatabase: string): Promise<Relation> {
  if (source.startsWith('s3://')) return s3Relation(world, source, world.environment.resources.athena.scratchDatabase ?? targetDatabase);
  return tableRelation(world, source);
}

/** Key-level reconciliation computed in the engine; fails with counts and side-by-side examples. */
export async function expectReconciled(
  world: PostflightWorld,
  source: string,
  targetTable: string,
  predicate: string | undefined,
  mappingRows: Array<Record<string, string>>,
): Promise<ReconcileReport> {
  const mapping = parseMapping(mappingRows);
  const target = await tableRelation(world, targetTable);
  const sourceRel = await sourceRelation(world, source, target.table.database);
  const resolve = (relation: Relation, column: string, side: string) => {
    const found = relation.columns.get(column) ?? relation.columns.get(column.toLowerCase());
    if (!found)
      throw new MappingError(
        `The ${side} ${relation.label} has no column "${column}" (its columns: ${[...relation.columns.keys()].join(', ')}).`,
      );
    return found;
  };
  const keys = mapping.keys.map((rule) => ({
    source: resolve(sourceRel, rule.source, 'source').sql,
    target: resolve(target, rule.target, 'target').sql,
    type: resolve(target, rule.target, 'target').type,
  }));
  const compared = mapping.compared.map((rule) => {
    const targetColumn = resolve(target, rule.target, 'target');
    return {
      name: rule.target,
      source: resolve(sourceRel, rule.source, 'source').sql,
      target: targetColumn.sql,
      type: targetColumn.type,
      rule: rule.rule,
    };
  });
  const sql = reconcileQuery({
    source: { sql: sourceRel.sql },
    target: { sql: target.sql, predicate },
    keys,
    compared,
    sampleLimit: DIFF_SAMPLE_LIMIT,
  });
  const outcome = await scenarioQueryOrThrow(world, 'reconciliation', sql);
  const row = firstRow(outcome);
  const report: ReconcileReport = {
    source,
    target: `${targetTable}${predicate ? ` where ${predicate}` : ''}`,
    sourceRows: Number(row.source_rows),
    targetRows: Number(row.target_rows),
    matchedKeys: Number(row.matched_keys),
    missingInTarget: Number(row.missing_in_target),
    unexpectedInTarget: Number(row.unexpected_in_target),
    sourceDuplicateKeys: Number(row.source_duplicate_keys),
    targetDuplicateKeys: Number(row.target_duplicate_keys),
    mismatches: Object.fromEntries(compared.map((column, index) => [column.name, Number(row[`mismatched_${index}`])])),
    queryExecutionId: outcome.queryExecutionId,
  };
  await attachJson(world, 'reconciliation summary', report);
  const header = [
    'difference',
    ...mapping.keys.map((key) => key.target),
    ...compared.flatMap((column) => [`${column.name} (source)`, `${column.name} (target)`]),
  ];
  const sample = decodeSample(row.difference_sample ?? null);
  if (sample.length)
    await attachCsv(world, 'reconciliation differences', stringify([header, ...sample.map((r) => r.map((cell) => cell ?? ''))]));
  const differences =
    report.missingInTarget +
    report.unexpectedInTarget +
    report.sourceDuplicateKeys +
    report.targetDuplicateKeys +
    Object.values(report.mismatches).reduce((a, b) => a + b, 0);
  if (differences > 0) {
    throw new assert.AssertionError({
      message: `${describeReport(report)}\n  examples (first ${Math.min(MESSAGE_EXAMPLES, sample.length)} of ${sample.length} sampled; all sampled rows attached as CSV):\n${formatRows(header, sample, MESSAGE_EXAMPLES)}`,
    });
  }
  return report;
}

export function describeReport(report: ReconcileReport): string {
  const mismatchLines = Object.entries(report.mismatches).map(([column, count]) => `    ${column}: ${count}`);
  return [
    `${report.source} does not reconcile with ${report.target}:`,
    `  source rows:           ${report.sourceRows}`,
    `  target rows:           ${report.targetRows}`,
    `  matched keys:          ${report.matchedKeys}`,
    `  missing in target:     ${report.missingInTarget}`,
    `  unexpected in target:  ${report.unexpectedInTarget}`,
    `  duplicate keys:        ${report.sourceDuplicateKeys} in source, ${report.targetDuplicateKeys} in target`,
    `  mismatches per column:${mismatchLines.length ? `\n${mismatchLines.join('\n')}` : ' (no compared column)'}`,
    `  query: ${report.queryExecutionId}`,
  ].join('\n');
}

/** Row counts (measure undefined) or sums of one column compared exactly, both computed in the engine. */
export async function expectControlTotal(
  world: PostflightWorld,
  source: string,
  targetTable: string,
  predicate: string | undefined,
  measure?: { source: string; target: string },
): Promise<void> {
  const target = await tableRelation(world, targetTable);
  const sourceRel = await sourceRelation(world, source, target.table.database);
  let columns: { source: string; target: string } | undefined;
  let scale = 10;
  if (measure) {
    const sourceColumn = sourceRel.columns.get(measure.source) ?? sourceRel.columns.get(measure.source.toLowerCase());
    const targetColumn = target.columns.get(measure.target.toLowerCase());
    if (!sourceColumn)
      throw new MappingError(
        `The source ${source} has no column "${measure.source}" (its columns: ${[...sourceRel.columns.keys()].join(', ')}).`,
      );
    if (!targetColumn)
      throw new MappingError(
        `The table ${targetTable} has no column "${measure.target}" (its columns: ${[...target.columns.keys()].join(', ')}).`,
      );
    columns = { source: sourceColumn.sql, target: targetColumn.sql };
    scale = Number(/decimal\(\d+,\s*(\d+)\)/i.exec(targetColumn.type)?.[1] ?? 10);
  }
  const sql = controlTotalQuery({ sql: sourceRel.sql }, { sql: target.sql, predicate }, columns, scale);
  const outcome = await scenarioQueryOrThrow(world, measure ? 'control total' : 'row counts', sql);
  const row = firstRow(outcome);
  const what = measure ? `the sum of ${measure.source}` : 'the row count';
  assert.ok(
    row.source_value !== null && row.target_value !== null,
    `NOT_EVALUATED: ${what} could not be measured (source ${row.source_value ?? 'NULL'}, target ${row.target_value ?? 'NULL'}: no rows?).`,
  );
  if (canonicalCell(row.source_value ?? null) !== canonicalCell(row.target_value ?? null)) {
    throw new assert.AssertionError({
      message: `${what.charAt(0).toUpperCase()}${what.slice(1)} differs: ${row.source_value} in ${source}, ${row.target_value} in ${targetTable}${predicate ? ` where ${predicate}` : ''}.\n  query: ${outcome.queryExecutionId}`,
    });
  }
}
