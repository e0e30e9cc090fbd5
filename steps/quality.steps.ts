import { stepSection } from '../support/cucumber/define-steps';
import { expectChecksPass } from '../support/data-checks/quality-actions';
import { checksFromTable } from '../support/data-checks/check-table';
import { requestCheck } from '../support/data-checks/check';
import { rowCount } from '../support/data-checks/checks/row-count';
import { columns as declaredColumns } from '../support/data-checks/checks/columns';
import { partition as registeredPartition } from '../support/data-checks/checks/partition';
import { noNulls } from '../support/data-checks/checks/no-nulls';
import { unique } from '../support/data-checks/checks/unique';
import { allowedValues } from '../support/data-checks/checks/allowed-values';
import { valueRange } from '../support/data-checks/checks/value-range';
import { pattern } from '../support/data-checks/checks/pattern';
import { referentialIntegrity } from '../support/data-checks/checks/referential-integrity';
import { freshness } from '../support/data-checks/checks/freshness';

const quality = stepSection('Data quality on tables', 6);

quality.check(
  'the table {string} has {int} row(s)',
  { example: 'Then the table "curated.positions" has 3 rows where "as_of_date = DATE \'${today}\'"' },
  async (world, [table, rows], where) => {
    await expectChecksPass(world, [requestCheck(rowCount, { expected: rows }, world.template(table), where)]);
  },
);

quality.check(
  'the table {string} has the columns:',
  {
    example:
      'Then the table "curated.positions" has the columns:\n  | name          | type          |\n  | account_id    | string        |\n  | quantity      | bigint        |\n  | market_value  | decimal(18,2) |',
    note: "the catalog's declared columns, partition keys included; other columns are allowed",
  },
  async (world, [table, columns], where) => {
    const expected = columns.hashes().map((row) => ({ name: row.name, type: row.type }));
    await expectChecksPass(world, [requestCheck(declaredColumns, { columns: expected }, world.template(table), where)]);
  },
);

quality.check(
  'the table {string} has the partition {string}',
  { example: 'Then the table "curated.positions" has the partition "as_of_date=${today}"' },
  async (world, [table, partition], where) => {
    await expectChecksPass(world, [
      requestCheck(registeredPartition, { partition: world.template(partition) }, world.template(table), where),
    ]);
  },
);

quality.check(
  'the column {string} of {string} has no nulls',
  { example: 'Then the column "account_id" of "curated.positions" has no nulls where "as_of_date = DATE \'${today}\'"' },
  async (world, [column, table], where) => {
    await expectChecksPass(world, [requestCheck(noNulls, { column: world.template(column) }, world.template(table), where)]);
  },
);

quality.check(
  'the column {string} of {string} is unique',
  { example: 'Then the column "position_id" of "curated.positions" is unique' },
  async (world, [column, table], where) => {
    await expectChecksPass(world, [requestCheck(unique, { columns: [world.template(column)] }, world.template(table), where)]);
  },
);

quality.check(
  'the columns {string} of {string} are unique together',
  { example: 'Then the columns "account_id, security_id" of "curated.positions" are unique together' },
  async (world, [columns, table], where) => {
    const names = world
      .template(columns)
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    await expectChecksPass(world, [requestCheck(unique, { columns: names }, world.template(table), where)]);
  },
);

quality.check(
  'the column {string} of {string} only contains:',
  {
    example: 'Then the column "currency" of "curated.positions" only contains:\n  | USD |\n  | EUR |',
    note: 'NULLs are left to "has no nulls"',
  },
  async (world, [column, table, values], where) => {
    const allowed = world.templateDeep(values.raw().map((row) => row[0]));
    await expectChecksPass(world, [
      requestCheck(allowedValues, { column: world.template(column), values: allowed }, world.template(table), where),
    ]);
  },
);

quality.check(
  'the column {string} of {string} is between {bound} and {bound}',
  {
    example: 'Then the column "quantity" of "curated.positions" is between 0 and 1000000',
    note: 'bounds are numbers, or quoted literals such as "2026-01-01"',
  },
  async (world, [column, table, min, max], where) => {
    await expectChecksPass(world, [requestCheck(valueRange, { column: world.template(column), min, max }, world.template(table), where)]);
  },
);

quality.check(
  'the column {string} of {string} matches {string}',
  {
    example: 'Then the column "security_id" of "curated.positions" matches "^[A-Z]{2}[A-Z0-9]{9}[0-9]$"',
    note: 'regexp_like: anchor the expression to match whole values',
  },
  async (world, [column, table, regex], where) => {
    await expectChecksPass(world, [
      requestCheck(pattern, { column: world.template(column), regex: world.template(regex) }, world.template(table), where),
    ]);
  },
);

quality.check(
  'every {string} of {string} exists in {string} of {string}',
  { example: 'Then every "security_id" of "curated.positions" exists in "security_id" of "reference.securities"' },
  async (world, [column, table, referenceColumn, referenceTable], where) => {
    const reference = world.template(referenceTable);
    await expectChecksPass(world, [
      requestCheck(
        referentialIntegrity,
        {
          column: world.template(column),
          reference: { name: reference, table: world.resources.table(reference), column: world.template(referenceColumn) },
        },
        world.template(table),
        where,
      ),
    ]);
  },
);

quality.check(
  'the newest {string} of {string} is at most {duration} old',
  {
    example: 'Then the newest "ingested_at" of "curated.positions" is at most 1 hour old',
    note: 'an empty table is NOT_EVALUATED, never fresh',
  },
  async (world, [column, table, maxAgeMs], where) => {
    await expectChecksPass(world, [requestCheck(freshness, { column: world.template(column), maxAgeMs }, world.template(table), where)]);
  },
);

quality.check(
  'the table {string} passes these checks:',
  {
    example:
      'Then the table "curated.positions" passes these checks where "as_of_date = DATE \'${today}\'":\n  | check         | column      | argument      |\n  | rows          |             | 3             |\n  | no nulls      | account_id  |               |\n  | unique        | position_id |               |\n  | only contains | currency    | USD, EUR      |\n  | between       | quantity    | 0 and 1000000 |\n  | matches       | security_id | ^[A-Z]{2}     |\n  | exists in     | security_id | security_id of reference.securities |',
    note: 'checks on one table slice share one scan',
  },
  async (world, [table, checks], where) => {
    const name = world.template(table);
    await expectChecksPass(world, checksFromTable(world, name, world.templateDeep(checks.hashes()), where));
  },
);
