import type { DataCheck } from '../check';
import { notEvaluated, numberOf } from '../check';
import { identifier, literal, whereClause } from '../sql';

export const valueRange: DataCheck<{ column: string; min: string; max: string }> = {
  name: 'value_range',
  row: {
    check: 'between',
    params(row) {
      const [, min, max] = /^\s*(\S+)\s+and\s+(\S+)\s*$/.exec(row.argument) ?? [];
      if (min === undefined || max === undefined) throw new Error(`"between" needs "<min> and <max>", got "${row.argument}".`);
      return { column: row.column, min, max };
    },
  },
  describe: (params, target) => `column ${params.column} of ${target.name} is between ${params.min} and ${params.max}`,
  metric: (params) => ({
    kind: 'aggregate',
    expressions: [
      { alias: 'out_of_range_rows', sql: `count_if(${outOfRange(params)})` },
      { alias: 'min_value', sql: `min(${identifier(params.column)})` },
      { alias: 'max_value', sql: `max(${identifier(params.column)})` },
    ],
  }),
  evaluate(params, observed) {
    const count = numberOf(observed.out_of_range_rows);
    const expected = `every value between ${params.min} and ${params.max}`;
    if (count === undefined) return notEvaluated(expected, 'values out of range could not be counted');
    const span =
      observed.min_value === null || observed.min_value === undefined
        ? 'no values'
        : `values from ${observed.min_value} to ${observed.max_value}`;
    return {
      outcome: count === 0 ? 'PASSED' : 'FAILED',
      observed: count === 0 ? span : `${count} row(s) out of range (${span})`,
      expected,
    };
  },
  samples: (params, target, limit) =>
    `SELECT * FROM ${target.table.sql}${whereClause(target.predicate, outOfRange(params))} LIMIT ${limit}`,
};

function outOfRange(params: { column: string; min: string; max: string }): string {
  const column = identifier(params.column);
  return `(${column} < ${literal(params.min)} OR ${column} > ${literal(params.max)})`;
}
