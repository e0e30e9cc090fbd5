import type { DataCheck } from '../check';
import { notEvaluated, numberOf } from '../check';

export const rowCount: DataCheck<{ expected: number }> = {
  name: 'row_count',
  row: { check: 'rows', params: (row) => ({ expected: Number(row.argument) }) },
  describe: (params, target) => `${target.name} has ${params.expected} rows`,
  metric: () => ({ kind: 'aggregate', expressions: [{ alias: 'row_count', sql: 'count(*)' }] }),
  evaluate(params, observed) {
    const count = numberOf(observed.row_count);
    if (count === undefined) return notEvaluated(`${params.expected} rows`, 'the row count could not be measured');
    return { outcome: count === params.expected ? 'PASSED' : 'FAILED', observed: `${count} rows`, expected: `${params.expected} rows` };
  },
};
