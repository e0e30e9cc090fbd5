import { DuckDBInstance } from '@duckdb/node-api';

/**
 * The baseline: what an engineer would write by hand in DuckDB — a full outer join on the key
 * over the same files, counting the same categories (matched, missing, unexpected, duplicate
 * keys, mismatches per column with the same 0.01 tolerance).
 */
export const BASELINE_SQL = (csv: string, parquet: string) => `
WITH s AS (
  SELECT account_id, security_id, count(*) AS n, min(quantity) AS quantity, min(market_value) AS market_value
  FROM read_csv('${csv}', header = true, columns = {'account_id': 'VARCHAR', 'security_id': 'VARCHAR', 'quantity': 'BIGINT', 'market_value': 'DECIMAL(18,2)', 'currency': 'VARCHAR'})
  GROUP BY account_id, security_id
), t AS (
  SELECT account_id, security_id, count(*) AS n, min(quantity) AS quantity, min(market_value) AS market_value
  FROM read_parquet('${parquet}')
  GROUP BY account_id, security_id
)
SELECT
  count(*) FILTER (WHERE s.n IS NOT NULL AND t.n IS NOT NULL) AS matched_keys,
  count(*) FILTER (WHERE t.n IS NULL) AS missing_in_target,
  count(*) FILTER (WHERE s.n IS NULL) AS unexpected_in_target,
  count(*) FILTER (WHERE s.n > 1) AS source_duplicate_keys,
  count(*) FILTER (WHERE t.n > 1) AS target_duplicate_keys,
  count(*) FILTER (WHERE s.n IS NOT NULL AND t.n IS NOT NULL AND s.quantity IS DISTINCT FROM t.quantity) AS quantity_mismatches,
  count(*) FILTER (WHERE s.n IS NOT NULL AND t.n IS NOT NULL AND abs(s.market_value - t.market_value) > 0.01) AS market_value_mismatches
FROM s FULL OUTER JOIN t ON s.account_id = t.account_id AND s.security_id = t.security_id`;

export async function runBaseline(
  csv: string,
  parquet: string,
  iterations: number,
): Promise<{ timesMs: number[]; result: Record<string, unknown> }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const timesMs: number[] = [];
  let result: Record<string, unknown> = {};
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    const reader = await connection.runAndReadAll(BASELINE_SQL(csv, parquet));
    timesMs.push(performance.now() - started);
    result = reader.getRowObjectsJson()[0] as Record<string, unknown>;
  }
  connection.closeSync();
  instance.closeSync();
  return { timesMs, result };
}
