import type { DataTable } from '@cucumber/cucumber';
import { defineCheckStep } from '../support/cucumber/define-check-step';
import { expectControlTotal, expectReconciled } from '../support/reconcile/reconcile-actions';

type Args = unknown[];

defineCheckStep('the file {string} reconciles with the table {string}:', 3, async (world, [source, table, mapping]: Args, where) => {
  await expectReconciled(
    world,
    world.template(String(source)),
    world.template(String(table)),
    where,
    world.templateDeep((mapping as DataTable).hashes()),
  );
});

defineCheckStep('the table {string} reconciles with the table {string}:', 3, async (world, [source, table, mapping]: Args, where) => {
  await expectReconciled(
    world,
    world.template(String(source)),
    world.template(String(table)),
    where,
    world.templateDeep((mapping as DataTable).hashes()),
  );
});

defineCheckStep('the row count of {string} equals the row count of {string}', 2, async (world, [source, table]: Args, where) => {
  await expectControlTotal(world, world.template(String(source)), world.template(String(table)), where);
});

defineCheckStep(
  'the sum of {string} in {string} equals the sum of {string} in {string}',
  4,
  async (world, [sourceColumn, source, targetColumn, table]: Args, where) => {
    await expectControlTotal(world, world.template(String(source)), world.template(String(table)), where, {
      source: world.template(String(sourceColumn)),
      target: world.template(String(targetColumn)),
    });
  },
);
