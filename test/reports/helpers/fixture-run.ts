import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfiguration, loadSupport, runCucumber, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import { PROJECT_ROOT } from '../../../bin/project-root';
import { newRunId } from '../../../model/run-id';
import { RunResults, scenarioSpan } from '../../../runner/cucumber/run-results';
import { allureCucumberFormat, type LinkTemplates } from '../../../runner/reports/allure-formatter';
import { reportPaths } from '../../../runner/reports/report-paths';
import { clearReportOutputs } from '../../../runner/reports/report-publication';
import { RUN_RECORD_FORMAT, type RunRecord } from '../../../runner/reports/run-record';

/**
 * Runs the report fixtures (test/reports/fixtures: features with deterministic steps, no AWS)
 * through the real cucumber pipeline with the real formatters — Allure results, messages, JUnit —
 * as `postflight run` does, and returns the run record the reports are built from.
 */
export const FIXTURE_FEATURES = path.join(PROJECT_ROOT, 'test/reports/fixtures/features');

export interface FixtureRunOptions {
  reportsDirectory: string;
  paths?: string[];
  tags?: string;
  parallel?: number;
  links?: LinkTemplates;
}

export const FIXTURE_ENVIRONMENT = { name: 'fixture', account: '000000000000', region: 'eu-west-1', sandbox: true };
export const FIXTURE_IDENTIFICATION = { release: '2.4.0-rc.1', commit: '0123456789abcdef0123456789abcdef01234567', build: 'postflight-tests:build-42', pipelineExecution: 'pipeline-exec-7' };

let supportLibrary: ISupportCodeLibrary | undefined;

export async function runFixtureSuite(options: FixtureRunOptions): Promise<RunRecord> {
  clearReportOutputs(options.reportsDirectory);
  const paths = reportPaths(options.reportsDirectory);
  const runId = newRunId();
  const allure = allureCucumberFormat(options.reportsDirectory, { environment: FIXTURE_ENVIRONMENT, runId, identification: FIXTURE_IDENTIFICATION }, options.links ?? {});
  const featurePaths = options.paths ?? [`${path.relative(PROJECT_ROOT, FIXTURE_FEATURES)}/**/*.feature`];
  const { runConfiguration } = await loadConfiguration(
    {
      file: false,
      provided: {
        paths: featurePaths,
        import: ['support/cucumber/allure.ts', 'test/reports/fixtures/steps/**/*.ts'],
        strict: true,
        parallel: options.parallel ?? 0,
        ...(options.tags ? { tags: options.tags } : {}),
        format: [allure.format, ['message', paths.messages], ['junit', paths.junit]],
        formatOptions: { ...allure.formatOptions, junit: { suiteName: 'postflight fixture' } },
      },
    },
    { cwd: PROJECT_ROOT },
  );
  // ESM support code runs once per process: a second run must reuse the first run's library,
  // or it would have no step definitions and no hooks.
  supportLibrary ??= await loadSupport(runConfiguration, { cwd: PROJECT_ROOT });
  const results = new RunResults();
  const startedAt = new Date().toISOString();
  await runCucumber({ ...runConfiguration, support: supportLibrary }, { cwd: PROJECT_ROOT, stdout: nullStream(), stderr: nullStream() }, (envelope) => results.handle(envelope));
  const record: RunRecord = {
    format: RUN_RECORD_FORMAT,
    runId,
    // As `postflight run` does: the run's duration is the span of its scenarios.
    ...(scenarioSpan(results.results) ?? { startedAt, finishedAt: new Date().toISOString() }),
    environment: FIXTURE_ENVIRONMENT,
    actingAs: 'arn:aws:sts::000000000000:assumed-role/postflight-test-runner/fixture',
    identification: FIXTURE_IDENTIFICATION,
    scope: { tags: options.tags, paths: featurePaths, parallel: options.parallel },
    results: results.results,
  };
  return record;
}

/** A copy of a fixture feature with extra tags on one scenario, in a directory of the caller's. */
export function featureWithTags(feature: string, scenario: string, tags: string, directory: string): string {
  const source = fs.readFileSync(path.join(FIXTURE_FEATURES, feature), 'utf8');
  const lines = source.split('\n');
  const index = lines.findIndex((line) => line.trim() === `Scenario: ${scenario}`);
  if (index < 1) throw new Error(`No scenario "${scenario}" in ${feature}`);
  lines[index - 1] = `${lines[index - 1]} ${tags}`;
  fs.mkdirSync(directory, { recursive: true });
  const target = path.join(directory, feature);
  fs.writeFileSync(target, lines.join('\n'));
  return target;
}

function nullStream(): Writable {
  return new Writable({ write: (_chunk, _encoding, callback) => callback() });
}
