import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../bin/project-root';
import { buildReports } from '../../runner/reports/build-reports';
import { loadQualityGate } from '../../runner/reports/quality-gate';
import type { SignoffData } from '../../runner/reports/signoff-data';
import { featureWithTags, runFixtureSuite } from './helpers/fixture-run';

/**
 * The gate on real runs of the fixtures: a passing scenario and a failing critical one
 * ("Duplicated rows are removed" asserts 3 curated rows; the fixture system keeps 4).
 */
const SELECTION = '@req=DL-101 or @req=DL-103';

describe('quality gate on a real run', () => {
  let directory: string;

  before(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-gate-run-'));
  });

  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  async function runAndReport(name: string, paths?: string[]) {
    const reportsDirectory = path.join(directory, name);
    const record = await runFixtureSuite({ reportsDirectory, tags: SELECTION, ...(paths ? { paths } : {}) });
    const outcome = await buildReports({ projectRoot: PROJECT_ROOT, reportsDirectory, record, historyFile: path.join(directory, 'history.jsonl'), gate: loadQualityGate(PROJECT_ROOT, {}), links: {} });
    const signoff = JSON.parse(fs.readFileSync(path.join(reportsDirectory, 'signoff', 'signoff.json'), 'utf8')) as SignoffData;
    return { record, outcome, signoff };
  }

  it('a failing critical scenario: NO-GO and exit 1', async () => {
    const { record, outcome, signoff } = await runAndReport('critical-failure');
    assert.deepEqual(record.results.map((result) => [result.name, result.status]), [['A valid file is curated', 'PASSED'], ['Duplicated rows are removed', 'FAILED']]);
    assert.equal(outcome.verdict, 'NO-GO');
    assert.equal(outcome.exitCode, 1);
    assert.equal(signoff.verdict, 'NO-GO');
    const rule = signoff.gate.rules.find((candidate) => candidate.rule === 'noFailedSeverities')!;
    assert.equal(rule.outcome, 'FAILED');
    assert.equal(rule.observed, '1 failed: Duplicated rows are removed (critical)');
    assert.deepEqual(signoff.blocking.map((failure) => [failure.scenario, failure.category]), [['Duplicated rows are removed', 'product defect']]);
    assert.deepEqual(signoff.knownIssues, []);
  });

  it('the same failure tagged @known-issue: GO and exit 0, the known issue listed', async () => {
    const feature = featureWithTags('positions-ingest.feature', 'Duplicated rows are removed', '@known-issue=PF-42', path.join(directory, 'features'));
    const { record, outcome, signoff } = await runAndReport('known-issue', [feature]);
    assert.deepEqual(record.results.map((result) => [result.name, result.status]), [['A valid file is curated', 'PASSED'], ['Duplicated rows are removed', 'FAILED']]);
    assert.equal(outcome.verdict, 'GO');
    assert.equal(outcome.exitCode, 0);
    assert.equal(signoff.verdict, 'GO');
    assert.ok(signoff.gate.rules.every((rule) => rule.outcome === 'PASSED'));
    assert.deepEqual(signoff.blocking, []);
    assert.deepEqual(signoff.knownIssues.map((issue) => [issue.ids.map((id) => id.id), issue.scenario, issue.status, issue.category]), [[['PF-42'], 'Duplicated rows are removed', 'FAILED', 'product defect']]);
    assert.match(fs.readFileSync(path.join(directory, 'known-issue', 'signoff', 'signoff.md'), 'utf8'), /## Known issues\n\n\| Issue \|.*\n.*\n\| PF-42 \| Duplicated rows are removed \|/);
  });
});
