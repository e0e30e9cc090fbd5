import type { DataTable } from '@cucumber/cucumber';
import type { PostflightWorld } from '../support/world';
import { stepSection } from '../support/cucumber/define-steps';
import {
  expectNoObject,
  expectObjectMatchesFixture,
  expectObjectWithin,
  expectRowCount,
  uploadFixture,
  uploadRowsAsCsv,
  writeText,
} from '../support/s3/s3-actions';

const s3 = stepSection('S3', 1);

s3.Given(
  'the file {string} is uploaded to {string}',
  {
    example: 'Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${today}/${runId}.csv"',
    note: 'the fixture path is relative to fixtures/; uploaded verbatim',
  },
  async function (this: PostflightWorld, fixture: string, target: string) {
    await uploadFixture(this, this.template(fixture), this.template(target));
  },
);

s3.Given(
  'the object {string} is written with:',
  { example: 'Given the object "s3://landing/notes/${runId}.txt" is written with:\n  """\n  any text\n  """' },
  async function (this: PostflightWorld, target: string, text: string) {
    await writeText(this, this.template(target), this.template(text));
  },
);

s3.Given(
  'these rows are uploaded as CSV to {string}:',
  {
    example:
      'Given these rows are uploaded as CSV to "s3://landing/positions/date=${today}/${runId}.csv":\n  | account_id | security_id  | quantity | market_value |\n  | A-1        | US0378331005 | 100      | 18934.00     |',
  },
  async function (this: PostflightWorld, target: string, table: DataTable) {
    await uploadRowsAsCsv(this, this.template(target), this.templateDeep(table.raw()));
  },
);

s3.Then(
  'an object exists at {string} within {duration}',
  {
    example: 'Then an object exists at "s3://curated/positions/as_of_date=${today}/" within 30 seconds',
    note: 'a trailing / means "any object under this prefix"',
  },
  async function (this: PostflightWorld, target: string, timeoutMs: number) {
    await expectObjectWithin(this, this.template(target), timeoutMs);
  },
);

s3.Then(
  'no object exists at {string}',
  { example: 'Then no object exists at "s3://quarantine/positions/${runId}.csv"' },
  async function (this: PostflightWorld, target: string) {
    await expectNoObject(this, this.template(target));
  },
);

s3.Then(
  'the object {string} has {int} row(s)',
  {
    example: 'Then the object "s3://curated/out/${runId}.csv" has 3 rows',
    note: 'CSV (header excluded), JSON lines or Parquet, by extension',
  },
  async function (this: PostflightWorld, target: string, rows: number) {
    await expectRowCount(this, this.template(target), rows);
  },
);

s3.Then(
  'the object {string} matches the file {string}',
  {
    example: 'Then the object "s3://curated/out/${runId}.csv" matches the file "expected/out.csv"',
    note: 'same rows, order-insensitive, for data files; byte for byte otherwise',
  },
  async function (this: PostflightWorld, target: string, fixture: string) {
    await expectObjectMatchesFixture(this, this.template(target), this.template(fixture));
  },
);
