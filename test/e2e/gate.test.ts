import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Sandbox } from '../../sandbox/sandbox';
import { localRunArguments, runPostflight, sampleLakeSandbox, temporaryDirectory } from '../helpers/postflight-cli';

interface Signoff {
  verdict: string;
  knownIssues: Array<{ id: string; scenario: string }>;
  blockers?: unknown[];
}

/** The quality gate decides `postflight run`'s exit code and the sign-off's verdict. */
describe('postflight run: the quality gate', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await sampleLakeSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });

  async function run(feature: string) {
    const reports = temporaryDirectory('gate');
    const result = await runPostflight(
      localRunArguments(sandbox.endpoint, reports, '--profile', 'selftest', `test/features/gate/${feature}`),
    );
    const signoff = JSON.parse(fs.readFileSync(path.join(reports, 'signoff/signoff.json'), 'utf8')) as Signoff;
    return { result, signoff, markdown: fs.readFileSync(path.join(reports, 'signoff/signoff.md'), 'utf8') };
  }

  it('a failing critical scenario gives NO-GO and exit 1', async () => {
    const { result, signoff, markdown } = await run('critical-failure.feature');
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.equal(signoff.verdict, 'NO-GO');
    assert.match(result.stdout, /Quality gate \(quality-gate\.yml\): NO-GO/);
    assert.match(markdown, /A critical check fails/);
  });

  it('the same failure tagged @known-issue gives GO and exit 0, with the known issue listed', async () => {
    const { result, signoff, markdown } = await run('known-issue.feature');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(signoff.verdict, 'GO');
    assert.ok(JSON.stringify(signoff.knownIssues).includes('DL-999'), JSON.stringify(signoff.knownIssues));
    assert.match(markdown, /DL-999/);
  });
});
