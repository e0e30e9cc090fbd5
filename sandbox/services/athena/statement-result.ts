import type { ColumnInfo } from '@aws-sdk/client-athena';
import { athenaColumn, type Cell } from './result-format';

/** What a finished statement leaves behind for GetQueryResults and the results file. */
export interface StatementResult {
  columns: ColumnInfo[];
  rows: Cell[][];
  /** For a SELECT (DML), GetQueryResults' first row is the header row of column names. */
  header?: string[];
  /** SELECT answers 0; INSERT / CTAS the rows written; other DDL leaves it out. */
  updateCount?: number;
  scannedBytes: number;
}

/** The columns of SHOW / DESCRIBE results, as Athena types them (measured: string, precision 0). */
export function utilityColumn(name: string): ColumnInfo {
  return athenaColumn(name, 'string', 0, 0, false);
}

export const EMPTY_RESULT: StatementResult = { columns: [], rows: [], scannedBytes: 0 };
