/** One row of the mapping table: `| source column | target column | rule |`. */
export interface ColumnRule {
  source: string;
  target: string;
  /** `key` (join key), `equal`, or an absolute tolerance written as a decimal number. */
  rule: 'key' | 'equal' | { tolerance: string };
}

export interface ReconcileMapping {
  keys: ColumnRule[];
  compared: ColumnRule[];
}

export class MappingError extends Error {}

const TOLERANCE = /^\d+(\.\d+)?$/;

export function parseMapping(rows: Array<Record<string, string>>): ReconcileMapping {
  const [header] = rows;
  if (!header || !('source column' in header) || !('target column' in header) || !('rule' in header)) {
    throw new MappingError('The mapping table needs the header | source column | target column | rule | and one row per column.');
  }
  const rules = rows.map((row, index): ColumnRule => {
    const source = (row['source column'] ?? '').trim();
    const target = (row['target column'] ?? '').trim();
    const rule = (row.rule ?? '').trim().toLowerCase();
    if (!source || !target) throw new MappingError(`Mapping row ${index + 1}: both a source and a target column are needed.`);
    if (rule === 'key' || rule === 'equal') return { source, target, rule };
    if (TOLERANCE.test(rule)) return { source, target, rule: { tolerance: rule } };
    throw new MappingError(
      `Mapping row ${index + 1} (${source} → ${target}): rule "${row.rule}" is not key, equal or a tolerance such as 0.01.`,
    );
  });
  const keys = rules.filter((rule) => rule.rule === 'key');
  if (keys.length === 0)
    throw new MappingError('The mapping has no key column: mark the column(s) that identify a row with the rule "key".');
  return { keys, compared: rules.filter((rule) => rule.rule !== 'key') };
}
