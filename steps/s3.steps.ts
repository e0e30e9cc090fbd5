import { Given, Then, type DataTable } from '@cucumber/cucumber';
import type { PostflightWorld } from '../support/world';
import {
  expectNoObject,
  expectObjectMatchesFixture,
  expectObjectWithin,
  expectRowCount,
  uploadFixture,
  uploadRowsAsCsv,
  writeText,
} from '../support/s3/s3-actions';

Given('the file {string} is uploaded to {string}', async function (this: PostflightWorld, fixture: string, target: string) {
  await uploadFixture(this, this.template(fixture), this.template(target));
});

Given('the object {string} is written with:', async function (this: PostflightWorld, target: string, text: string) {
  await writeText(this, this.template(target), this.template(text));
});

Given('these rows are uploaded as CSV to {string}:', async function (this: PostflightWorld, target: string, table: DataTable) {
  await uploadRowsAsCsv(this, this.template(target), this.templateDeep(table.raw()));
});

Then('an object exists at {string} within {duration}', async function (this: PostflightWorld, target: string, timeoutMs: number) {
  await expectObjectWithin(this, this.template(target), timeoutMs);
});

Then('no object exists at {string}', async function (this: PostflightWorld, target: string) {
  await expectNoObject(this, this.template(target));
});

Then('the object {string} has {int} row(s)', async function (this: PostflightWorld, target: string, rows: number) {
  await expectRowCount(this, this.template(target), rows);
});

Then('the object {string} matches the file {string}', async function (this: PostflightWorld, target: string, fixture: string) {
  await expectObjectMatchesFixture(this, this.template(target), this.template(fixture));
});
