import type { ColumnRule } from './mapping';

/** Everything the comparison query needs, already resolved to SQL names and target types. */
export interface ReconcileQueryInput {
  source: { sql: string; predicate?: string };
  target: { sql: string; predicate?: string };
  keys: Array<{ source: string; target: string; type: string }>;
  compared: Array<{ name: string; source: string; target: string; type: string; rule: ColumnRule['rule'] }>;
  sampleLimit: number;
}

/** Separators of the encoded difference sample: ASCII record and unit separators, absent from real data. */
export const RECORD_SEPARATOR = '\u001e';
export const UNIT_SEPARATOR = '\u001f';
export const NULL_MARKER = '\\N';

/**
 * The whole comparison as ONE query, computed in the engine: each side grouped by key (so
 * duplicates are counted, not multiplied), a full outer join on the key, then one aggregate
 * row with every count, one mismatch count per compared column, and a capped, encoded sample
 * of the differing keys with both sides' values. Source values are cast to the target column's
 * type; tolerances compare as DECIMAL(38,10), never through floats.
 */
export function reconcileQuery(input: ReconcileQueryInput): string {
  const keyCols = input.keys.map((_, i) => `k${i}`);
  const valueCols = input.compared.map((_, i) => `v${i}`);
  // Source values are read as their target column's type, as loading them would.
  type Column = (typeof input.keys)[number];
  const side = (relation: { sql: string; predicate?: string }, read: (column: Column) => string) =>
    `SELECT ${[...input.keys.map((key, i) => `${read(key)} AS k${i}`), ...input.compared.map((column, i) => `${read(column)} AS v${i}`)].join(', ')} ` +
    `FROM ${relation.sql}${relation.predicate ? ` WHERE (${relation.predicate})` : ''}`;
  const sourceSide = side(input.source, (column) => castTo(column.source, column.type));
  const targetSide = side(input.target, (column) => column.target);
  const grouped = (name: string) =>
    `SELECT ${[...keyCols, 'count(*) AS n', ...valueCols.map((v) => `min(${v}) AS ${v}`)].join(', ')} FROM ${name} GROUP BY ${keyCols.join(', ')}`;
  const joinOn = keyCols.map((k) => `s.${k} = t.${k}`).join(' AND ');
  const joinedColumns = [
    ...keyCols.map((k) => `coalesce(s.${k}, t.${k}) AS ${k}`),
    's.n AS s_n',
    't.n AS t_n',
    ...valueCols.flatMap((v) => [`s.${v} AS s_${v}`, `t.${v} AS t_${v}`]),
  ];
  const equal = input.compared.map((column, i) => `coalesce(${equality(column.rule, column.type, `s_v${i}`, `t_v${i}`)}, false)`);
  const bothSides = 's_n IS NOT NULL AND t_n IS NOT NULL';
  const differs = ['t_n IS NULL', 's_n IS NULL', 's_n > 1', 't_n > 1', ...equal.map((e) => `NOT ${e}`)].join(' OR ');
  const status =
    "CASE WHEN t_n IS NULL THEN 'missing in target' WHEN s_n IS NULL THEN 'unexpected in target' " +
    "WHEN s_n > 1 OR t_n > 1 THEN 'duplicate key' ELSE 'value mismatch' END";
  const encoded = `concat_ws(chr(31), ${[status, ...keyCols.map(text), ...valueCols.flatMap((v) => [text(`s_${v}`), text(`t_${v}`)])].join(
    ', ',
  )})`;
  const metrics = [
    'coalesce(sum(s_n), 0) AS source_rows',
    'coalesce(sum(t_n), 0) AS target_rows',
    `count_if(${bothSides}) AS matched_keys`,
    'count_if(t_n IS NULL) AS missing_in_target',
    'count_if(s_n IS NULL) AS unexpected_in_target',
    'count_if(s_n > 1) AS source_duplicate_keys',
    'count_if(t_n > 1) AS target_duplicate_keys',
    ...equal.map((e, i) => `count_if(${bothSides} AND NOT ${e}) AS mismatched_${i}`),
    // CASE first: the engine builds the encoded text only for differing rows, not for every row.
    `array_join(slice(array_agg(CASE WHEN ${differs} THEN ${encoded} END ORDER BY ${keyCols.join(', ')}) FILTER (WHERE ${differs}), 1, ${input.sampleLimit}), chr(30)) AS difference_sample`,
  ];
  return [
    'WITH',
    `source_rows AS (${sourceSide}),`,
    `target_rows AS (${targetSide}),`,
    `source_keys AS (${grouped('source_rows')}),`,
    `target_keys AS (${grouped('target_rows')}),`,
    `joined AS (SELECT ${joinedColumns.join(', ')} FROM source_keys s FULL OUTER JOIN target_keys t ON ${joinOn})`,
    `SELECT ${metrics.join(', ')}`,
    'FROM joined',
  ].join('\n');
}

