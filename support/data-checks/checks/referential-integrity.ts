import type { DataCheck } from '../check';
import { notEvaluated, numberOf } from '../check';
import type { TableReference } from '../../../model/locations';
import { identifier, whereClause } from '../sql';

export interface ReferenceParams {
  column: string;
  reference: { name: string; table: TableReference; column: string };
}

/** Every non-null value of a column exists in a column of a reference table (no orphans). */
export const referentialIntegrity: DataCheck<ReferenceParams> = {
  name: 'referential_integrity',
  row: {
    check: 'exists in',
    params(row, resources) {
      const [, referenceColumn, referenceTable] = /^\s*(\S+)\s+of\s+(\S+)\s*$/.exec(row.argument) ?? [];
      if (!referenceColumn || !referenceTable) throw new Error(`"exists in" needs "<column> of <db.table>", got "${row.argument}".`);
      return { column: row.column, reference: { name: referenceTable, table: resources.table(referenceTable), column: referenceColumn } };
    },
  },
  describe: (params, target) => `every ${params.column} of ${target.name} exists in ${params.reference.column} of ${params.reference.name}`,
  metric: (params, target) => ({
    kind: 'query',
    sql: `SELECT count(*) AS orphan_rows, count(DISTINCT orphan) AS orphan_values FROM (${orphans(params, target)}) o`,
  }),
  evaluate(params, observed) {
    const rows = numberOf(observed.orphan_rows);
    const expected = `every value found in ${params.reference.name}.${params.reference.column}`;
    if (rows === undefined) return notEvaluated(expected, 'orphans could not be counted');
    return {
      outcome: rows === 0 ? 'PASSED' : 'FAILED',
      observed: rows === 0 ? expected : `${observed.orphan_values} value(s) in ${rows} row(s) have no match in ${params.reference.name}`,
      expected,
    };
  },
  samples: (params, target, limit) =>
    `SELECT orphan AS value, count(*) AS row_count FROM (${orphans(params, target)}) o GROUP BY orphan ORDER BY row_count DESC LIMIT ${limit}`,
};

function orphans(params: ReferenceParams, target: { table: TableReference; predicate?: string }): string {
  const column = identifier(params.column);
  const referenceColumn = identifier(params.reference.column);
  return (
    `SELECT t.${column} AS orphan FROM ${target.table.sql} t${whereClause(target.predicate, `t.${column} IS NOT NULL`)} ` +
    `AND NOT EXISTS (SELECT 1 FROM ${params.reference.table.sql} r WHERE r.${referenceColumn} = t.${column})`
  );
}
