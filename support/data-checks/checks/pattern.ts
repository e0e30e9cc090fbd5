import type { DataCheck } from '../check';
import { notEvaluated, numberOf } from '../check';
import { identifier, stringLiteral, whereClause } from '../sql';

/** Every non-null value matches the regular expression (Trino `regexp_like`: a match anywhere, so anchor it). */
export const pattern: DataCheck<{ column: string; regex: string }> = {
  name: 'pattern',
  row: { check: 'matches', params: (row) => ({ column: row.column, regex: row.argument }) },
  describe: (params, target) => `column ${params.column} of ${target.name} matches ${params.regex}`,
  metric: (params) => ({ kind: 'aggregate', expressions: [{ alias: 'non_matching_rows', sql: `count_if(${notMatching(params)})` }] }),
  evaluate(params, observed) {
    const count = numberOf(observed.non_matching_rows);
    const expected = `every value matches ${params.regex}`;
    if (count === undefined) return notEvaluated(expected, 'non-matching values could not be counted');
    return { outcome: count === 0 ? 'PASSED' : 'FAILED', observed: count === 0 ? expected : `${count} row(s) do not match`, expected };
  },
  samples: (params, target, limit) =>
    `SELECT ${identifier(params.column)} AS value, count(*) AS row_count FROM ${target.table.sql}${whereClause(target.predicate, notMatching(params))} ` +
    `GROUP BY ${identifier(params.column)} ORDER BY row_count DESC LIMIT ${limit}`,
};

function notMatching(params: { column: string; regex: string }): string {
  const column = identifier(params.column);
  return `(${column} IS NOT NULL AND NOT regexp_like(CAST(${column} AS varchar), ${stringLiteral(params.regex)}))`;
}
