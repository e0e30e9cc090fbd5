import path from 'node:path';
import { PROJECT_ROOT } from '../project-root';
import { newRunId } from '../../support/run-id';
import { prepareRun, type PreparedRun } from '../../support/run/prepare-run';
import { planScenarios, runScenarios } from '../../support/run/cucumber-runner';
import { RunResults } from '../../support/run/run-results';
import { ProgressPrinter } from '../../support/run/progress';
import { StartupError } from '../../support/run/startup-error';
import { formatDuration } from '../../support/duration';
import { recordedSummary } from '../../sandbox/deployer/deploy-summary';
import { reportStartupFailure } from './startup';
import { sweepRunOutputs } from '../../support/cleanup/run-cleanup';
import { effectiveTags } from '../../support/guards/protected-environment';
import { loadQualityGate, type QualityGateConfig } from '../../support/reports/quality-gate';
import { clearReportOutputs, DEFAULT_REPORTS_DIRECTORY } from '../../support/reports/report-paths';
import { identifyRelease } from '../../support/reports/release-identification';
import { buildReports } from '../../support/reports/build-reports';
import { RUN_RECORD_FORMAT } from '../../support/reports/run-record';
import { formatRunSummary } from '../../support/reports/run-summary';
import { redactor } from '../../support/redaction';
import { checkReportsDirectory, planWorkers } from '../options';
import { resolveFeaturePaths } from '../feature-paths';
import { selectionFailure } from './selection-failure';

export interface RunCommandOptions {
  env: string;
  tags?: string;
  parallel?: number;
  keepData?: boolean;
  confirm?: string;
  profile?: string;
  port?: number;
  sandboxEndpoint?: string;
  reportsDir?: string;
  paths: string[];
}

export async function runCommand(options: RunCommandOptions): Promise<number> {
  const runId = newRunId();
  const reportsDirectory = path.resolve(options.reportsDir ?? path.join(PROJECT_ROOT, DEFAULT_REPORTS_DIRECTORY));
  let prepared: PreparedRun;
  let gate: QualityGateConfig;
  let paths: string[];
  try {
    // Bad options and a bad gate file stop the run before anything starts.
    if (options.reportsDir) checkReportsDirectory(options.reportsDir, reportsDirectory);
    paths = resolveFeaturePaths(options.paths, PROJECT_ROOT);
    gate = loadQualityGate(PROJECT_ROOT);
    prepared = await prepareRun({
      env: options.env,
      projectRoot: PROJECT_ROOT,
      runId,
      port: options.port,
      confirm: options.confirm,
      sandboxEndpoint: options.sandboxEndpoint,
    });
  } catch (error) {
    return reportStartupFailure(error);
  }
  try {
    const environment = prepared.environment;
    const tags = effectiveTags(environment, options.tags ?? environment.tags);
    const planned = await planScenarios({ projectRoot: PROJECT_ROOT, profile: options.profile, paths, tags }).catch((error: unknown) => {
      throw selectionFailure(error);
    });
    if (planned.length === 0) {
      throw new StartupError(
        `No scenario matches (paths: ${options.paths.join(' ') || "the profile's features"}, tags: ${tags ?? 'none'}).`,
        'Check the tag expression with `postflight list`.',
      );
    }
    const workers = options.parallel === undefined ? undefined : planWorkers(options.parallel, planned.length);
    for (const warning of workers?.warnings ?? []) process.stderr.write(`warning: ${warning}\n`);
    printHeader(prepared, tags, planned.length);
    clearReportOutputs(reportsDirectory);
    const identification = identifyRelease(process.env, PROJECT_ROOT);
    const startedAt = new Date().toISOString();
    const progress = new ProgressPrinter(planned.length, (line) => process.stdout.write(`${redactor.redact(line)}\n`));
    const results = new RunResults((result) => progress.scenarioFinished(result));
    const started = Date.now();
    await runScenarios({
      projectRoot: PROJECT_ROOT,
      profile: options.profile,
      paths,
      tags,
      parallel: workers?.workers,
      reportsDirectory,
      identification,
      worldParameters: {
        environment,
        runId,
        runDate: prepared.runDate,
        keepData: Boolean(options.keepData),
        projectRoot: PROJECT_ROOT,
      },
      onMessage: (envelope) => results.handle(envelope),
    });
    if (!options.keepData) {
      const swept = await sweepRunOutputs(prepared.clients, environment, runId, prepared.runDate);
      if (swept.failed.length)
        process.stderr.write(
          `Cleanup could not delete ${swept.failed.length} output(s) of this run:\n${swept.failed.map((f) => `  ${f.url}: ${f.error}`).join('\n')}\n`,
        );
    }
    const outcome = await buildReports({
      projectRoot: PROJECT_ROOT,
      reportsDirectory,
      gate,
      record: {
        format: RUN_RECORD_FORMAT,
        runId,
        startedAt,
        finishedAt: new Date().toISOString(),
        environment: {
          name: environment.name,
          account: environment.account,
          region: environment.region,
          sandbox: Boolean(environment.endpoint),
        },
        actingAs: prepared.identity.arn,
        identification,
        scope: { tags, paths: options.paths, profile: options.profile, parallel: workers?.workers },
        results: results.results,
      },
    });
    // Belt and braces: whatever a formatter wrote, no secret stays under reports/.
    redactor.redactDirectory(reportsDirectory);
    process.stdout.write(`\n${formatRunSummary(outcome, { durationMs: Date.now() - started })}`);
    return outcome.exitCode;
  } catch (error) {
    return reportStartupFailure(error);
  } finally {
    await prepared.dispose();
  }
}

function sandboxNote(prepared: PreparedRun): string {
  if (!prepared.environment.endpoint) return '';
  if (!prepared.session) return ` — the running sandbox at ${prepared.environment.endpoint}`;
  return ` — local sandbox at ${prepared.environment.endpoint}, ready in ${formatDuration(prepared.session.bootMs)}`;
}

/** Resources the sandbox deployed without acting on them are never hidden. */
function recordedLine(prepared: PreparedRun): string[] {
  const summary = prepared.session ? recordedSummary(prepared.session.sandbox.cloudFormation.all()) : undefined;
  return summary ? [`  sandbox:     ${summary}`] : [];
}

function printHeader(prepared: PreparedRun, tags: string | undefined, scenarios: number): void {
  const environment = prepared.environment;
  const lines = [
    `postflight run ${prepared.runId}`,
    `  environment: ${environment.name} (account ${environment.account}, ${environment.region})${sandboxNote(prepared)}`,
    ...recordedLine(prepared),
    `  acting as:   ${prepared.identity.arn}`,
    `  scenarios:   ${scenarios}${tags ? ` (tags: ${tags})` : ''}`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
