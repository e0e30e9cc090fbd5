import assert from 'node:assert/strict';
import type { PostflightWorld } from '../world';
import { oneLine, type QueryOutcome } from './query';
import { scenarioQuery } from './scenario-query';
import { compareRowMultisets, firstOrderedDifference, formatRows } from '../data-files/compare-rows';
import type { Cell } from '../data-files/cells';

/** `<null>` in a table cell stands for SQL NULL (an empty cell is an empty string). */
export const NULL_CELL = '<null>';

export async function runScenarioQuery(world: PostflightWorld, sql: string): Promise<QueryOutcome> {
  const outcome = await scenarioQuery(world, 'scenario', sql);
  world.lastQuery = outcome;
  world.outcomes.captured(outcome, () =>
    outcome.state === 'SUCCEEDED'
      ? undefined
      : `The query ${outcome.queryExecutionId} ${outcome.state}: ${outcome.stateChangeReason ?? 'no reason given'}\n` +
        `  SQL: ${oneLine(outcome.sql)}\n` +
        'Say what is expected: Then the query fails with an error containing "<text>" (or fix the query).',
  );
  return outcome;
}

/** The last query, which must have succeeded for its result to be checked. */
function succeededQuery(world: PostflightWorld): QueryOutcome {
  const outcome = checkedQuery(world);
  if (outcome.state !== 'SUCCEEDED') {
    throw new assert.AssertionError({
      message: `The query did not succeed (${outcome.state}): ${outcome.stateChangeReason ?? 'no reason given'}\n  query id: ${outcome.queryExecutionId}\n  SQL: ${oneLine(outcome.sql)}`,
    });
  }
  return outcome;
}

function checkedQuery(world: PostflightWorld): QueryOutcome {
  assert.ok(world.lastQuery, 'No query was run in this scenario yet: use `When the query is run:` with the SQL as a doc string.');
  world.outcomes.checked(world.lastQuery);
  return world.lastQuery;
}

/**
 * "the query result is:" — a multiset of rows (or, in order), columns matched by name, cells
 * compared as text after the engine's formatting with numbers compared numerically.
 */
export function expectQueryResult(world: PostflightWorld, table: string[][], ordered: boolean): void {
  const outcome = succeededQuery(world);
  const [header = [], ...expectedRows] = table;
  const actualColumns = outcome.columns.map((column) => column.name);
  const missing = header.filter((column) => !actualColumns.includes(column));
  const extra = actualColumns.filter((column) => !header.includes(column));
  if (missing.length || extra.length) {
    throw new assert.AssertionError({
      message:
        `The query result has columns ${actualColumns.join(', ')}; the expected table has ${header.join(', ')}` +
        `${missing.length ? ` (missing: ${missing.join(', ')})` : ''}${extra.length ? ` (not in the table: ${extra.join(', ')})` : ''}.\n  query id: ${outcome.queryExecutionId}`,
    });
  }
  const indexes = header.map((column) => actualColumns.indexOf(column));
  const actual: Cell[][] = outcome.rows.map((row) => indexes.map((index) => row[index] ?? null));
  const expected: Cell[][] = expectedRows.map((row) => row.map((cell) => (cell === NULL_CELL ? null : cell)));
  const context = `\n  query id: ${outcome.queryExecutionId}\n  actual (${actual.length} rows):\n${formatRows(header, actual)}`;
  if (ordered) {
    const index = firstOrderedDifference(actual, expected);
    if (index !== undefined) {
      throw new assert.AssertionError({
        message: `The query result differs from the expected rows, in order, first at row ${index + 1}: expected ${JSON.stringify(expected[index] ?? '(no row)')}, actual ${JSON.stringify(actual[index] ?? '(no row)')}.${context}`,
      });
    }
    return;
  }
  const difference = compareRowMultisets(actual, expected);
  if (difference.missing.length || difference.unexpected.length) {
    throw new assert.AssertionError({
      message:
        `The query result is not the expected set of rows (${actual.length} rows, ${expected.length} expected).\n` +
        (difference.missing.length
          ? `  expected but missing (${difference.missing.length}):\n${formatRows(header, difference.missing)}\n`
          : '') +
        (difference.unexpected.length
          ? `  present but not expected (${difference.unexpected.length}):\n${formatRows(header, difference.unexpected)}`
          : '') +
        context,
    });
  }
}

export function expectQueryRowCount(world: PostflightWorld, expected: number): void {
  const outcome = succeededQuery(world);
  assert.equal(
    outcome.rows.length,
    expected,
    `The query returned ${outcome.rows.length} row(s), expected ${expected}.\n  query id: ${outcome.queryExecutionId}\n  SQL: ${oneLine(outcome.sql)}`,
  );
}

export function expectQueryFailure(world: PostflightWorld, text: string): void {
  const outcome = checkedQuery(world);
  assert.notEqual(
    outcome.state,
    'SUCCEEDED',
    `The query succeeded (${outcome.rows.length} rows); expected it to fail with an error containing "${text}".\n  query id: ${outcome.queryExecutionId}`,
  );
  assert.ok(
    (outcome.stateChangeReason ?? '').includes(text),
    `The query failed, but its error does not contain "${text}":\n  ${outcome.stateChangeReason}\n  query id: ${outcome.queryExecutionId}`,
  );
}
