import type { PostflightWorld } from '../world';
import { parseDuration } from '../../model/duration';
import type { CheckRequest } from './quality-actions';

/**
 * Rows of "the table … passes these checks:" (`| check | column | argument |`) → check requests
 * on one table slice, so their aggregate metrics share one scan.
 */
const ROW_FORMS: Record<string, (column: string, argument: string, world: PostflightWorld) => { check: string; params: unknown }> = {
  rows: (_column, argument) => ({ check: 'row_count', params: { expected: Number(argument) } }),
  'no nulls': (column) => ({ check: 'no_nulls', params: { column } }),
  unique: (column) => ({ check: 'unique', params: { columns: column.split(',').map((c) => c.trim()) } }),
  'only contains': (column, argument) => ({
    check: 'allowed_values',
    params: { column, values: argument.split(',').map((v) => v.trim()) },
  }),
  between: (column, argument) => {
    const match = /^\s*(\S+)\s+and\s+(\S+)\s*$/.exec(argument);
    if (!match) throw new Error(`"between" needs "<min> and <max>", got "${argument}".`);
    return { check: 'value_range', params: { column, min: match[1], max: match[2] } };
  },
  matches: (column, argument) => ({ check: 'pattern', params: { column, regex: argument } }),
  'exists in': (column, argument, world) => {
    const [, referenceColumn, referenceTable] = /^\s*(\S+)\s+of\s+(\S+)\s*$/.exec(argument) ?? [];
    if (!referenceColumn || !referenceTable) throw new Error(`"exists in" needs "<column> of <db.table>", got "${argument}".`);
    return {
      check: 'referential_integrity',
      params: { column, reference: { name: referenceTable, table: world.resources.table(referenceTable), column: referenceColumn } },
    };
  },
  'at most old': (column, argument) => ({ check: 'freshness', params: { column, maxAgeMs: parseDuration(argument) } }),
};

export function checksFromTable(
  world: PostflightWorld,
  table: string,
  rows: Array<Record<string, string>>,
  predicate: string | undefined,
): CheckRequest[] {
  return rows.map((row, index) => {
    const form = ROW_FORMS[(row.check ?? '').trim().toLowerCase()];
    if (!form)
      throw new Error(
        `Row ${index + 1}: unknown check "${row.check}". Use one of: ${Object.keys(ROW_FORMS).join(', ')} (columns: | check | column | argument |).`,
      );
    return { ...form((row.column ?? '').trim(), (row.argument ?? '').trim(), world), table, predicate };
  });
}
