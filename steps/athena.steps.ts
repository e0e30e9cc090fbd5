import { Then, When, type DataTable } from '@cucumber/cucumber';
import type { PostflightWorld } from '../support/world';
import { expectQueryFailure, expectQueryResult, expectQueryRowCount, runScenarioQuery } from '../support/athena/athena-actions';

When('the query is run:', async function (this: PostflightWorld, sql: string) {
  await runScenarioQuery(this, this.template(sql));
});

Then('the query result is:', function (this: PostflightWorld, table: DataTable) {
  expectQueryResult(this, this.templateDeep(table.raw()), false);
});

Then('the query result is, in order:', function (this: PostflightWorld, table: DataTable) {
  expectQueryResult(this, this.templateDeep(table.raw()), true);
});

Then('the query returns {int} row(s)', function (this: PostflightWorld, rows: number) {
  expectQueryRowCount(this, rows);
});

Then('the query fails with an error containing {string}', function (this: PostflightWorld, text: string) {
  expectQueryFailure(this, this.template(text));
});
