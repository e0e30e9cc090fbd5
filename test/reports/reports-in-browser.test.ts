import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../bin/project-root';
import { FAILURE_CATEGORY_LABEL, SCENARIO_ID_LABEL } from '../../model/allure-labels';
import { buildReports, type ReportsOutcome } from '../../runner/reports/build-reports';
import { loadQualityGate } from '../../runner/reports/quality-gate';
import type { RunRecord } from '../../runner/reports/run-record';
import { launchChromium, type HeadlessChromium } from './helpers/chromium';
import { runFixtureSuite } from './helpers/fixture-run';
import { serveDirectory, type StaticServer } from './helpers/static-server';
import { temporaryDirectory } from '../helpers/postflight-cli';

/**
 * The reports as a reader sees them: the fixture suite run for real, its reports served over HTTP
 * on 127.0.0.1 and opened in headless Chromium. What the pages show must match the results, and
 * no request may leave the serving host. Screenshots go to the folder POSTFLIGHT_SCREENSHOTS names
 * (to look at them), else to the test's temporary folder: a test writes nothing into the project.
 */
const SCREENSHOTS = process.env.POSTFLIGHT_SCREENSHOTS || temporaryDirectory('screenshots');
// Links a reader may click point elsewhere; the pages must not fetch them.
const LINKS = { requirement: 'https://requirements.example.com/browse/%s', issue: 'https://issues.example.com/browse/%s' };

