import { Then, When, type DataTable } from '@cucumber/cucumber';
import type { PostflightWorld } from '../support/world';
import {
  expectErrorType,
  expectLogContains,
  expectResponseContains,
  expectResponseMatches,
  expectResponseSchema,
  expectSuccess,
  invoke,
  invokeWithFixture,
  rememberResponseValue,
} from '../support/lambda/lambda-actions';
import { parseJsonDocString } from '../support/json-docstring';
import { pathRows } from '../support/matching/match-table';

When(
  'the Lambda function {string} is invoked with payload:',
  async function (this: PostflightWorld, functionName: string, payload: string) {
    await invoke(this, this.template(functionName), parseJsonDocString(this.template(payload), 'payload'));
  },
);

When(
  'the Lambda function {string} is invoked with payload from {string}',
  async function (this: PostflightWorld, functionName: string, fixture: string) {
    await invokeWithFixture(this, this.template(functionName), this.template(fixture));
  },
);

Then('the invocation succeeds', function (this: PostflightWorld) {
  expectSuccess(this);
});

Then('the invocation fails with error type {string}', function (this: PostflightWorld, errorType: string) {
  expectErrorType(this, this.template(errorType));
});

Then('the response matches:', function (this: PostflightWorld, table: DataTable) {
  expectResponseMatches(this, this.templateDeep(pathRows(table)));
});

Then('the response contains:', function (this: PostflightWorld, expected: string) {
  expectResponseContains(this, parseJsonDocString(this.template(expected), 'expected response'));
});

Then('the response conforms to the schema {string}', function (this: PostflightWorld, schema: string) {
  expectResponseSchema(this, this.template(schema));
});

Then('the function log contains {string}', async function (this: PostflightWorld, text: string) {
  await expectLogContains(this, this.template(text));
});

Then('the response {string} is remembered as {string}', async function (this: PostflightWorld, path: string, variable: string) {
  await rememberResponseValue(this, this.template(path), variable);
});
