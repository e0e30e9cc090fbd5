import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ScenarioResult, ScenarioStatus } from '../../model/scenario-result';
import { StartupError } from '../../model/startup-error';
import { evaluateQualityGate, loadQualityGate, parseQualityGate, QualityGateError, type QualityGateConfig, type QualityGateRules } from '../../runner/reports/quality-gate';

let nextId = 0;
function scenario(status: ScenarioStatus, tags: string[] = [], name = `scenario ${++nextId}`): ScenarioResult {
  return { id: `id-${name}`, name, feature: 'Feature', uri: 'features/x.feature', tags, status, durationMs: 1, ...(status === 'FAILED' ? { exceptionType: 'AssertionError', message: 'expected 3, got 4' } : {}) };
}

const DEFAULT: QualityGateConfig = { rules: { noFailedSeverities: ['blocker', 'critical'], minSuccessRate: 100, minScenarios: 1 }, source: 'test' };
const rules = (overrides: Partial<QualityGateRules>): QualityGateConfig => ({ rules: { ...DEFAULT.rules, ...overrides }, source: 'test' });

describe('quality gate evaluation', () => {
  const cases: Array<{ name: string; results: ScenarioResult[]; gate?: QualityGateConfig; verdict: 'GO' | 'NO-GO'; outcomes: Record<string, string>; observed?: Record<string, RegExp> }> = [
    {
      name: 'everything passed: GO',
      results: [scenario('PASSED', ['@severity:critical']), scenario('PASSED')],
      verdict: 'GO',
      outcomes: { noFailedSeverities: 'PASSED', minSuccessRate: 'PASSED', minScenarios: 'PASSED' },
      observed: { minSuccessRate: /^100% \(2 of 2\)$/, minScenarios: /^2$/ },
    },
    {
      name: 'a failed critical scenario: NO-GO, named in the observed value',
      results: [scenario('FAILED', ['@severity:critical'], 'Duplicates removed'), scenario('PASSED')],
      verdict: 'NO-GO',
      outcomes: { noFailedSeverities: 'FAILED', minSuccessRate: 'FAILED', minScenarios: 'PASSED' },
      observed: { noFailedSeverities: /^1 failed: Duplicates removed \(critical\)$/, minSuccessRate: /^50% \(1 of 2\)$/ },
    },
    {
      name: 'the same failure tagged as a known issue: GO',
      results: [scenario('FAILED', ['@severity:critical', '@known-issue=PF-42']), scenario('PASSED')],
      verdict: 'GO',
      outcomes: { noFailedSeverities: 'PASSED', minSuccessRate: 'PASSED', minScenarios: 'PASSED' },
      observed: { minSuccessRate: /^100% \(1 of 1\)$/ },
    },
    {
      name: 'a failed normal scenario fails only the success rate',
      results: [scenario('FAILED', ['@severity:normal']), scenario('PASSED'), scenario('PASSED')],
      verdict: 'NO-GO',
      outcomes: { noFailedSeverities: 'PASSED', minSuccessRate: 'FAILED', minScenarios: 'PASSED' },
      observed: { minSuccessRate: /^66\.6% \(2 of 3\)$/ },
    },
    {
      name: 'a lower minimum success rate tolerates it',
      results: [scenario('FAILED'), scenario('PASSED'), scenario('PASSED')],
      gate: rules({ minSuccessRate: 60 }),
      verdict: 'GO',
      outcomes: { noFailedSeverities: 'PASSED', minSuccessRate: 'PASSED', minScenarios: 'PASSED' },
    },
    {
      name: 'the scenario overrides its feature severity (last tag wins)',
      results: [scenario('FAILED', ['@severity:critical', '@severity:minor']), scenario('PASSED')],
      gate: rules({ minSuccessRate: 0 }),
      verdict: 'GO',
      outcomes: { noFailedSeverities: 'PASSED', minSuccessRate: 'PASSED', minScenarios: 'PASSED' },
    },
    {
      name: 'an untagged scenario is normal, which the default gate does not block on',
      results: [scenario('FAILED')],
      gate: rules({ minSuccessRate: 0 }),
      verdict: 'GO',
      outcomes: { noFailedSeverities: 'PASSED', minSuccessRate: 'PASSED', minScenarios: 'PASSED' },
    },
    {
      name: 'an undefined blocker scenario blocks like a failed one',
      results: [scenario('UNDEFINED', ['@severity:blocker']), scenario('PASSED')],
      verdict: 'NO-GO',
      outcomes: { noFailedSeverities: 'FAILED', minSuccessRate: 'FAILED', minScenarios: 'PASSED' },
    },
    {
      name: 'no scenario at all: NO-GO, the rate not evaluated rather than 0',
      results: [],
      verdict: 'NO-GO',
      outcomes: { noFailedSeverities: 'PASSED', minSuccessRate: 'NOT_EVALUATED', minScenarios: 'FAILED' },
      observed: { minSuccessRate: /^no scenario to measure$/, minScenarios: /^0$/ },
    },
    {
      name: 'skipped scenarios are neither passed nor counted',
      results: [scenario('SKIPPED'), scenario('PASSED')],
      gate: rules({ minScenarios: 2 }),
      verdict: 'NO-GO',
      outcomes: { noFailedSeverities: 'PASSED', minSuccessRate: 'PASSED', minScenarios: 'FAILED' },
      observed: { minSuccessRate: /^100% \(1 of 1\)$/, minScenarios: /^1$/ },
    },
  ];

  for (const testCase of cases) {
    it(testCase.name, () => {
      const evaluation = evaluateQualityGate(testCase.results, testCase.gate ?? DEFAULT);
      assert.equal(evaluation.verdict, testCase.verdict);
      assert.deepEqual(Object.fromEntries(evaluation.rules.map((rule) => [rule.rule, rule.outcome])), testCase.outcomes);
      for (const [rule, pattern] of Object.entries(testCase.observed ?? {})) {
        assert.match(evaluation.rules.find((candidate) => candidate.rule === rule)!.observed, pattern);
      }
    });
  }

  it('lists failing known issues and flags passing ones as possibly fixed', () => {
    const evaluation = evaluateQualityGate(
      [scenario('FAILED', ['@known-issue=PF-1', '@known-issue=PF-2'], 'Rounding'), scenario('PASSED', ['@known-issue=PF-3'], 'Late data'), scenario('PASSED')],
      DEFAULT,
    );
    assert.deepEqual(evaluation.knownIssues.map((issue) => [issue.ids, issue.scenario, issue.status]), [[['PF-1', 'PF-2'], 'Rounding', 'FAILED']]);
    assert.deepEqual(evaluation.knownIssuesPassing.map((issue) => [issue.ids, issue.scenario]), [[['PF-3'], 'Late data']]);
    assert.equal(evaluation.counts.knownIssues, 1);
    assert.equal(evaluation.verdict, 'GO');
  });
});

