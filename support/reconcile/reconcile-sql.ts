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
  // Tolerance columns compare as DECIMAL(38,10); their source text is kept too, for readable examples.
  const tolerant = input.compared.map((column) => typeof column.rule === 'object');
  const side = (relation: { sql: string; predicate?: string }, pick: (i: number) => string, values: (i: number) => string, raw: (i: number) => string) =>
    `SELECT ${[
      ...input.keys.map((_, i) => `${pick(i)} AS k${i}`),
      ...input.compared.map((_, i) => `${values(i)} AS v${i}`),
      ...input.compared.flatMap((_, i) => (tolerant[i] ? [`${raw(i)} AS r${i}`] : [])),
    ].join(', ')} ` + `FROM ${relation.sql}${relation.predicate ? ` WHERE (${relation.predicate})` : ''}`;
  const sourceSide = side(
    input.source,
    (i) => castTo(input.keys[i].source, input.keys[i].type),
    (i) => (tolerant[i] ? `TRY_CAST(${input.compared[i].source} AS DECIMAL(38,10))` : castTo(input.compared[i].source, input.compared[i].type)),
    (i) => `CAST(${input.compared[i].source} AS varchar)`,
  );
  const targetSide = side(
    input.target,
    (i) => input.keys[i].target,
    (i) => input.compared[i].target,
    (i) => `CAST(${input.compared[i].target} AS varchar)`,
  );
  const rawCols = input.compared.flatMap((_, i) => (tolerant[i] ? [`r${i}`] : []));
  const grouped = (name: string) =>
    `SELECT ${[...keyCols, 'count(*) AS n', ...[...valueCols, ...rawCols].map((v) => `min(${v}) AS ${v}`)].join(', ')} FROM ${name} GROUP BY ${keyCols.join(', ')}`;
  const joinOn = keyCols.map((k) => `s.${k} = t.${k}`).join(' AND ');
  const joinedColumns = [
    ...keyCols.map((k) => `coalesce(s.${k}, t.${k}) AS ${k}`),
    's.n AS s_n',
    't.n AS t_n',
    ...[...valueCols, ...rawCols].flatMap((v) => [`s.${v} AS s_${v}`, `t.${v} AS t_${v}`]),
  ];
  const equal = input.compared.map((column, i) => `coalesce(${equality(column.rule, `s_v${i}`, `t_v${i}`)}, false)`);
  const bothSides = 's_n IS NOT NULL AND t_n IS NOT NULL';
  const differs = ['t_n IS NULL', 's_n IS NULL', 's_n > 1', 't_n > 1', ...equal.map((e) => `NOT ${e}`)].join(' OR ');
  const status =
    "CASE WHEN t_n IS NULL THEN 'missing in target' WHEN s_n IS NULL THEN 'unexpected in target' " +
    "WHEN s_n > 1 OR t_n > 1 THEN 'duplicate key' ELSE 'value mismatch' END";
  const encoded = `concat_ws(chr(31), ${[
    status,
    ...keyCols.map(text),
    ...valueCols.flatMap((v, i) => (tolerant[i] ? [text(`s_r${i}`), text(`t_r${i}`)] : [text(`s_${v}`), text(`t_${v}`)])),
  ].join(', ')})`;
  const metrics = [
    'coalesce(sum(s_n), 0) AS source_rows',
    'coalesce(sum(t_n), 0) AS target_rows',
    `count_if(${bothSides}) AS matched_keys`,
    'count_if(t_n IS NULL) AS missing_in_target',
    'count_if(s_n IS NULL) AS unexpected_in_target',
    'count_if(s_n > 1) AS source_duplicate_keys',
    'count_if(t_n > 1) AS target_duplicate_keys',
    ...equal.map((e, i) => `count_if(${bothSides} AND NOT ${e}) AS mismatched_${i}`),
    `array_join(slice(array_agg(${encoded} ORDER BY ${keyCols.join(', ')}) FILTER (WHERE ${differs}), 1, ${input.sampleLimit}), chr(30)) AS difference_sample`,
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

function equality(rule: ColumnRule['rule'], source: string, target: string): string {
  if (rule === 'equal' || rule === 'key') return `(${source} IS NOT DISTINCT FROM ${target})`;
  const tolerance = `CAST('${rule.tolerance}' AS DECIMAL(38,10))`;
  return `((${source} IS NULL AND ${target} IS NULL) OR abs(CAST(${source} AS DECIMAL(38,10)) - CAST(${target} AS DECIMAL(38,10))) <= ${tolerance})`;
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
export function controlTotalQuery(source: { sql: string; predicate?: string }, target: { sql: string; predicate?: string }, measure: { source: string; target: string } | undefined, scale: number): string {
  const where = (predicate?: string) => (predicate ? ` WHERE (${predicate})` : '');
  const aggregate = (column: string | undefined) => (column ? `sum(TRY_CAST(${column} AS DECIMAL(38,${scale})))` : 'count(*)');
  return (
    `SELECT (SELECT ${aggregate(measure?.source)} FROM ${source.sql}${where(source.predicate)}) AS source_value, ` +
    `(SELECT ${aggregate(measure?.target)} FROM ${target.sql}${where(target.predicate)}) AS target_value`
  );
}
