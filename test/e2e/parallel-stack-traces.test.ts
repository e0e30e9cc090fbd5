import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Envelope } from '@cucumber/messages';
import type { Sandbox } from '../../sandbox/sandbox';
import { runOnSandbox, sampleLakeSandbox, temporaryDirectory, type CliResult } from '../helpers/postflight-cli';

/**
 * Parallel workers load the compiled step library (runner/cucumber/step-library.ts), not the
 * TypeScript sources: a failure's stack trace must still name the project's files and lines.
 */
describe('a failure in a parallel worker', () => {
  let sandbox: Sandbox;
  let run: CliResult;
  let stackTraces: string[];

  before(async () => {
    sandbox = await sampleLakeSandbox();
    const reports = temporaryDirectory('parallel-stack');
    run = await runOnSandbox(sandbox, reports, ['--profile', 'selftest', '--parallel', '2', 'test/features/process/failures.feature:12']);
    stackTraces = fs
      .readFileSync(path.join(reports, 'cucumber.ndjson'), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as Envelope)
      .flatMap((envelope) => envelope.testStepFinished?.testStepResult.exception?.stackTrace ?? []);
  });
  after(async () => {
    await sandbox.stop();
  });

  it('fails the scenario (the gate says NO-GO)', () => {
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.equal(stackTraces.length, 1, 'one failed step');
  });

  it("has a stack trace that names the step's and the support code's files and lines", () => {
    const stack = stackTraces[0] ?? '';
    assert.match(stack, /support\/stepfunctions\/stepfunctions-actions\.ts:\d+:\d+/);
    assert.match(stack, /steps\/stepfunctions\.steps\.ts:\d+:\d+/);
    assert.doesNotMatch(stack, /step-library/, 'no frame in the compiled file');
  });
});
