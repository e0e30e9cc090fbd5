import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { PROJECT_ROOT } from '../../bin/project-root';
import { FAILURE_CATEGORY_LABEL, KNOWN_ISSUE_LABEL, SCENARIO_ID_LABEL } from '../../model/allure-labels';
import { STACK_TRACE_ATTACHMENT } from '../../runner/reports/allure-results';
import { buildReports, type ReportsOutcome } from '../../runner/reports/build-reports';
import { formatDuration } from '../../model/duration';
import { loadQualityGate } from '../../runner/reports/quality-gate';
import { formatRunSummary } from '../../runner/reports/run-summary';
import type { RunRecord } from '../../runner/reports/run-record';
import type { SignoffData } from '../../runner/reports/signoff-data';
import { embeddedReportData } from './helpers/allure-report-data';
import { FIXTURE_ENVIRONMENT, FIXTURE_IDENTIFICATION, runFixtureSuite } from './helpers/fixture-run';

/**
 * The fixture suite through the real pipeline (cucumber, allure-cucumberjs, JUnit and message
 * formatters, Allure 3), then every report built from it: do they exist, and do they agree?
 */
const LINKS = { requirement: 'https://requirements.example.com/browse/%s', issue: 'https://issues.example.com/browse/%s' };

/** What the fixture steps do, by design. */
const EXPECTED: Record<string, { status: string; category?: string; allure: string }> = {
  'A valid file is curated': { status: 'PASSED', allure: 'passed' },
  'An invalid file is quarantined': { status: 'PASSED', allure: 'passed' },
  'Duplicated rows are removed': { status: 'FAILED', category: 'product defect', allure: 'failed' },
  'The daily totals are queried': { status: 'PASSED', allure: 'passed' },
  'The totals are queried while the query service throttles': { status: 'FAILED', category: 'environment/infrastructure', allure: 'broken' },
  'Late data is reported separately': { status: 'UNDEFINED', category: 'test defect', allure: 'broken' },
  'Totals are rounded to cents': { status: 'FAILED', category: 'product defect', allure: 'failed' },
};

interface AllureResult {
  uuid: string;
  name: string;
  status: string;
  statusDetails?: { message?: string; trace?: string };
  attachments?: Array<{ name: string; source: string }>;
  labels: Array<{ name: string; value: string }>;
  links: Array<{ type: string; url: string }>;
}

function allureResults(directory: string): AllureResult[] {
  const results = path.join(directory, 'allure-results');
  return fs
    .readdirSync(results)
    .filter((name) => name.endsWith('-result.json'))
    .map((name) => JSON.parse(fs.readFileSync(path.join(results, name), 'utf8')) as AllureResult);
}

const labels = (result: AllureResult, name: string) => result.labels.filter((label) => label.name === name).map((label) => label.value);

