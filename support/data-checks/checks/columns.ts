import { GetTableCommand, EntityNotFoundException } from '@aws-sdk/client-glue';
import type { DataCheck } from '../check';
import { notEvaluated } from '../check';

export interface ExpectedColumn {
  name: string;
  type: string;
}

/** The catalog declares these columns with these types (partition keys included; other columns allowed). */
export const columns: DataCheck<{ columns: ExpectedColumn[] }> = {
  name: 'columns',
  describe: (params, target) => `${target.name} has the columns ${params.columns.map((c) => `${c.name} ${c.type}`).join(', ')}`,
  metric: (_params, target) => ({
    kind: 'catalog',
    async measure(glue) {
      try {
        const { Table } = await glue.send(new GetTableCommand({ DatabaseName: target.table.database, Name: target.table.table }));
        const declared = [...(Table?.StorageDescriptor?.Columns ?? []), ...(Table?.PartitionKeys ?? [])];
        return { columns: declared.map((column) => ({ name: column.Name ?? '', type: column.Type ?? '' })) };
      } catch (error) {
        if (error instanceof EntityNotFoundException)
          return { columns: null, reason: `table ${target.table.database}.${target.table.table} is not in the catalog` };
        throw error;
      }
    },
  }),
  evaluate(params, observed) {
    const expected = params.columns.map((c) => `${c.name} ${normaliseType(c.type)}`).join(', ');
    const actual = observed.columns as ExpectedColumn[] | null;
    if (!actual) return notEvaluated(expected, String(observed.reason ?? 'the catalog could not be read'));
    const problems = params.columns.flatMap((column) => {
      const found = actual.find((candidate) => candidate.name.toLowerCase() === column.name.toLowerCase());
      if (!found) return [`${column.name} is missing`];
      return normaliseType(found.type) === normaliseType(column.type)
        ? []
        : [`${column.name} is ${normaliseType(found.type)}, not ${normaliseType(column.type)}`];
    });
    return {
      outcome: problems.length ? 'FAILED' : 'PASSED',
      observed: problems.length
        ? `${problems.join('; ')} (declared: ${actual.map((c) => `${c.name} ${normaliseType(c.type)}`).join(', ')})`
        : expected,
      expected,
    };
  },
};

/** `DECIMAL(18, 2)` = `decimal(18,2)`; `varchar` = `string` (how Athena and Glue name the same type). */
export function normaliseType(type: string): string {
  const compact = type.toLowerCase().replace(/\s+/g, '');
  return compact === 'varchar' ? 'string' : compact.replace(/^varchar\(\d+\)$/, 'string');
}
