import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { newRunId } from '../model/run-id';
import { StartupError } from '../model/startup-error';
import { redactor } from '../support/redaction';
import { prepareRun, type PreparedRun } from './startup/prepare-run';
import { effectiveTags } from './startup/protected-run';
import { planScenarios, runScenarios } from './cucumber/cucumber-runner';
import { RunResults, scenarioSpan } from './cucumber/run-results';
import { selectionFailure } from './cucumber/selection-failure';
import { planWorkers } from './cucumber/worker-plan';
import { durationsFromHistory, planShard, scenarioPaths, type ShardPlan } from './cucumber/shard-selection';
import { allureHistoryFile, warmAllureGenerator } from './reports/allure-report';
import { formatShard, type ShardSpec } from '../model/shard';
import { ProgressPrinter } from './console/progress';
import { forcedMessage, interruptedMessage, printHeader, stoppedEarly } from './console/run-messages';
import { SignalWatch } from './interruption/signal-watch';
import { sweepRunOutputs } from './cleanup/run-sweep';
import { loadQualityGate, type QualityGateConfig } from './reports/quality-gate';
import { reportPaths } from './reports/report-paths';
import { stageReports, type ReportStaging } from './reports/report-publication';
import { acquireReportsLock, type ReportsLock } from './reports/reports-lock';
import { identifyRelease } from './reports/release-identification';
import { buildReports } from './reports/build-reports';
import { RUN_RECORD_FORMAT } from './reports/run-record';
import { formatRunSummary } from './reports/run-summary';
import { withSteps } from './cucumber/scenario-steps';
import { refuseTestCasesOnAws } from './startup/sandbox-only';
import { createRunObservers, removeRunObservers } from './observers/run-observers';
import { observedNames, type RunObservers } from '../model/run-observers';

export interface RunSuiteOptions {
  projectRoot: string;
  env: string;
  tags?: string;
  parallel?: number;
  /** Run only this part of the selection (`--shard I/N`). */
  shard?: ShardSpec;
  keepData?: boolean;
  confirm?: string;
  profile?: string;
  port?: number;
  sandboxEndpoint?: string;
  /** Absolute; checked by the command before the run. */
  reportsDirectory: string;
  /** Feature paths for cucumber (absolute, checked); empty: the profile's features. */
  featurePaths: string[];
  /** The feature paths as given, for messages and the run record. */
  givenPaths: string[];
  /** The command line, named by the reports lock. */
  command: string;
}

/**
 * A whole run, as `postflight run` does it: the reports lock and staging, the start-up (environment,
 * sandbox, guards), the scenarios through cucumber with progress lines, the sweep of derived outputs,
 * the reports and the quality gate, the reports published whole. Returns the exit code (0 GO, 1 NO-GO,
 * 130/143 interrupted); a run that cannot start throws a StartupError once everything it began is released.
 */