/** Source text cast to the target column's type; a value that does not cast becomes NULL (and so differs). */
export function castTo(column: string, hiveType: string): string {
  const type = athenaType(hiveType);
  return type === 'varchar' ? `CAST(${column} AS varchar)` : `TRY_CAST(${column} AS ${type})`;
}

function equality(rule: ColumnRule['rule'], targetType: string, source: string, target: string): string {
  if (rule === 'equal' || rule === 'key') return `(${source} IS NOT DISTINCT FROM ${target})`;
  const decimal = `DECIMAL(38,${toleranceScale(targetType, rule.tolerance)})`;
  return `((${source} IS NULL AND ${target} IS NULL) OR abs(CAST(${source} AS ${decimal}) - CAST(${target} AS ${decimal})) <= CAST('${rule.tolerance}' AS ${decimal}))`;
}

/**
 * The scale at which a tolerance is applied: the target column's own scale (a decimal's, 0 for
 * integers, 6 for floating point), or the tolerance's if finer. Both sides are exact decimals
 * there, so no float rounding decides a difference at the boundary.
 */
export function toleranceScale(targetType: string, tolerance: string): number {
  const toleranceDigits = (tolerance.split('.')[1] ?? '').length;
  const decimal = /decimal\(\s*\d+\s*,\s*(\d+)\s*\)/i.exec(targetType);
  const columnScale = decimal ? Number(decimal[1]) : /^(tinyint|smallint|int|integer|bigint)$/i.test(targetType.trim()) ? 0 : 6;
  return Math.max(columnScale, toleranceDigits);
}

function text(column: string): string {
  return `coalesce(CAST(${column} AS varchar), '${NULL_MARKER}')`;
}

/** Glue/Hive column types as Athena's SQL names them. */
export function athenaType(hiveType: string): string {
  const type = hiveType.toLowerCase().replace(/\s+/g, '');
  if (type === 'string' || type.startsWith('varchar') || type.startsWith('char')) return 'varchar';
  if (type === 'int') return 'integer';
  if (type === 'float') return 'real';
  return type;
}

/** Decodes `difference_sample` into rows: status, keys…, then source/target value pairs. */
export function decodeSample(encoded: string | null): Array<Array<string | null>> {
  if (!encoded) return [];
  return encoded.split(RECORD_SEPARATOR).map((record) => record.split(UNIT_SEPARATOR).map((cell) => (cell === NULL_MARKER ? null : cell)));
}

/** Counts and sums of one side against the other, for control totals. */
export function controlTotalQuery(
  source: { sql: string; predicate?: string },
  target: { sql: string; predicate?: string },
  measure: { source: string; target: string } | undefined,
  scale: number,
): string {
  const where = (predicate?: string) => (predicate ? ` WHERE (${predicate})` : '');
  const aggregate = (column: string | undefined) => (column ? `sum(TRY_CAST(${column} AS DECIMAL(38,${scale})))` : 'count(*)');
  return (
    `SELECT (SELECT ${aggregate(measure?.source)} FROM ${source.sql}${where(source.predicate)}) AS source_value, ` +
    `(SELECT ${aggregate(measure?.target)} FROM ${target.sql}${where(target.predicate)}) AS target_value`
  );
}
