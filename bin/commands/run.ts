import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { PROJECT_ROOT } from '../project-root';
import { newRunId } from '../../support/run-id';
import { prepareRun, type PreparedRun } from '../../support/run/prepare-run';
import { planScenarios, runScenarios } from '../../support/run/cucumber-runner';
import { RunResults, scenarioSpan } from '../../support/run/run-results';
import { ProgressPrinter } from '../../support/run/progress';
import { StartupError } from '../../support/run/startup-error';
import { formatDuration } from '../../support/duration';
import { recordedSummary } from '../../sandbox/deployer/deploy-summary';
import { reportStartupFailure } from './startup';
import { sweepRunOutputs } from '../../support/cleanup/run-cleanup';
import { effectiveTags } from '../../support/guards/protected-environment';
import { loadQualityGate, type QualityGateConfig } from '../../support/reports/quality-gate';
import { DEFAULT_REPORTS_DIRECTORY, reportPaths } from '../../support/reports/report-paths';
import { stageReports, type ReportStaging } from '../../support/reports/report-publication';
import { acquireReportsLock, type ReportsLock } from '../../support/run/reports-lock';
import { SignalWatch } from '../../support/run/signal-watch';
import type { InterruptSignal, Interruption } from '../../support/run/interruption';
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
  let lock: ReportsLock | undefined;
  let staging: ReportStaging | undefined;
  let prepared: PreparedRun | undefined;
  const signals = new SignalWatch({
    interrupted: (interruption) => process.stderr.write(interruptedMessage(interruption)),
    forced: (signal) => {
      // Second signal: no cleanup, no reports; only the local sandbox (and its temporary files) is stopped.
      process.stderr.write(forcedMessage(signal, options.env, runId));
      staging?.discard();
      lock?.release();
      void Promise.race([prepared?.dispose(), delay(FORCED_DISPOSE_MS)]).finally(() => process.exit(signals.exitCode));
    },
  });
  const release = async () => {
    staging?.discard();
    lock?.release();
    signals.dispose();
    await prepared?.dispose();
  };
  let gate: QualityGateConfig;
  let paths: string[];
  try {
    // Bad options and a bad gate file stop the run before anything starts.
    if (options.reportsDir) checkReportsDirectory(options.reportsDir, reportsDirectory);
    paths = resolveFeaturePaths(options.paths, PROJECT_ROOT);
    gate = loadQualityGate(PROJECT_ROOT);
    lock = acquireReportsLock(reportsDirectory, { runId, command: `postflight ${process.argv.slice(2).join(' ')}` });
    staging = stageReports(reportsDirectory, { projectRoot: PROJECT_ROOT });
    prepared = await prepareRun({
      env: options.env,
      projectRoot: PROJECT_ROOT,
      runId,
      port: options.port,
      confirm: options.confirm,
      sandboxEndpoint: options.sandboxEndpoint,
    });
  } catch (error) {
    await release();
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
    if (signals.interruption()) return stoppedEarly(signals, 'before any scenario ran: nothing was run');
    printHeader(prepared, tags, planned.length);
    const identification = identifyRelease(process.env, PROJECT_ROOT);
    const startedAt = new Date().toISOString();
    const progress = new ProgressPrinter(planned.length, (line) => process.stdout.write(`${redactor.redact(line)}\n`), {
      fullText: `the Allure report and ${path.relative(process.cwd(), reportPaths(reportsDirectory).junit) || 'junit.xml'}`,
    });
    const results = new RunResults((result) => progress.scenarioFinished(result));
    await runScenarios({
      projectRoot: PROJECT_ROOT,
      profile: options.profile,
      paths,
      tags,
      parallel: workers?.workers,
      reportsDirectory: staging.directory,
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
    progress.finished();
    if (!options.keepData) {
      const swept = await sweepRunOutputs(prepared.clients, environment, runId, prepared.runDate);
      if (swept.failed.length)
        process.stderr.write(
          `Cleanup could not delete ${swept.failed.length} output(s) of this run:\n${swept.failed.map((f) => `  ${f.url}: ${f.error}`).join('\n')}\n`,
        );
    }
    const interruption = signals.interruption();
    const span = scenarioSpan(results.results) ?? { startedAt, finishedAt: new Date().toISOString() };
    const outcome = await buildReports({
      projectRoot: PROJECT_ROOT,
      reportsDirectory: staging.directory,
      gate,
      record: {
        format: RUN_RECORD_FORMAT,
        runId,
        ...span,
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
        ...(interruption ? { interruption } : {}),
      },
    });
    // Belt and braces: whatever a formatter wrote, no secret stays under reports/.
    redactor.redactDirectory(staging.directory);
    // A signal that came while the reports were written: they would not say so; keep the previous ones.
    const lateSignal = signals.interruption() !== interruption;
    if (lateSignal) return stoppedEarly(signals, 'while the reports were written: they were not published');
    staging.publish();
    staging = undefined;
    const published = { ...outcome, paths: reportPaths(reportsDirectory) };
    process.stdout.write(`\n${formatRunSummary(published, { durationMs: published.signoff.identification.durationMs })}`);
    if (interruption) {
      process.stderr.write(
        `\nRun ${runId} INTERRUPTED (${interruption.signal}): exit ${signals.exitCode}. The running scenarios cleaned up what they wrote.\n`,
      );
      return signals.exitCode!;
    }
    return outcome.exitCode;
  } catch (error) {
    return reportStartupFailure(error);
  } finally {
    await release();
  }
}

const FORCED_DISPOSE_MS = 3_000;

function interruptedMessage(interruption: Interruption): string {
  const again = interruption.signal === 'SIGINT' ? 'Press Ctrl-C again' : 'Send SIGTERM (or Ctrl-C) again';
  return (
    `\nInterrupted (${interruption.signal}): the running scenarios stop and clean up what they wrote; the others do not start. ` +
    `The reports will say INTERRUPTED, verdict NO-GO.\n${again} to stop at once without cleaning up.\n`
  );
}

function forcedMessage(signal: InterruptSignal, env: string, runId: string): string {
  return (
    `\n${signal} again: stopping now, without cleaning up. The previous reports are left as they were.\n` +
    `What this run wrote may remain: remove it with \`npx postflight cleanup --env ${env} --run-id ${runId}\`.\n`
  );
}

/** Interrupted where no scenario had anything to clean up: no reports are written (the previous ones stay). */
function stoppedEarly(signals: SignalWatch, when: string): number {
  process.stderr.write(`Interrupted ${when}; the previous reports are untouched. Exit ${signals.exitCode}.\n`);
  return signals.exitCode!;
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
