import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AllureReportError, generateAllureReport, warmAllureGenerator } from '../../runner/reports/allure-report';
import { temporaryDirectory } from '../helpers/postflight-cli';

/** The generator started early (while the scenarios run) may die before it is asked for the report. */
describe('the Allure generator started early', () => {
  it('that ended before the report was asked for: the report fails with its reason, it does not hang', { timeout: 30_000 }, async () => {
    const directory = temporaryDirectory('allure-generator');
    const results = path.join(directory, 'allure-results');
    fs.mkdirSync(results);
    const saved = process.env.NODE_OPTIONS;
    // A generator that cannot start: Node refuses a preload that does not exist.
    process.env.NODE_OPTIONS = `--require ${path.join(directory, 'no-such-preload.cjs')}`;
    try {
      warmAllureGenerator();
    } finally {
      process.env.NODE_OPTIONS = saved;
    }
    await sleep(1_000);
    const report = generateAllureReport({
      resultsDirectory: results,
      outputDirectory: path.join(directory, 'allure-report'),
      historyFile: path.join(directory, 'history.jsonl'),
      reportName: 'early exit',
      scratchDirectory: directory,
    });
    await assert.rejects(report, (error: unknown) => {
      assert.ok(error instanceof AllureReportError, String(error));
      assert.match(error.message, /exited with 1/);
      assert.match(error.message, /MODULE_NOT_FOUND/);
      return true;
    });
  });
});
