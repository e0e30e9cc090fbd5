import { Given } from '@cucumber/cucumber';
import type { PostflightWorld } from '../support/world';
import { rememberValue } from '../support/variables';

Given('the value {string} is remembered as {string}', async function (this: PostflightWorld, value: string, variable: string) {
  await rememberValue(this, variable, this.template(value));
});