describe('the reports in a browser', () => {
  let directory: string;
  let record: RunRecord;
  let outcome: ReportsOutcome;
  let server: StaticServer;
  let browser: HeadlessChromium;
  let page: Page;

  const count = (status: string) => record.results.filter((result) => result.status === status).length;

  before(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-browser-'));
    record = await runFixtureSuite({ reportsDirectory: directory, links: LINKS });
    outcome = await buildReports({ projectRoot: PROJECT_ROOT, reportsDirectory: directory, record, historyFile: path.join(directory, 'history.jsonl'), gate: loadQualityGate(PROJECT_ROOT, {}), links: LINKS });
    server = await serveDirectory(directory);
    browser = await launchChromium(server.origin);
    page = await browser.context.newPage();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('the sign-off page shows the verdict and the counts of the run', async () => {
    await page.goto(`${server.origin}/signoff/index.html`);
    assert.equal(outcome.verdict, 'NO-GO');
    assert.equal((await page.getByTestId('verdict').innerText()).trim(), outcome.verdict);
    const tile = async (id: string) => Number((await page.getByTestId(`count-${id}`).locator('.number').innerText()).trim());
    assert.equal(await tile('total'), record.results.length);
    assert.equal(await tile('passed'), count('PASSED'));
    assert.equal(await tile('failed'), count('FAILED'));
    assert.equal(await tile('not-runnable'), count('UNDEFINED') + count('AMBIGUOUS') + count('PENDING'));
    assert.equal(await tile('known-issues'), 1);
    // What blocks it comes right after the verdict and the counts.
    assert.ok(await page.getByTestId('blocking').isVisible());
    const blockingRules = await page.getByTestId('blocking').locator('li').allInnerTexts();
    assert.deepEqual(blockingRules.map((rule) => rule.split(':')[0]), ['No blocker or critical scenario fails', 'Scenarios that pass (skipped and known issues aside)']);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'signoff.png'), fullPage: true });
  });

  it('the sign-off page shows each failed scenario with its category and reason', async () => {
    const expected: Array<[string, string, RegExp]> = [
      ['Duplicated rows are removed', 'product defect', /An assertion about the system failed at "the curated table holds 3 rows": the curated table holds 4 rows, expected 3/],
      ['The totals are queried while the query service throttles', 'environment/infrastructure', /The environment did not answer \(ThrottlingException .*Rate exceeded/],
      ['Late data is reported separately', 'test defect', /Undefined step "a late file arrives for yesterday"/],
      ['Totals are rounded to cents', 'product defect', /the total amount is 6, expected 100\.01/],
    ];
    const rows = page.getByTestId('failures').locator('tbody tr');
    assert.equal(await rows.count(), expected.length);
    for (const [scenario, category, reason] of expected) {
      const row = page.getByTestId('failures').locator(`tr[data-scenario="${scenario}"]`);
      assert.equal((await row.locator('td.category').innerText()).trim(), category, scenario);
      assert.match(await row.locator('td.reason').innerText(), reason, scenario);
    }
    const knownIssue = await page.getByTestId('known-issues').locator('tbody tr').allInnerTexts();
    assert.equal(knownIssue.length, 1);
    assert.match(knownIssue[0] ?? '', /PF-7\s+Totals are rounded to cents/);
  });

  it('the Allure report shows the same counts, grouped by epic, feature and story', async () => {
    await page.goto(`${server.origin}/allure-report/index.html`);
    await page.getByTestId('metadata-item-total').waitFor();
    const metadata = async (name: string) => Number((await page.getByTestId(`metadata-item-${name}`).getByTestId('metadata-value').innerText()).trim());
    assert.equal(await metadata('total'), record.results.length);
    assert.equal(await metadata('passed'), count('PASSED'));
    // Allure splits what did not pass into failed (assertions) and broken (everything else).
    assert.equal((await metadata('failed')) + (await metadata('broken')), record.results.length - count('PASSED'));
    assert.deepEqual(await page.getByTestId('tree-section-title').allInnerTexts(), ['process', 'Ingesting a daily positions file', 'ingestion', 'data', 'Reporting on curated positions', 'reporting']);
    assert.equal(await page.getByTestId('tree-leaf-title').count(), record.results.length);
    const environment = await page.getByTestId('metadata-list').innerText();
    assert.match(environment, /release\s+2\.4\.0-rc\.1/);
    assert.match(environment, new RegExp(`runId\\s+${record.runId}`));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'allure-overview.png'), fullPage: true });
  });

  it('the Allure report shows a failed scenario with its category and reason', async () => {
    const cases: Array<[string, string, string]> = [
      ['Duplicated rows are removed', 'Category: Product defects', 'the curated table holds 4 rows, expected 3'],
      ['Late data is reported separately', 'Category: Test defects', 'Undefined step "a late file arrives for yesterday": no step definition matches it.'],
      ['The totals are queried while the query service throttles', 'Category: Environment / infrastructure', 'Rate exceeded (request fixture-request-1)'],
      ['Totals are rounded to cents', 'Category: Known issues', 'the total amount is 6, expected 100.01'],
    ];
    for (const [scenario, category, reason] of cases) {
      await page.goto(`${server.origin}/allure-report/index.html`);
      await page.getByTestId('tree-leaf-title').filter({ hasText: scenario }).click();
      await page.getByText(category, { exact: true }).waitFor();
      assert.ok(await page.getByText(reason).first().isVisible(), `${scenario}: ${reason}`);
      await page.getByText('Show more', { exact: true }).click();
      assert.ok(await page.getByText(FAILURE_CATEGORY_LABEL, { exact: true }).isVisible(), 'all labels are shown');
      assert.equal(await page.getByText(SCENARIO_ID_LABEL).count(), 0, 'the label tying results to scenarios is hidden');
      if (scenario === 'Duplicated rows are removed') await page.screenshot({ path: path.join(SCREENSHOTS, 'allure-failure.png'), fullPage: true });
    }
  });

  it('the sign-off links a failure to its page in the Allure report', async () => {
    await page.goto(`${server.origin}/signoff/index.html`);
    await page.getByTestId('failures').locator('tr[data-scenario="Duplicated rows are removed"]').getByRole('link', { name: 'open' }).click();
    await page.getByText('Category: Product defects', { exact: true }).waitFor();
    assert.match(page.url(), /\/allure-report\/index\.html#[0-9a-f]{32}$/);
  });

  it('no request left the serving host, and the Allure report is one file', () => {
    const network = browser.requests.filter((url) => /^https?:/.test(url));
    assert.ok(network.length > 0);
    assert.deepEqual(network.filter((url) => new URL(url).origin !== server.origin), []);
    assert.deepEqual([...new Set(server.served)].filter((served) => served !== '/favicon.ico').sort(), ['/allure-report/index.html', '/signoff/index.html']);
  });
});
