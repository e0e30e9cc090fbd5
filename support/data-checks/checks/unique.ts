import type { DataCheck } from '../check';
import { notEvaluated, numberOf } from '../check';
import { identifier, whereClause } from '../sql';

/** One column, or several together (a composite key). */
export const unique: DataCheck<{ columns: string[] }> = {
  name: 'unique',
  row: { check: 'unique', params: (row) => ({ columns: row.column.split(',').map((column) => column.trim()) }) },
  describe: (params, target) =>
    params.columns.length === 1
      ? `column ${params.columns[0]} of ${target.name} is unique`
      : `columns ${params.columns.join(', ')} of ${target.name} are unique together`,
  metric(params, target) {
    const columns = params.columns.map(identifier).join(', ');
    return {
      kind: 'query',
      sql:
        `SELECT count(*) AS duplicated_keys, coalesce(sum(occurrences), 0) AS rows_with_duplicated_keys FROM (` +
        `SELECT ${columns}, count(*) AS occurrences FROM ${target.table.sql}${whereClause(target.predicate)} GROUP BY ${columns} HAVING count(*) > 1) duplicates`,
    };
  },
  evaluate(_params, observed) {
    const keys = numberOf(observed.duplicated_keys);
    if (keys === undefined) return notEvaluated('no duplicated value', 'duplicates could not be counted');
    return {
      outcome: keys === 0 ? 'PASSED' : 'FAILED',
      observed: keys === 0 ? 'no duplicated value' : `${keys} value(s) occur more than once (${observed.rows_with_duplicated_keys} rows)`,
      expected: 'no duplicated value',
    };
  },
  samples(params, target, limit) {
    const columns = params.columns.map(identifier).join(', ');
    return `SELECT ${columns}, count(*) AS occurrences FROM ${target.table.sql}${whereClause(target.predicate)} GROUP BY ${columns} HAVING count(*) > 1 ORDER BY occurrences DESC LIMIT ${limit}`;
  },
};
