import { stepSection, type CheckStepHandler } from '../support/cucumber/define-steps';
import { expectControlTotal, expectReconciled } from '../support/reconcile/reconcile-actions';

const reconciliation = stepSection('Source-to-sink reconciliation', 7);

/** A file, a prefix or a table, reconciled key by key with a table by the mapping's rules. */
const reconcileWithTable: CheckStepHandler<'{string} reconciles with the table {string}:'> = async (
  world,
  [source, table, mapping],
  where,
) => {
  await expectReconciled(world, world.template(source), world.template(table), where, world.templateDeep(mapping.hashes()));
};

reconciliation.check(
  'the file {string} reconciles with the table {string}:',
  {
    example:
      'Then the file "s3://landing/positions/date=${today}/${runId}.csv" reconciles with the table "curated.positions" where "as_of_date = DATE \'${today}\'":\n  | source column | target column | rule  |\n  | account_id    | account_id    | key   |\n  | security_id   | security_id   | key   |\n  | quantity      | quantity      | equal |\n  | market_value  | market_value  | 0.01  |',
    note: 'source: an S3 object or prefix (CSV with header, JSON lines, Parquet) or a table; rule: key, equal or a tolerance',
  },
  reconcileWithTable,
);

reconciliation.check(
  'the table {string} reconciles with the table {string}:',
  {
    example:
      'Then the table "staging.positions" reconciles with the table "curated.positions":\n  | source column | target column | rule  |\n  | position_id   | position_id   | key   |\n  | quantity      | quantity      | equal |',
  },
  reconcileWithTable,
);

reconciliation.check(
  'the row count of {string} equals the row count of {string}',
  {
    example:
      'Then the row count of "s3://landing/positions/date=${today}/${runId}.csv" equals the row count of "curated.positions" where "as_of_date = DATE \'${today}\'"',
  },
  async (world, [source, table], where) => {
    await expectControlTotal(world, world.template(source), world.template(table), where);
  },
);

reconciliation.check(
  'the sum of {string} in {string} equals the sum of {string} in {string}',
  {
    example:
      'Then the sum of "market_value" in "s3://landing/positions/date=${today}/${runId}.csv" equals the sum of "market_value" in "curated.positions" where "as_of_date = DATE \'${today}\'"',
    note: 'summed as decimals in the engine, compared exactly',
  },
  async (world, [sourceColumn, source, targetColumn, table], where) => {
    await expectControlTotal(world, world.template(source), world.template(table), where, {
      source: world.template(sourceColumn),
      target: world.template(targetColumn),
    });
  },
);
