import { canonicalCell, type Cell } from './cells';

export interface RowDifference {
  /** Rows expected but not found (as many times as they are missing). */
  missing: Cell[][];
  /** Rows found but not expected. */
  unexpected: Cell[][];
}

/** Multiset comparison of rows (order-insensitive), cells compared by `canonicalCell`. */
export function compareRowMultisets(actual: Cell[][], expected: Cell[][]): RowDifference {
  const counts = new Map<string, { row: Cell[]; count: number }>();
  const keyOf = (row: Cell[]) => JSON.stringify(row.map(canonicalCell));
  for (const row of expected) {
    const key = keyOf(row);
    const entry = counts.get(key) ?? { row, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  const unexpected: Cell[][] = [];
  for (const row of actual) {
    const entry = counts.get(keyOf(row));
    if (entry && entry.count > 0) entry.count -= 1;
    else unexpected.push(row);
  }
  const missing = [...counts.values()].flatMap((entry) => Array.from({ length: entry.count }, () => entry.row));
  return { missing, unexpected };
}

/** Ordered comparison: the first row index where they differ, if any. */
export function firstOrderedDifference(actual: Cell[][], expected: Cell[][]): number | undefined {
  const length = Math.max(actual.length, expected.length);
  for (let index = 0; index < length; index++) {
    const a = actual[index];
    const e = expected[index];
    if (!a || !e || JSON.stringify(a.map(canonicalCell)) !== JSON.stringify(e.map(canonicalCell))) return index;
  }
  return undefined;
}

export function formatRows(columns: string[], rows: Cell[][], limit = 20): string {
  const shown = rows.slice(0, limit);
  const widths = columns.map((column, index) => Math.max(column.length, ...shown.map((row) => displayCell(row[index]).length)));
  const line = (cells: string[]) => `  | ${cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join(' | ')} |`;
  const out = [line(columns), ...shown.map((row) => line(row.map(displayCell)))];
  if (rows.length > limit) out.push(`  … and ${rows.length - limit} more row(s)`);
  return out.join('\n');
}

function displayCell(cell: Cell | undefined): string {
  return cell === null || cell === undefined ? 'NULL' : cell;
}
