import { quoteIdentifier } from '../environment/resources';

/** SQL text helpers shared by data checks and reconciliation (Athena / Trino dialect). */
export function identifier(name: string): string {
  const trimmed = name.trim();
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(trimmed)) return `"${trimmed.replace(/"/g, '""')}"`;
  return quoteIdentifier(trimmed.toLowerCase());
}

export function stringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function whereClause(predicate: string | undefined, ...more: string[]): string {
  const parts = [predicate ? `(${predicate})` : '', ...more].filter(Boolean);
  return parts.length ? ` WHERE ${parts.join(' AND ')}` : '';
}

/** `123`, `-4.5`, `1e3` are numbers in SQL; anything else is quoted. */
export function literal(value: string): string {
  return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value.trim()) ? value.trim() : stringLiteral(value);
}
