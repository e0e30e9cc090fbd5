import type { DataTable } from '@cucumber/cucumber';
import type { PostflightWorld } from '../support/world';
import { stepSection } from '../support/cucumber/define-steps';
import {
  expectExecutionEnd,
  expectOutputContains,
  expectOutputMatches,
  expectPath,
  expectRetries,
  expectStateEntered,
  expectStateOutputMatches,
  startStateMachine,
} from '../support/stepfunctions/stepfunctions-actions';
import { parseJsonDocString } from '../support/json-docstring';
import { readJsonFixture } from '../support/fixtures/fixtures';
import { pathRows } from '../support/matching/match-table';

const stepFunctions = stepSection('Step Functions', 2);

stepFunctions.When(
  'the state machine {string} is started with input:',
  {
    example:
      'When the state machine "ingest-positions" is started with input:\n  """json\n  { "bucket": "${bucket:landing}", "key": "positions/date=${today}/${runId}.csv" }\n  """',
  },
  async function (this: PostflightWorld, stateMachine: string, input: string) {
    await startStateMachine(this, this.template(stateMachine), parseJsonDocString(this.template(input), 'execution input'));
  },
);

stepFunctions.When(
  'the state machine {string} is started with input from {string}',
  {
    example: 'When the state machine "ingest-positions" is started with input from "events/ingest.json"',
    note: 'the JSON fixture is templated',
  },
  async function (this: PostflightWorld, stateMachine: string, fixture: string) {
    await startStateMachine(
      this,
      this.template(stateMachine),
      this.templateDeep(readJsonFixture(this.parameters.projectRoot, this.template(fixture))),
    );
  },
);

stepFunctions.When(
  'the state machine {string} is started',
  { example: 'When the state machine "ingest-positions" is started' },
  async function (this: PostflightWorld, stateMachine: string) {
    await startStateMachine(this, this.template(stateMachine), {});
  },
);

stepFunctions.Then(
  'the execution succeeds within {duration}',
  { example: 'Then the execution succeeds within 2 minutes' },
  async function (this: PostflightWorld, timeoutMs: number) {
    await expectExecutionEnd(this, 'SUCCEEDED', timeoutMs);
  },
);

stepFunctions.Then(
  'the execution fails within {duration}',
  { example: 'Then the execution fails within 2 minutes' },
  async function (this: PostflightWorld, timeoutMs: number) {
    await expectExecutionEnd(this, 'FAILED', timeoutMs);
  },
);

stepFunctions.Then(
  'the execution fails within {duration} with error {string}',
  { example: 'Then the execution fails within 2 minutes with error "ValidationFailed"' },
  async function (this: PostflightWorld, timeoutMs: number, error: string) {
    await expectExecutionEnd(this, 'FAILED', timeoutMs, this.template(error));
  },
);

stepFunctions.Then(
  'the execution output matches:',
  {
    example: 'Then the execution output matches:\n  | path           | value |\n  | $.status       | OK    |\n  | $.recordCount  | 3     |',
  },
  async function (this: PostflightWorld, table: DataTable) {
    await expectOutputMatches(this, this.templateDeep(pathRows(table)));
  },
);

stepFunctions.Then(
  'the execution output contains:',
  {
    example: 'Then the execution output contains:\n  """json\n  { "status": "OK" }\n  """',
    note: 'deep partial match: extra keys are allowed',
  },
  async function (this: PostflightWorld, expected: string) {
    await expectOutputContains(this, parseJsonDocString(this.template(expected), 'expected execution output'));
  },
);

stepFunctions.Then(
  'the execution path is:',
  {
    example: 'Then the execution path is:\n  | ValidateFile |\n  | IsValid      |\n  | Transform    |\n  | Done         |',
    note: 'the top-level states entered, in order, once per entry',
  },
  async function (this: PostflightWorld, table: DataTable) {
    await expectPath(
      this,
      table.raw().map((row) => this.template(row[0] ?? '')),
    );
  },
);

stepFunctions.Then(
  'the state {string} was entered',
  { example: 'Then the state "Transform" was entered' },
  async function (this: PostflightWorld, state: string) {
    await expectStateEntered(this, this.template(state), true);
  },
);

stepFunctions.Then(
  'the state {string} was not entered',
  { example: 'Then the state "Quarantine" was not entered' },
  async function (this: PostflightWorld, state: string) {
    await expectStateEntered(this, this.template(state), false);
  },
);

stepFunctions.Then(
  'the state {string} output matches:',
  { example: 'Then the state "Transform" output matches:\n  | path         | value |\n  | $.rowCount   | 3     |' },
  async function (this: PostflightWorld, state: string, table: DataTable) {
    await expectStateOutputMatches(this, this.template(state), this.templateDeep(pathRows(table)));
  },
);

stepFunctions.Then(
  'the state {string} was retried {int} time(s)',
  { example: 'Then the state "Transform" was retried 2 times' },
  async function (this: PostflightWorld, state: string, times: number) {
    await expectRetries(this, this.template(state), times);
  },
);
