import type { DataTable } from '@cucumber/cucumber';
import type { PostflightWorld } from '../support/world';
import { stepSection } from '../support/cucumber/define-steps';
import {
  expectErrorType,
  expectLogContains,
  expectResponseContains,
  expectResponseMatches,
  expectResponseSchema,
  expectSuccess,
  invoke,
  invokeWithFixture,
} from '../support/lambda/lambda-actions';
import { parseJsonDocString } from '../support/json-docstring';
import { pathRows } from '../support/matching/match-table';

const lambda = stepSection('Lambda', 3);

lambda.When(
  'the Lambda function {string} is invoked with payload:',
  {
    example:
      'When the Lambda function "validate-positions" is invoked with payload:\n  """json\n  { "bucket": "${bucket:landing}", "key": "positions/date=${today}/${runId}.csv" }\n  """',
  },
  async function (this: PostflightWorld, functionName: string, payload: string) {
    await invoke(this, this.template(functionName), parseJsonDocString(this.template(payload), 'payload'));
  },
);

lambda.When(
  'the Lambda function {string} is invoked with payload from {string}',
  {
    example: 'When the Lambda function "validate-positions" is invoked with payload from "events/validate.json"',
    note: 'the JSON fixture is templated',
  },
  async function (this: PostflightWorld, functionName: string, fixture: string) {
    await invokeWithFixture(this, this.template(functionName), this.template(fixture));
  },
);

lambda.Then('the invocation succeeds', { example: 'Then the invocation succeeds' }, function (this: PostflightWorld) {
  expectSuccess(this);
});

lambda.Then(
  'the invocation fails with error type {string}',
  { example: 'Then the invocation fails with error type "ValidationError"' },
  function (this: PostflightWorld, errorType: string) {
    expectErrorType(this, this.template(errorType));
  },
);

lambda.Then(
  'the response matches:',
  { example: 'Then the response matches:\n  | path      | value |\n  | $.status  | VALID |' },
  function (this: PostflightWorld, table: DataTable) {
    expectResponseMatches(this, this.templateDeep(pathRows(table)));
  },
);

lambda.Then(
  'the response contains:',
  { example: 'Then the response contains:\n  """json\n  { "status": "VALID" }\n  """' },
  function (this: PostflightWorld, expected: string) {
    expectResponseContains(this, parseJsonDocString(this.template(expected), 'expected response'));
  },
);

lambda.Then(
  'the response conforms to the schema {string}',
  {
    example: 'Then the response conforms to the schema "schemas/validation-result.schema.json"',
    note: 'JSON Schema draft-07 or 2020-12, a fixture',
  },
  function (this: PostflightWorld, schema: string) {
    expectResponseSchema(this, this.template(schema));
  },
);

lambda.Then(
  'the function log contains {string}',
  { example: 'Then the function log contains "validated 3 rows"' },
  async function (this: PostflightWorld, text: string) {
    await expectLogContains(this, this.template(text));
  },
);
