import { When } from '@cucumber/cucumber';
import type { PostflightWorld } from '../../../support/world';
import { attachJson, attachText } from '../../../support/evidence';

// Test-only step (profile "selftest"): handles secrets carelessly, so the test can prove that
// redaction keeps them out of every report anyway.
When(
  'a step attaches the session credentials and the variable {string}, then fails naming them',
  async function (this: PostflightWorld, variable: string) {
    const credentials = typeof this.aws.credentials === 'function' ? await this.aws.credentials() : this.aws.credentials;
    const token = process.env[variable] ?? '';
    await attachJson(this, 'credentials', credentials);
    await attachText(this, 'token', `token=${token}`);
    throw new Error(
      `failed while holding ${token}, ${credentials.accessKeyId}, ${credentials.secretAccessKey} and ${credentials.sessionToken}`,
    );
  },
);
