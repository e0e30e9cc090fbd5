import type { DataTable } from '@cucumber/cucumber';
import type { PostflightWorld } from '../support/world';
import { defineCheckStep } from '../support/cucumber/define-check-step';
import { expectChecksPass } from '../support/data-checks/quality-actions';
import { checksFromTable } from '../support/data-checks/check-table';

type Args = unknown[];

defineCheckStep('the table {string} has {int} row(s)', 2, async (world, [table, rows]: Args, where) => {
  await expectChecksPass(world, [
    { check: 'row_count', params: { expected: rows }, table: world.template(String(table)), predicate: where },
  ]);
});

defineCheckStep('the table {string} has the columns:', 2, async (world, [table, columns]: Args, where) => {
  const expected = (columns as DataTable).hashes().map((row) => ({ name: row.name, type: row.type }));
  await expectChecksPass(world, [
    { check: 'columns', params: { columns: expected }, table: world.template(String(table)), predicate: where },
  ]);
});

defineCheckStep('the table {string} has the partition {string}', 2, async (world, [table, partition]: Args, where) => {
  await expectChecksPass(world, [
    {
      check: 'partition',
      params: { partition: world.template(String(partition)) },
      table: world.template(String(table)),
      predicate: where,
    },
  ]);
});

defineCheckStep('the column {string} of {string} has no nulls', 2, async (world, [column, table]: Args, where) => {
  await expectChecksPass(world, [
    { check: 'no_nulls', params: { column: world.template(String(column)) }, table: world.template(String(table)), predicate: where },
  ]);
});

defineCheckStep('the column {string} of {string} is unique', 2, async (world, [column, table]: Args, where) => {
  await expectChecksPass(world, [
    { check: 'unique', params: { columns: [world.template(String(column))] }, table: world.template(String(table)), predicate: where },
  ]);
});

defineCheckStep('the columns {string} of {string} are unique together', 2, async (world, [columns, table]: Args, where) => {
  const names = world
    .template(String(columns))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  await expectChecksPass(world, [{ check: 'unique', params: { columns: names }, table: world.template(String(table)), predicate: where }]);
});

defineCheckStep('the column {string} of {string} only contains:', 3, async (world, [column, table, values]: Args, where) => {
  const allowed = world.templateDeep((values as DataTable).raw().map((row) => row[0]));
  await expectChecksPass(world, [
    {
      check: 'allowed_values',
      params: { column: world.template(String(column)), values: allowed },
      table: world.template(String(table)),
      predicate: where,
    },
  ]);
});

defineCheckStep(
  'the column {string} of {string} is between {bound} and {bound}',
  4,
  async (world, [column, table, min, max]: Args, where) => {
    await expectChecksPass(world, [
      {
        check: 'value_range',
        params: { column: world.template(String(column)), min: String(min), max: String(max) },
        table: world.template(String(table)),
        predicate: where,
      },
    ]);
  },
);

defineCheckStep('the column {string} of {string} matches {string}', 3, async (world, [column, table, regex]: Args, where) => {
  await expectChecksPass(world, [
    {
      check: 'pattern',
      params: { column: world.template(String(column)), regex: world.template(String(regex)) },
      table: world.template(String(table)),
      predicate: where,
    },
  ]);
});

defineCheckStep(
  'every {string} of {string} exists in {string} of {string}',
  4,
  async (world, [column, table, referenceColumn, referenceTable]: Args, where) => {
    const reference = world.template(String(referenceTable));
    await expectChecksPass(world, [
      {
        check: 'referential_integrity',
        params: {
          column: world.template(String(column)),
          reference: { name: reference, table: world.resources.table(reference), column: world.template(String(referenceColumn)) },
        },
        table: world.template(String(table)),
        predicate: where,
      },
    ]);
  },
);

defineCheckStep('the newest {string} of {string} is at most {duration} old', 3, async (world, [column, table, maxAgeMs]: Args, where) => {
  await expectChecksPass(world, [
    {
      check: 'freshness',
      params: { column: world.template(String(column)), maxAgeMs },
      table: world.template(String(table)),
      predicate: where,
    },
  ]);
});

defineCheckStep('the table {string} passes these checks:', 2, async (world: PostflightWorld, [table, checks]: Args, where) => {
  const name = world.template(String(table));
  await expectChecksPass(world, checksFromTable(world, name, world.templateDeep((checks as DataTable).hashes()), where));
});