describe('reports from a real run of the fixture suite', () => {
  let directory: string;
  let historyFile: string;
  let record: RunRecord;
  let outcome: ReportsOutcome;
  let signoff: SignoffData;

  before(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-reports-'));
    historyFile = path.join(directory, 'history', 'allure-history.jsonl');
    record = await runFixtureSuite({ reportsDirectory: directory, links: LINKS });
    outcome = await buildReports({ projectRoot: PROJECT_ROOT, reportsDirectory: directory, record, historyFile, gate: loadQualityGate(PROJECT_ROOT, {}), links: LINKS });
    signoff = JSON.parse(fs.readFileSync(path.join(directory, 'signoff', 'signoff.json'), 'utf8')) as SignoffData;
  });

  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('ran every fixture scenario with the outcome its steps decide', () => {
    assert.deepEqual(Object.fromEntries(record.results.map((result) => [result.name, result.status])), Object.fromEntries(Object.entries(EXPECTED).map(([name, expected]) => [name, expected.status])));
  });

  it('writes every report', () => {
    for (const file of ['allure-results', 'allure-report/index.html', 'junit.xml', 'cucumber.ndjson', 'run.json', 'signoff/signoff.json', 'signoff/signoff.md', 'signoff/index.html']) {
      assert.ok(fs.existsSync(path.join(directory, file)), `${file} exists`);
    }
    assert.deepEqual(outcome.written, { allureReport: true, junit: true, messages: true, signoff: true, runRecord: true });
    assert.deepEqual(outcome.problems, []);
  });

  it('all reports agree on the counts', () => {
    const expectedTotal = Object.keys(EXPECTED).length;
    const expectedPassed = Object.values(EXPECTED).filter((expected) => expected.status === 'PASSED').length;

    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(fs.readFileSync(path.join(directory, 'junit.xml'), 'utf8'));
    const testcases = [junit.testsuite.testcase].flat() as Array<Record<string, unknown>>;
    assert.equal(Number(junit.testsuite.tests), expectedTotal);
    assert.equal(testcases.length, expectedTotal);
    assert.equal(testcases.filter((testcase) => !('failure' in testcase) && !('error' in testcase) && !('skipped' in testcase)).length, expectedPassed);

    const allure = allureResults(directory);
    assert.equal(allure.length, expectedTotal);
    assert.equal(allure.filter((result) => result.status === 'passed').length, expectedPassed);

    const summary = JSON.parse(fs.readFileSync(path.join(directory, 'allure-report', 'summary.json'), 'utf8')) as { stats: Record<string, number> };
    assert.equal(summary.stats.total, expectedTotal);
    assert.equal(summary.stats.passed, expectedPassed);
    assert.equal((summary.stats.failed ?? 0) + (summary.stats.broken ?? 0), expectedTotal - expectedPassed);

    const runJson = JSON.parse(fs.readFileSync(path.join(directory, 'run.json'), 'utf8')) as RunRecord;
    assert.equal(runJson.results.length, expectedTotal);

    assert.deepEqual(signoff.counts, { total: 7, passed: 3, failed: 3, notRunnable: 1, skipped: 0, unknown: 0, notPassed: 4, knownIssues: 1 });
    assert.equal(signoff.byFeature.reduce((sum, feature) => sum + feature.total, 0), expectedTotal);
    assert.equal(signoff.failures.length, expectedTotal - expectedPassed);

    const markdown = fs.readFileSync(path.join(directory, 'signoff', 'signoff.md'), 'utf8');
    assert.match(markdown, /\| Scenarios \| 7 \|/);
    assert.match(markdown, /\| Passed \| 3 \|/);
  });

  it('labels and links each Allure result from its tags', () => {
    const byName = new Map(allureResults(directory).map((result) => [result.name, result]));
    const duplicates = byName.get('Duplicated rows are removed')!;
    assert.deepEqual(labels(duplicates, 'epic'), ['process']);
    assert.deepEqual(labels(duplicates, 'story'), ['ingestion']);
    assert.deepEqual(labels(duplicates, 'severity'), ['critical']);
    assert.deepEqual(labels(duplicates, 'owner'), ['data-platform']);
    // The Gherkin feature once (no @feature: tag mapping, or the tree shows every test twice).
    assert.deepEqual(labels(duplicates, 'feature'), ['Ingesting a daily positions file']);
    assert.deepEqual(duplicates.links, [{ type: 'requirement', url: 'https://requirements.example.com/browse/DL-103' }]);
    assert.equal(labels(duplicates, SCENARIO_ID_LABEL)[0], record.results.find((result) => result.name === duplicates.name)!.id);

    const rounding = byName.get('Totals are rounded to cents')!;
    assert.deepEqual(rounding.links, [
      { type: 'requirement', url: 'https://requirements.example.com/browse/DL-204' },
      { type: 'issue', url: 'https://issues.example.com/browse/PF-7' },
    ]);
    assert.deepEqual(labels(rounding, KNOWN_ISSUE_LABEL), ['PF-7']);
  });

  it('gives each failure the same category in Allure as in the sign-off', () => {
    for (const result of allureResults(directory)) {
      const expected = EXPECTED[result.name]!;
      assert.equal(result.status, expected.allure, `${result.name}: Allure status`);
      assert.deepEqual(labels(result, FAILURE_CATEGORY_LABEL), expected.category ? [expected.category] : [], `${result.name}: Allure category`);
      const failure = signoff.failures.find((candidate) => candidate.scenario === result.name);
      assert.equal(failure?.category, expected.category, `${result.name}: sign-off category`);
    }
  });

  it('shows an undefined step as broken with its reason, where allure-cucumberjs says passed', () => {
    const late = allureResults(directory).find((result) => result.name === 'Late data is reported separately')!;
    assert.equal(late.status, 'broken');
    assert.equal(late.statusDetails?.message, 'Undefined step "a late file arrives for yesterday": no step definition matches it.');
  });

  it('records where and what was tested as Allure environment info', () => {
    const properties = fs.readFileSync(path.join(directory, 'allure-results', 'environment.properties'), 'utf8');
    for (const [key, value] of <Array<[string, string]>>[
      ['environment', FIXTURE_ENVIRONMENT.name],
      ['account', FIXTURE_ENVIRONMENT.account],
      ['region', FIXTURE_ENVIRONMENT.region],
      ['release', FIXTURE_IDENTIFICATION.release],
      ['commit', FIXTURE_IDENTIFICATION.commit],
      ['build', FIXTURE_IDENTIFICATION.build],
      ['pipelineExecution', FIXTURE_IDENTIFICATION.pipelineExecution],
      ['runId', record.runId],
    ]) {
      assert.match(properties, new RegExp(`^${key}\\s*=\\s*${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:/g, '\\\\?:')}$`, 'm'), `${key} in environment.properties`);
    }
  });

  it('makes the Allure report one self-contained file that calls no other host', () => {
    const html = fs.readFileSync(path.join(directory, 'allure-report', 'index.html'), 'utf8');
    assert.ok(html.length > 1_000_000, 'the single file embeds the whole report');
    assert.doesNotMatch(html, /googletagmanager|gtag\(/);
    const remote = [...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*?\s(?:src|href)\s*=\s*["']?((?:https?:)?\/\/[^"'\s>]+)/gi)].map((match) => match[1]);
    assert.deepEqual(remote, []);
    assert.ok(outcome.signoff.evidence.some((link) => link.href === '../allure-report/index.html'));
    // The label that ties results to scenarios is hidden; the failure category is shown.
    const testResults = [...embeddedReportData(path.join(directory, 'allure-report', 'index.html'))].filter(([name]) => name.startsWith('data/test-results/'));
    assert.equal(testResults.length, Object.keys(EXPECTED).length);
    assert.ok(testResults.every(([, json]) => !json.includes(SCENARIO_ID_LABEL)));
    assert.equal(testResults.filter(([, json]) => json.includes(`"name":"${FAILURE_CATEGORY_LABEL}"`)).length, Object.values(EXPECTED).filter((expected) => expected.category).length);
  });

  it('writes a sign-off with the verdict, what blocks it, and the evidence behind it', () => {
    assert.equal(signoff.verdict, 'NO-GO');
    assert.equal(outcome.exitCode, 1);
    assert.deepEqual(signoff.gate.rules.map((rule) => [rule.rule, rule.outcome]), [['noFailedSeverities', 'FAILED'], ['minSuccessRate', 'FAILED'], ['minScenarios', 'PASSED']]);
    assert.equal(signoff.gate.rules[0]?.observed, '1 failed: Duplicated rows are removed (critical)');
    assert.equal(signoff.gate.rules[1]?.observed, '50% (3 of 6)');
    assert.deepEqual(signoff.blocking.map((failure) => failure.scenario).sort(), ['Duplicated rows are removed', 'Late data is reported separately', 'The totals are queried while the query service throttles']);
    assert.deepEqual(signoff.knownIssues.map((issue) => [issue.ids, issue.scenario, issue.category]), [[[{ id: 'PF-7', url: 'https://issues.example.com/browse/PF-7' }], 'Totals are rounded to cents', 'product defect']]);
    assert.deepEqual(
      Object.fromEntries(signoff.byRequirement.map((requirement) => [requirement.requirement, requirement.status])),
      { 'DL-101': 'met', 'DL-102': 'met', 'DL-103': 'not met', 'DL-201': 'met', 'DL-202': 'not met', 'DL-203': 'not met', 'DL-204': 'known issue' },
    );
    assert.equal(signoff.byRequirement[0]?.url, 'https://requirements.example.com/browse/DL-101');
    assert.deepEqual(signoff.identification.release, FIXTURE_IDENTIFICATION.release);
    assert.deepEqual(signoff.environment, FIXTURE_ENVIRONMENT);
    assert.deepEqual(signoff.scope.features.map((feature) => feature.feature).sort(), ['Ingesting a daily positions file', 'Reporting on curated positions']);
    assert.deepEqual(signoff.approval, { approver: '', decision: '', date: '', comments: '' });
    for (const failure of signoff.failures) {
      assert.ok(failure.reason.length > 20, `${failure.scenario} has a reason`);
      assert.match(failure.allureLink ?? '', /^\.\.\/allure-report\/index\.html#[0-9a-f]{32}$/, `${failure.scenario} links into the Allure report`);
    }
    for (const link of signoff.evidence) {
      assert.ok(fs.existsSync(path.resolve(directory, 'signoff', link.href)), `evidence ${link.label} (${link.href}) exists`);
    }
  });

  it('prints a final summary with the counts, the verdict and where the reports are', () => {
    const summary = formatRunSummary(outcome, { durationMs: 1500, cwd: directory });
    assert.match(summary, /^7 scenarios: 3 passed, 3 failed, 1 not runnable \(undefined\/ambiguous\/pending\) in 1\.5 s$/m);
    assert.match(summary, /^Failures: 1 product defect, 1 test defect, 1 environment\/infrastructure$/m);
    assert.match(summary, /^Known issues \(not counted\): PF-7 \(Totals are rounded to cents\)$/m);
    assert.match(summary, /^Quality gate \(quality-gate\.yml\): NO-GO$/m);
    assert.match(summary, /^ {2}✘ No blocker or critical scenario fails: expected 0 failed, observed 1 failed: Duplicated rows are removed \(critical\)$/m);
    for (const file of ['signoff/index.html', 'allure-report/index.html', 'junit.xml', 'cucumber.ndjson']) assert.ok(summary.includes(` ${file}`), file);
  });

  it('shows one duration for the run: the span of its scenarios, in the sign-off, the console and the Allure report', () => {
    const allureSummary = JSON.parse(fs.readFileSync(path.join(directory, 'allure-report', 'summary.json'), 'utf8')) as { duration: number };
    const starts = record.results.map((result) => Date.parse(result.startedAt!));
    const ends = record.results.map((result) => Date.parse(result.startedAt!) + result.durationMs);
    assert.equal(signoff.identification.durationMs, Math.max(...ends) - Math.min(...starts));
    assert.equal(allureSummary.duration, signoff.identification.durationMs);
    const console = formatRunSummary(outcome, { durationMs: signoff.identification.durationMs, cwd: directory });
    assert.ok(console.includes(` in ${formatDuration(allureSummary.duration)}\n`), console);
  });

  it('names every hook in the Allure report after where it is defined (never "Unknown test")', () => {
    const containers = fs.readdirSync(path.join(directory, 'allure-results')).filter((name) => name.endsWith('-container.json'));
    const fixtures = containers.flatMap((name) => {
      const container = JSON.parse(fs.readFileSync(path.join(directory, 'allure-results', name), 'utf8')) as { befores?: Array<{ name?: string }>; afters?: Array<{ name?: string }> };
      return [...(container.befores ?? []), ...(container.afters ?? [])];
    });
    assert.equal(fixtures.length, record.results.length, 'one After hook per scenario');
    for (const fixture of fixtures) assert.match(fixture.name ?? '', /^After hook \(test\/reports\/fixtures\/steps\/positions\.steps\.ts:\d+\)$/);
  });

  it('keeps stack traces in an attachment; the failure panel shows the message and only the frames of the step code', () => {
    const result = allureResults(directory).find((candidate) => candidate.name === 'Duplicated rows are removed')!;
    assert.match(result.statusDetails?.message ?? '', /the curated table holds 4 rows, expected 3/);
    const frames = (result.statusDetails?.trace ?? '').split('\n');
    assert.ok(frames.length > 0 && frames.every((line) => /^\s*at .*test\/reports\/fixtures\/steps\/positions\.steps\.ts:\d+/.test(line)), frames.join('\n'));
    const attachment = result.attachments?.find((candidate) => candidate.name === STACK_TRACE_ATTACHMENT);
    assert.ok(attachment, 'the whole trace is attached');
    const trace = fs.readFileSync(path.join(directory, 'allure-results', attachment.source), 'utf8');
    assert.match(trace, /AssertionError[\s\S]*positions\.steps\.ts/);
    assert.ok(trace.split('\n').length > frames.length, 'the attachment holds more than the panel');
  });

  it('keeps history across runs, and does not count a rebuilt report twice', async () => {
    const entries = () => fs.readFileSync(historyFile, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { uuid: string }).uuid);
    assert.deepEqual(entries(), [record.allureHistoryEntry]);

    const rebuilt = JSON.parse(fs.readFileSync(path.join(directory, 'run.json'), 'utf8')) as RunRecord;
    assert.equal(rebuilt.allureHistoryEntry, record.allureHistoryEntry);
    await buildReports({ projectRoot: PROJECT_ROOT, reportsDirectory: directory, record: rebuilt, historyFile, gate: loadQualityGate(PROJECT_ROOT, {}), links: LINKS, rebuild: true });
    assert.deepEqual(entries(), [record.allureHistoryEntry], 'a rebuild adds no entry');

    const next = await runFixtureSuite({ reportsDirectory: directory, links: LINKS });
    assert.deepEqual(next.results.map((result) => result.status), record.results.map((result) => result.status), 'a second run in the same process runs the same way');
    await buildReports({ projectRoot: PROJECT_ROOT, reportsDirectory: directory, record: next, historyFile, gate: loadQualityGate(PROJECT_ROOT, {}), links: LINKS });
    assert.deepEqual(entries(), [record.allureHistoryEntry, next.allureHistoryEntry], 'the next run adds one');
    // The second report carries the first run: in its history data and in the trend chart.
    const data = embeddedReportData(path.join(directory, 'allure-report', 'index.html'));
    assert.ok(data.has(`data/history/${record.allureHistoryEntry}.json`), 'the first run is in the report\'s history');
    const charts = JSON.parse(data.get('widgets/charts.json')!) as { general: Record<string, { type: string; data: Array<{ id: string }> }> };
    const dynamics = Object.values(charts.general).find((chart) => chart.type === 'statusDynamics')!;
    assert.deepEqual(dynamics.data.map((point) => point.id), [record.allureHistoryEntry, 'current'], 'the trend shows both runs');
  });
});

describe('reports from a parallel run', () => {
  it('are the same with cucumber --parallel 2 (labels set in the worker processes)', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-reports-parallel-'));
    try {
      const record = await runFixtureSuite({ reportsDirectory: directory, parallel: 2 });
      const outcome = await buildReports({ projectRoot: PROJECT_ROOT, reportsDirectory: directory, record, historyFile: path.join(directory, 'history.jsonl'), gate: loadQualityGate(PROJECT_ROOT, {}), links: {} });
      assert.deepEqual(outcome.problems, []);
      assert.deepEqual(Object.fromEntries(record.results.map((result) => [result.name, result.status])), Object.fromEntries(Object.entries(EXPECTED).map(([name, expected]) => [name, expected.status])));
      for (const result of allureResults(directory)) {
        assert.deepEqual(labels(result, FAILURE_CATEGORY_LABEL), EXPECTED[result.name]?.category ? [EXPECTED[result.name]!.category] : [], result.name);
        // No URL template (links: {}): a requirement is a label, never a link to nowhere.
        assert.deepEqual(result.links, [], result.name);
        assert.equal(labels(result, 'requirement').length, 1, result.name);
        assert.match(labels(result, 'requirement')[0]!, /^DL-\d+$/);
      }
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});
