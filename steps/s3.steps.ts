import { Given } from '@cucumber/cucumber';
import type { PostflightWorld } from '../support/cucumber/world';
import { uploadFixture } from '../support/s3/s3-actions';

Given('the file {string} is uploaded to {string}', async function (this: PostflightWorld, fixture: string, target: string) {
  await uploadFixture(this, this.template(fixture), this.template(target));
});
