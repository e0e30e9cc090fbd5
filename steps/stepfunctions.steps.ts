import { Then, When } from '@cucumber/cucumber';
import type { PostflightWorld } from '../support/cucumber/world';
import { expectExecutionEnd, startStateMachine } from '../support/stepfunctions/stepfunctions-actions';
import { parseJsonDocString } from '../support/json-docstring';

When('the state machine {string} is started with input:', async function (this: PostflightWorld, stateMachine: string, input: string) {
  await startStateMachine(this, this.template(stateMachine), parseJsonDocString(this.template(input), 'execution input'));
});

Then('the execution succeeds within {duration}', async function (this: PostflightWorld, timeoutMs: number) {
  await expectExecutionEnd(this, 'SUCCEEDED', timeoutMs);
});
