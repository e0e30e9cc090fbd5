import { queryPath } from './jsonpath';
import { parseValueMatcher } from './value-matcher';

export interface PathExpectation {
  path: string;
  value: string;
}

export interface PathMismatch {
  path: string;
  expected: string;
  actual: string;
}

/** Every row of a `| path | value |` table checked against one document; all mismatches reported. */
export function matchPaths(document: unknown, rows: PathExpectation[]): PathMismatch[] {
  const mismatches: PathMismatch[] = [];
  for (const row of rows) {
    const matcher = parseValueMatcher(row.value);
    const result = queryPath(document, row.path);
    if (!matcher.test(result.found, result.value)) {
      mismatches.push({
        path: row.path,
        expected: matcher.description,
        actual: result.found ? preview(result.value) : '(nothing at this path)',
      });
    }
  }
  return mismatches;
}

export function describeMismatches(subject: string, mismatches: PathMismatch[], document: unknown): string {
  const lines = mismatches.map((m) => `  ${m.path}: expected ${m.expected}, actual ${m.actual}`);
  return `${subject} does not match:\n${lines.join('\n')}\n${subject}: ${preview(document, 2000)}`;
}

/** Reads a gherkin table whose header is `path | value`. */
export function pathRows(table: { hashes(): Array<Record<string, string>> }): PathExpectation[] {
  const rows = table.hashes();
  const [first] = rows;
  if (!first || !('path' in first) || !('value' in first)) {
    throw new Error('The table needs the header | path | value | and at least one row.');
  }
  return rows.map((row) => ({ path: row.path ?? '', value: row.value ?? '' }));
}

export function preview(value: unknown, max = 500): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}
