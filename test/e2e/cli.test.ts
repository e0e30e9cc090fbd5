import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runPostflight, temporaryDirectory } from '../helpers/postflight-cli';

describe('the postflight command', () => {
  it('lists the scenarios a run would execute, executing nothing', async () => {
    const listed = await runPostflight(['list', '--env', 'local', 'features/process']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /features\/process\/ingest-happy-path\.feature\n\s+A valid file is curated\s+@epic:process/);
    assert.match(listed.stdout, /\d+ scenario\(s\) would run against "local" with tags: not @wip and not @aws-only/);
  });

  it('prints the step vocabulary, filtered by a word', async () => {
    const steps = await runPostflight(['steps', 'retried']);
    assert.equal(steps.code, 0);
    assert.match(
      steps.stdout,
      /Then the state \{string\} was retried \{int\} time\(s\)\n\s+Then the state "Transform" was retried 2 times/,
    );
  });

  it('refuses to start on an unknown environment: exit 2, with the known ones', async () => {
    const run = await runPostflight(['run', '--env', 'staging']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Unknown environment "staging".*Known environments: .*local/s);
  });

  it('refuses an invalid environment file: exit 2, naming the file and the field', async () => {
    const directory = temporaryDirectory('bad-env');
    const file = path.join(directory, 'broken.yml');
    fs.writeFileSync(file, 'name: broken\naccount: 12345\nregion: us-east-1\nresources: {}\n');
    const run = await runPostflight(['run', '--env', file]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /broken\.yml is not a valid environment file:\n\s+- account: /);
  });

  it('refuses a tag expression that selects nothing: exit 2, nothing run', async () => {
    const run = await runPostflight(['run', '--env', 'local', '--tags', '@no-such-tag']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /No scenario matches .*tags: @no-such-tag/);
  });

  it('rebuilds the reports of the last run, or says there is none (exit 2)', async () => {
    const report = await runPostflight(['report', '--reports-dir', temporaryDirectory('no-run')]);
    assert.equal(report.code, 2);
    assert.match(report.stderr, /run\.json/);
  });
});
