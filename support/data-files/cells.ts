/**
 * How two cells compare when rows of data are compared (query results, data files): as text
 * after the engine's own formatting, but numbers numerically (`100` = `100.0` = `1E2`), and
 * empty/NULL alike only when both are null.
 */
export type Cell = string | null;

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export function cellsEqual(actual: Cell, expected: Cell): boolean {
  if (actual === null || expected === null) return actual === expected;
  if (actual === expected) return true;
  const a = actual.trim();
  const e = expected.trim();
  if (NUMBER.test(a) && NUMBER.test(e)) return Number(a) === Number(e) || normaliseDecimal(a) === normaliseDecimal(e);
  return false;
}

/** A canonical text for a cell, for multiset comparison keys: numbers lose insignificant zeros. */
export function canonicalCell(cell: Cell): string {
  if (cell === null) return '\u0000NULL';
  const trimmed = cell.trim();
  return NUMBER.test(trimmed) ? normaliseDecimal(trimmed) : cell;
}

/** `018934.500` → `18934.5`, exactly (no float rounding for long decimals). */
function normaliseDecimal(text: string): string {
  if (/[eE]/.test(text)) return String(Number(text));
  let [whole = '', fraction = ''] = text.replace(/^\+/, '').split('.');
  const negative = whole.startsWith('-');
  whole = whole.replace('-', '').replace(/^0+(?=\d)/, '') || '0';
  fraction = fraction.replace(/0+$/, '');
  const body = fraction ? `${whole}.${fraction}` : whole;
  return negative && body !== '0' ? `-${body}` : body;
}

/** Cells from any JS value a reader produced (bigint, Date, number, boolean). */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
  if (typeof value === 'object') return JSON.stringify(value, (_key, member) => (typeof member === 'bigint' ? member.toString() : member));
  return String(value);
}
