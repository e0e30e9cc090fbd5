import assert from 'node:assert/strict';
import { stringify } from 'csv-stringify/sync';
import type { PostflightWorld } from '../world';
import { readFixture } from '../fixtures/fixtures';
import { attachJson, attachText } from '../evidence';
import { waitFor } from '../waiter';
import { formatDuration } from '../../model/duration';
import { findObjects, readObject, writeObject } from './objects';
import { s3Url } from '../../model/locations';
import { countRows, dataFormatOf, readRowsAsync, type DataRows } from '../data-files/rows';
import { compareRowMultisets, formatRows } from '../data-files/compare-rows';

/** Uploads a fixture file, verbatim, to an S3 location. */
export async function uploadFixture(world: PostflightWorld, fixture: string, target: string): Promise<void> {
  const location = world.resources.s3Location(target);
  const body = readFixture(world.parameters.projectRoot, fixture);
  await writeObject(world.aws, world.ledger, world.environment, location, body, world.writeIdentity);
  await attachJson(world, 'uploaded-object', { fixture, location: s3Url(location), bytes: body.length });
}

export async function writeText(world: PostflightWorld, target: string, text: string): Promise<void> {
  const location = world.resources.s3Location(target);
  await writeObject(world.aws, world.ledger, world.environment, location, text, world.writeIdentity);
  await attachText(world, `written ${s3Url(location)}`, text);
}

/** Writes a gherkin table as a CSV file (header = the table's first row). */
export async function uploadRowsAsCsv(world: PostflightWorld, target: string, table: string[][]): Promise<void> {
  const csv = stringify(table, { record_delimiter: '\n' });
  await writeText(world, target, csv);
}

/** Waits until an object (or, for a trailing `/`, any object under the prefix) exists. */
export async function expectObjectWithin(world: PostflightWorld, target: string, timeoutMs: number): Promise<string[]> {
  const location = world.resources.s3Location(target);
  const isPrefix = location.key === '' || location.key.endsWith('/');
  const keys = await waitFor(
    async () => {
      const found = await findObjects(world.aws, location);
      return found.length
        ? { state: 'SUCCESS', value: found }
        : { state: 'RETRY', observed: isPrefix ? 'no object under the prefix' : 'no such object' };
    },
    { description: `an object at ${s3Url(location)} within ${formatDuration(timeoutMs)}`, timeoutMs, delays: world.delays },
  );
  await attachJson(world, 'objects-found', { location: s3Url(location), keys: keys.slice(0, 100), count: keys.length });
  return keys;
}

export async function expectNoObject(world: PostflightWorld, target: string): Promise<void> {
  const location = world.resources.s3Location(target);
  const found = await findObjects(world.aws, location);
  assert.equal(found.length, 0, `Expected no object at ${s3Url(location)}, but found ${found.length}: ${found.slice(0, 10).join(', ')}`);
}

/** Row count of a data file, by extension: CSV (header excluded), JSON lines, Parquet. */
export async function expectRowCount(world: PostflightWorld, target: string, expected: number): Promise<void> {
  const location = world.resources.s3Location(target);
  if (!dataFormatOf(location.key))
    throw new Error(`${s3Url(location)}: rows are counted in .csv, .jsonl/.ndjson, .json and .parquet files (optionally .gz).`);
  const bytes = await readObject(world.aws, location);
  const actual = countRows(location.key, bytes);
  await attachJson(world, 'row-count', { location: s3Url(location), rows: actual, expected });
  assert.equal(actual, expected, `${s3Url(location)} has ${actual} row(s), expected ${expected}.`);
}

/** Same rows as a fixture (order-insensitive for data files); other files byte for byte. */
export async function expectObjectMatchesFixture(world: PostflightWorld, target: string, fixture: string): Promise<void> {
  const location = world.resources.s3Location(target);
  const actualBytes = await readObject(world.aws, location);
  const expectedBytes = readFixture(world.parameters.projectRoot, fixture);
  if (!dataFormatOf(location.key) || !dataFormatOf(fixture)) {
    assert.ok(
      actualBytes.equals(expectedBytes),
      `${s3Url(location)} (${actualBytes.length} bytes) differs from fixture ${fixture} (${expectedBytes.length} bytes).`,
    );
    return;
  }
  const actual = await readRowsAsync(location.key, actualBytes);
  const expected = await readRowsAsync(fixture, expectedBytes);
  const aligned = alignColumns(actual, expected, s3Url(location), fixture);
  const difference = compareRowMultisets(aligned.rows, expected.rows);
  if (difference.missing.length || difference.unexpected.length) {
    throw new assert.AssertionError({
      message:
        `${s3Url(location)} does not have the rows of ${fixture} (${actual.rows.length} rows vs ${expected.rows.length} expected):\n` +
        (difference.missing.length
          ? `missing (${difference.missing.length}):\n${formatRows(expected.columns, difference.missing)}\n`
          : '') +
        (difference.unexpected.length
          ? `unexpected (${difference.unexpected.length}):\n${formatRows(expected.columns, difference.unexpected)}`
          : ''),
    });
  }
}

/** The actual file's columns put in the expected file's order; a missing column is an error. */
function alignColumns(actual: DataRows, expected: DataRows, actualName: string, expectedName: string): DataRows {
  const indexes = expected.columns.map((column) => actual.columns.indexOf(column));
  const missing = expected.columns.filter((column) => !actual.columns.includes(column));
  assert.equal(
    missing.length,
    0,
    `${actualName} lacks column(s) ${missing.join(', ')} that ${expectedName} has (it has: ${actual.columns.join(', ')}).`,
  );
  return { columns: expected.columns, rows: actual.rows.map((row) => indexes.map((index) => row[index] ?? null)) };
}
