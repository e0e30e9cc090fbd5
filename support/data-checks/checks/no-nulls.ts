import type { DataCheck } from '../check';
import { notEvaluated, numberOf } from '../check';
import { identifier, whereClause } from '../sql';

export const noNulls: DataCheck<{ column: string }> = {
  name: 'no_nulls',
  row: { check: 'no nulls', params: (row) => ({ column: row.column }) },
  describe: (params, target) => `column ${params.column} of ${target.name} has no nulls`,
  metric: (params) => ({ kind: 'aggregate', expressions: [{ alias: 'null_rows', sql: `count_if(${identifier(params.column)} IS NULL)` }] }),
  evaluate(_params, observed) {
    const nulls = numberOf(observed.null_rows);
    if (nulls === undefined) return notEvaluated('0 null values', 'the null count could not be measured');
    return { outcome: nulls === 0 ? 'PASSED' : 'FAILED', observed: `${nulls} null value(s)`, expected: '0 null values' };
  },
  samples: (params, target, limit) =>
    `SELECT * FROM ${target.table.sql}${whereClause(target.predicate, `${identifier(params.column)} IS NULL`)} LIMIT ${limit}`,
};
