import type { DataTable } from '@cucumber/cucumber';
import type { PostflightWorld } from '../support/world';
import { stepSection } from '../support/cucumber/define-steps';
import { expectQueryFailure, expectQueryResult, expectQueryRowCount, runScenarioQuery } from '../support/athena/athena-actions';

const athena = stepSection('Athena queries', 5);

athena.When(
  'the query is run:',
  {
    example:
      'When the query is run:\n  """sql\n  SELECT account_id, quantity FROM ${table:curated.positions} WHERE as_of_date = DATE \'${today}\' ORDER BY account_id\n  """',
  },
  async function (this: PostflightWorld, sql: string) {
    await runScenarioQuery(this, this.template(sql));
  },
);

athena.Then(
  'the query result is:',
  {
    example: 'Then the query result is:\n  | account_id | quantity |\n  | A-1        | 100      |',
    note: 'a multiset of rows; cells as text, numbers numerically (100 = 100.0); <null> for NULL',
  },
  function (this: PostflightWorld, table: DataTable) {
    expectQueryResult(this, this.templateDeep(table.raw()), false);
  },
);

athena.Then(
  'the query result is, in order:',
  { example: 'Then the query result is, in order:\n  | account_id | quantity |\n  | A-1        | 100      |' },
  function (this: PostflightWorld, table: DataTable) {
    expectQueryResult(this, this.templateDeep(table.raw()), true);
  },
);

athena.Then('the query returns {int} row(s)', { example: 'Then the query returns 3 rows' }, function (this: PostflightWorld, rows: number) {
  expectQueryRowCount(this, rows);
});

athena.Then(
  'the query fails with an error containing {string}',
  { example: 'Then the query fails with an error containing "COLUMN_NOT_FOUND"' },
  function (this: PostflightWorld, text: string) {
    expectQueryFailure(this, this.template(text));
  },
);
