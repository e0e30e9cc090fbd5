import type { PostflightWorld } from '../support/world';
import { stepSection } from '../support/cucumber/define-steps';
import { rememberOutputValue } from '../support/stepfunctions/stepfunctions-actions';
import { rememberResponseValue } from '../support/lambda/lambda-actions';
import { rememberValue } from '../support/variables';

const remembering = stepSection('Remembering values', 4);

remembering.Then(
  'the execution output {string} is remembered as {string}',
  { example: 'And the execution output "$.outputKey" is remembered as "curatedKey"', note: 'then ${curatedKey} is usable in later steps' },
  async function (this: PostflightWorld, path: string, variable: string) {
    await rememberOutputValue(this, this.template(path), variable);
  },
);

remembering.Then(
  'the response {string} is remembered as {string}',
  { example: 'And the response "$.recordCount" is remembered as "expectedRows"' },
  async function (this: PostflightWorld, path: string, variable: string) {
    await rememberResponseValue(this, this.template(path), variable);
  },
);

remembering.Given(
  'the value {string} is remembered as {string}',
  { example: 'Given the value "s3://${bucket:landing}/positions/${runId}.csv" is remembered as "landedFile"' },
  async function (this: PostflightWorld, value: string, variable: string) {
    await rememberValue(this, variable, this.template(value));
  },
);
