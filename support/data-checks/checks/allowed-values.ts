import type { DataCheck } from '../check';
import { notEvaluated, numberOf } from '../check';
import { identifier, stringLiteral, whereClause } from '../sql';

/** Values outside the set fail; NULLs are left to the no-nulls check (as Great Expectations does). */
export const allowedValues: DataCheck<{ column: string; values: string[] }> = {
  name: 'allowed_values',
  row: { check: 'only contains', params: (row) => ({ column: row.column, values: row.argument.split(',').map((value) => value.trim()) }) },
  describe: (params, target) => `column ${params.column} of ${target.name} only contains ${params.values.join(', ')}`,
  metric: (params) => ({ kind: 'aggregate', expressions: [{ alias: 'unexpected_rows', sql: `count_if(${outsideSet(params)})` }] }),
  evaluate(params, observed) {
    const count = numberOf(observed.unexpected_rows);
    const expected = `only ${params.values.join(', ')}`;
    if (count === undefined) return notEvaluated(expected, 'unexpected values could not be counted');
    return { outcome: count === 0 ? 'PASSED' : 'FAILED', observed: count === 0 ? expected : `${count} row(s) with other values`, expected };
  },
  samples: (params, target, limit) =>
    `SELECT ${identifier(params.column)} AS value, count(*) AS row_count FROM ${target.table.sql}${whereClause(target.predicate, outsideSet(params))} ` +
    `GROUP BY ${identifier(params.column)} ORDER BY row_count DESC LIMIT ${limit}`,
};

function outsideSet(params: { column: string; values: string[] }): string {
  const column = `CAST(${identifier(params.column)} AS varchar)`;
  return `(${identifier(params.column)} IS NOT NULL AND ${column} NOT IN (${params.values.map(stringLiteral).join(', ')}))`;
}
