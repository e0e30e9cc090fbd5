import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Sandbox } from '../../sandbox/sandbox';
import type { ScenarioResult } from '../../model/scenario-result';
import { assertMessageCarries, byName, readScenarioResults, runOnSandbox, sampleLakeSandbox, temporaryDirectory } from './postflight-cli';

/** A scenario's expected status and what its failure message must carry (texts it contains, patterns it matches). */
export interface ScenarioExpectation {
  status: 'PASSED' | 'FAILED';
  message?: Array<string | RegExp>;
}

/**
 * Runs a feature file meant to fail through `postflight run` against the sample lake in the sandbox,
 * then checks that the gate fails, that exactly the expected scenarios ran, and each one's status
 * and message.
 */
export function describeFailingFeature(title: string, feature: string, expectations: Record<string, ScenarioExpectation>): void {
  describe(title, () => {
    let sandbox: Sandbox;
    let run: { code: number | null; stdout: string; stderr: string };
    let results: Map<string, ScenarioResult>;

    before(async () => {
      sandbox = await sampleLakeSandbox();
      const reports = temporaryDirectory('failing-feature');
      run = await runOnSandbox(sandbox, reports, [feature]);
      results = byName(readScenarioResults(reports));
    });
    after(async () => {
      await sandbox.stop();
    });

    it('exits 1: the gate fails', () => {
      assert.equal(run.code, 1, run.stdout + run.stderr);
    });

    it('ran exactly the scenarios of the feature', () => {
      assert.deepEqual([...results.keys()].sort(), Object.keys(expectations).sort());
    });

    for (const [name, expectation] of Object.entries(expectations)) {
      it(`${name}: ${expectation.status}`, () => {
        const result = results.get(name);
        assert.ok(result, `scenario "${name}" did not run`);
        assert.equal(result.status, expectation.status, result.message);
        assertMessageCarries(name, result.message, expectation.message ?? []);
      });
    }
  });
}
