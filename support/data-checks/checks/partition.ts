import { GetPartitionCommand, GetTableCommand, EntityNotFoundException } from '@aws-sdk/client-glue';
import type { DataCheck } from '../check';
import { notEvaluated } from '../check';

/** `as_of_date=2026-11-26` (or `a=1/b=2`) is a registered partition of the table. */
export const partition: DataCheck<{ partition: string }> = {
  name: 'partition',
  describe: (params, target) => `${target.name} has the partition ${params.partition}`,
  metric: (params, target) => ({
    kind: 'catalog',
    async measure(glue) {
      const wanted = parsePartitionSpec(params.partition);
      try {
        const { Table } = await glue.send(new GetTableCommand({ DatabaseName: target.table.database, Name: target.table.table }));
        const keys = (Table?.PartitionKeys ?? []).map((key) => key.Name ?? '');
        if (keys.length === 0) return { present: null, reason: `${target.name} is not partitioned` };
        const missingKeys = keys.filter((key) => !(key in wanted));
        if (missingKeys.length || Object.keys(wanted).length !== keys.length) {
          return { present: null, reason: `the partition must name every partition key in order: ${keys.join('/')}` };
        }
        const values = keys.map((key) => wanted[key] ?? '');
        try {
          const found = await glue.send(
            new GetPartitionCommand({ DatabaseName: target.table.database, TableName: target.table.table, PartitionValues: values }),
          );
          return { present: true, location: found.Partition?.StorageDescriptor?.Location };
        } catch (error) {
          if (error instanceof EntityNotFoundException) return { present: false };
          throw error;
        }
      } catch (error) {
        if (error instanceof EntityNotFoundException)
          return { present: null, reason: `table ${target.table.database}.${target.table.table} is not in the catalog` };
        throw error;
      }
    },
  }),
  evaluate(params, observed) {
    const expected = `partition ${params.partition} registered`;
    if (observed.present === null || observed.present === undefined)
      return notEvaluated(expected, String(observed.reason ?? 'the catalog could not be read'));
    return observed.present
      ? { outcome: 'PASSED', observed: `registered at ${observed.location ?? '(no location)'}`, expected }
      : { outcome: 'FAILED', observed: 'not registered', expected };
  },
};

export function parsePartitionSpec(spec: string): Record<string, string> {
  const parts = spec.split('/').filter(Boolean);
  const values: Record<string, string> = {};
  for (const part of parts) {
    const equals = part.indexOf('=');
    if (equals <= 0) throw new Error(`"${spec}" is not a partition: write key=value (several joined by /), e.g. as_of_date=2026-11-26.`);
    values[part.slice(0, equals).trim()] = part.slice(equals + 1).trim();
  }
  return values;
}
