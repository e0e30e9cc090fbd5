import { Then, When, type DataTable } from '@cucumber/cucumber';
import type { PostflightWorld } from '../support/world';
import {
  expectExecutionEnd,
  expectOutputContains,
  expectOutputMatches,
  expectPath,
  expectRetries,
  expectStateEntered,
  expectStateOutputMatches,
  rememberOutputValue,
  startStateMachine,
} from '../support/stepfunctions/stepfunctions-actions';
import { parseJsonDocString } from '../support/json-docstring';
import { readJsonFixture } from '../support/fixtures/fixtures';
import { pathRows } from '../support/matching/match-table';

When('the state machine {string} is started with input:', async function (this: PostflightWorld, stateMachine: string, input: string) {
  await startStateMachine(this, this.template(stateMachine), parseJsonDocString(this.template(input), 'execution input'));
});

When(
  'the state machine {string} is started with input from {string}',
  async function (this: PostflightWorld, stateMachine: string, fixture: string) {
    await startStateMachine(
      this,
      this.template(stateMachine),
      this.templateDeep(readJsonFixture(this.parameters.projectRoot, this.template(fixture))),
    );
  },
);

When('the state machine {string} is started', async function (this: PostflightWorld, stateMachine: string) {
  await startStateMachine(this, this.template(stateMachine), {});
});

Then('the execution succeeds within {duration}', async function (this: PostflightWorld, timeoutMs: number) {
  await expectExecutionEnd(this, 'SUCCEEDED', timeoutMs);
});

Then('the execution fails within {duration}', async function (this: PostflightWorld, timeoutMs: number) {
  await expectExecutionEnd(this, 'FAILED', timeoutMs);
});

Then('the execution fails within {duration} with error {string}', async function (this: PostflightWorld, timeoutMs: number, error: string) {
  await expectExecutionEnd(this, 'FAILED', timeoutMs, this.template(error));
});

Then('the execution output matches:', async function (this: PostflightWorld, table: DataTable) {
  await expectOutputMatches(this, this.templateDeep(pathRows(table)));
});

Then('the execution output contains:', async function (this: PostflightWorld, expected: string) {
  await expectOutputContains(this, parseJsonDocString(this.template(expected), 'expected execution output'));
});

Then('the execution path is:', async function (this: PostflightWorld, table: DataTable) {
  await expectPath(
    this,
    table.raw().map((row) => this.template(row[0])),
  );
});

Then('the state {string} was entered', async function (this: PostflightWorld, state: string) {
  await expectStateEntered(this, this.template(state), true);
});

Then('the state {string} was not entered', async function (this: PostflightWorld, state: string) {
  await expectStateEntered(this, this.template(state), false);
});

Then('the state {string} output matches:', async function (this: PostflightWorld, state: string, table: DataTable) {
  await expectStateOutputMatches(this, this.template(state), this.templateDeep(pathRows(table)));
});

Then('the state {string} was retried {int} time(s)', async function (this: PostflightWorld, state: string, times: number) {
  await expectRetries(this, this.template(state), times);
});

Then('the execution output {string} is remembered as {string}', async function (this: PostflightWorld, path: string, variable: string) {
  await rememberOutputValue(this, this.template(path), variable);
});