export async function runSuite(options: RunSuiteOptions): Promise<number> {
  const runId = newRunId();
  const { projectRoot, reportsDirectory } = options;
  let lock: ReportsLock | undefined;
  let staging: ReportStaging | undefined;
  let prepared: PreparedRun | undefined;
  let observers: RunObservers | undefined;
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
  /** The run's subscriptions and rules go after its last scenario, whatever ended the run. */
  const removeObservers = async () => {
    if (!observers || !prepared) return;
    const failed = await removeRunObservers(prepared.clients, observers);
    observers = undefined;
    if (failed.length)
      process.stderr.write(
        `Cleanup could not remove ${failed.length} of the run's subscriptions, rules or queues:\n${failed.map((f) => `  ${f.name}: ${f.error}`).join('\n')}\n` +
          `  Remove them later with: npx postflight cleanup --env ${options.env} --run-id ${runId}\n`,
      );
  };
  const release = async () => {
    await removeObservers();
    staging?.discard();
    lock?.release();
    signals.dispose();
    await prepared?.dispose();
  };
  let gate: QualityGateConfig;
  const paths = options.featurePaths;
  try {
    // A bad gate file stops the run before anything starts.
    gate = loadQualityGate(projectRoot);
    lock = acquireReportsLock(reportsDirectory, { runId, command: options.command });
    staging = stageReports(reportsDirectory, { projectRoot });
    prepared = await prepareRun({
      env: options.env,
      projectRoot,
      runId,
      port: options.port,
      confirm: options.confirm,
      sandboxEndpoint: options.sandboxEndpoint,
    });
  } catch (error) {
    await release();
    throw error;
  }
  try {
    const environment = prepared.environment;
    const tags = effectiveTags(environment, options.tags ?? environment.tags);
    const planned = await planScenarios({ projectRoot, profile: options.profile, paths, tags }).catch((error: unknown) => {
      throw selectionFailure(error);
    });
    if (planned.length === 0) {
      throw new StartupError(
        `No scenario matches (paths: ${options.givenPaths.join(' ') || "the profile's features"}, tags: ${tags ?? 'none'}).`,
        'Check the tag expression with `postflight list`.',
      );
    }
    const shard = options.shard && planShard(planned, options.shard, durationsFromHistory(allureHistoryFile(projectRoot)));
    const selected = shard ? shard.scenarios : planned;
    if (shard) process.stdout.write(shardLine(shard));
    const scenarios = withSteps(projectRoot, selected);
    refuseTestCasesOnAws(environment, scenarios);
    const workers = options.parallel === undefined || selected.length === 0 ? undefined : planWorkers(options.parallel, selected.length);
    for (const warning of workers?.warnings ?? []) process.stderr.write(`warning: ${warning}\n`);
    if (signals.interruption()) return stoppedEarly(signals, 'before any scenario ran: nothing was run');
    const observed = observedNames(scenarios.flatMap((scenario) => scenario.steps));
    if (observed.topics.length || observed.buses.length)
      observers = await createRunObservers(prepared.clients, environment, runId, observed);
    printHeader(prepared, tags, selected.length);
    const identification = identifyRelease(process.env, projectRoot);
    const startedAt = new Date().toISOString();
    const progress = new ProgressPrinter(selected.length, (line) => process.stdout.write(`${redactor.redact(line)}\n`), {
      fullText: `the Allure report and ${path.relative(process.cwd(), reportPaths(reportsDirectory).junit) || 'junit.xml'}`,
    });
    const results = new RunResults((result) => progress.scenarioFinished(result));
    // A shard with no scenario (more parts than scenarios) runs nothing: cucumber given no path would run them all.
    if (selected.length)
      await runScenarios({
        projectRoot,
        profile: options.profile,
        paths: shard ? scenarioPaths(shard.scenarios, (uri) => path.resolve(projectRoot, uri)) : paths,
        tags,
        parallel: workers?.workers,
        reportsDirectory: staging.directory,
        identification,
        worldParameters: {
          environment,
          runId,
          runDate: prepared.runDate,
          keepData: Boolean(options.keepData),
          projectRoot,
          ...(observers ? { observers } : {}),
        },
        onMessage: (envelope) => {
          // Allure loads while the scenarios run (a shard's report is generated only when merged).
          if (envelope.testCaseStarted && !shard) warmAllureGenerator();
          results.handle(envelope);
        },
      });
    progress.finished();
    await removeObservers();
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
      projectRoot,
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
        scope: { tags, paths: options.givenPaths, profile: options.profile, parallel: workers?.workers },
        results: results.results,
        ...(interruption ? { interruption } : {}),
        ...(shard ? { shard: { ...shard.shard, selection: shard.selection, scenarios: shard.keys, balancedBy: shard.balancedBy } } : {}),
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
  } finally {
    await release();
  }
}

function shardLine(plan: ShardPlan): string {
  const balance = plan.balancedBy === 'durations' ? 'balanced by the durations of earlier runs' : 'split by count (no durations known yet)';
  return `shard ${formatShard(plan.shard)}: ${plan.scenarios.length} of ${plan.selection.count} selected scenarios (${balance}); merge the shards' reports with \`postflight report --merge <dir>…\`\n`;
}

/** After a second signal, the sandbox gets this long to stop before the process exits. */
const FORCED_DISPOSE_MS = 3_000;