describe('quality gate file', () => {
  const cases: Array<{ name: string; yaml: string; out?: QualityGateRules; error?: RegExp }> = [
    { name: 'an empty file gives the defaults', yaml: '', out: DEFAULT.rules },
    { name: 'a full file', yaml: 'rules:\n  noFailedSeverities: [blocker]\n  minSuccessRate: 95.5\n  minScenarios: 10\n', out: { noFailedSeverities: ['blocker'], minSuccessRate: 95.5, minScenarios: 10 } },
    { name: 'a partial file keeps the other defaults', yaml: 'rules:\n  minScenarios: 3\n', out: { ...DEFAULT.rules, minScenarios: 3 } },
    { name: 'a rate above 100 names the field', yaml: 'rules:\n  minSuccessRate: 120\n', error: /gate\.yml is not a valid quality gate:\n {2}- rules\.minSuccessRate: .*100/ },
    { name: 'an unknown severity names the field', yaml: 'rules:\n  noFailedSeverities: [critical, urgent]\n', error: /rules\.noFailedSeverities\.1: .*blocker/ },
    { name: 'a misspelt rule is refused', yaml: 'rules:\n  minSucessRate: 90\n', error: /rules: unknown field\(s\) "minSucessRate"/ },
    { name: 'a fractional scenario count is refused', yaml: 'rules:\n  minScenarios: 1.5\n', error: /rules\.minScenarios: / },
    { name: 'an unknown top-level key is refused', yaml: 'rule:\n  minScenarios: 1\n', error: /\(top level\): unknown field\(s\) "rule"/ },
  ];

  for (const testCase of cases) {
    it(testCase.name, () => {
      const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-gate-'));
      try {
        fs.writeFileSync(path.join(directory, 'gate.yml'), testCase.yaml);
        const load = () => loadQualityGate(directory, { POSTFLIGHT_QUALITY_GATE: 'gate.yml' });
        if (testCase.error) {
          assert.throws(load, (error: Error) => error instanceof QualityGateError && testCase.error!.test(error.message));
        } else {
          const gate = load();
          assert.deepEqual(gate.rules, testCase.out);
          assert.equal(gate.source, 'gate.yml');
        }
      } finally {
        fs.rmSync(directory, { recursive: true, force: true });
      }
    });
  }

  it('a bad gate file stops the run before it starts (a StartupError: exit 2)', () => {
    assert.throws(() => parseQualityGate({ rules: { minScenarios: -1 } }, 'quality-gate.yml'), (error: Error) => error instanceof StartupError);
  });

  it('without a file, the built-in default: every scenario passed', () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-gate-'));
    try {
      assert.deepEqual(loadQualityGate(directory, {}), { rules: DEFAULT.rules, source: 'built-in default' });
      assert.throws(() => loadQualityGate(directory, { POSTFLIGHT_QUALITY_GATE: 'missing.yml' }), /missing\.yml, which does not exist/);
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });

  it('the project\'s quality-gate.yml is valid and is the documented default', () => {
    const gate = loadQualityGate(path.resolve(import.meta.dirname, '../..'), {});
    assert.equal(gate.source, 'quality-gate.yml');
    assert.deepEqual(gate.rules, DEFAULT.rules);
  });
});
