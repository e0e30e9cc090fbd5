import { DuckDBInstance } from '@duckdb/node-api';

/**
 * A 1,000,000-row positions source (CSV) and target (Parquet) where 0.1 % of the rows differ:
 * a third missing from the target, a third only in the target, a third with changed values.
 */
export interface GeneratedData {
  csv: string;
  parquet: string;
  rows: number;
  expected: { missingInTarget: number; unexpectedInTarget: number; quantityMismatches: number; marketValueMismatches: number };
}

export async function generateReconcileData(directory: string, rows = 1_000_000): Promise<GeneratedData> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const differing = Math.round(rows * 0.001);
  const third = Math.floor(differing / 3);
  // Rows i < third exist only in the source; rows rows..rows+third exist only in the target;
  // rows third..2*third have another quantity in the target, 2*third..differing another value.
  const source = `SELECT 'ACC-' || lpad(CAST(i % 5000 AS VARCHAR), 5, '0') AS account_id,
      'SEC' || lpad(CAST(i AS VARCHAR), 9, '0') AS security_id,
      CAST(100 + i % 900 AS BIGINT) AS quantity,
      CAST(round(1000 + (i % 100000) * 1.37, 2) AS DECIMAL(18,2)) AS market_value,
      CASE WHEN i % 3 = 0 THEN 'USD' WHEN i % 3 = 1 THEN 'EUR' ELSE 'GBP' END AS currency
    FROM range(${rows}) t(i)`;
  await connection.run(`COPY (${source}) TO '${directory}/source.csv' (HEADER, DELIMITER ',')`);
  const target = `SELECT account_id, security_id,
        CASE WHEN i >= ${third} AND i < ${2 * third} THEN quantity + 1 ELSE quantity END AS quantity,
        CASE WHEN i >= ${2 * third} AND i < ${differing} THEN market_value + 0.05 ELSE market_value END AS market_value,
        currency
      FROM (SELECT *, CAST(substr(security_id, 4) AS BIGINT) AS i FROM (${source.replace(`range(${rows})`, `range(${rows + third})`)}))
      WHERE i >= ${third}`;
  await connection.run(`COPY (${target}) TO '${directory}/target.parquet' (FORMAT PARQUET)`);
  connection.closeSync();
  instance.closeSync();
  return {
    csv: `${directory}/source.csv`,
    parquet: `${directory}/target.parquet`,
    rows,
    expected: {
      missingInTarget: third,
      unexpectedInTarget: third,
      quantityMismatches: third,
      marketValueMismatches: differing - 2 * third,
    },
  };
}
