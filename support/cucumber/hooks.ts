import { After, AfterAll, Before, setDefaultTimeout } from '@cucumber/cucumber';
import type { PostflightWorld } from '../world';
import { releaseSharedClients } from '../world';
import { cleanUpScenario, type CleanupReport } from '../cleanup/scenario-cleanup';
import { UncheckedOutcomeError } from '../pending-outcomes';
import { attachJson } from '../evidence';

// Individual steps bound their own waits ("within 2 minutes"); this is only a safety net.
setDefaultTimeout(15 * 60 * 1000);

Before(async function (this: PostflightWorld, { pickle }) {
  await this.init(pickle.id);
});

/**
 * In this order: the outcomes no step checked are judged (an execution is waited for, so that it
 * no longer reads the inputs about to be removed); then cleanup; then the verdict. Cleanup never
 * decides a verdict: what it could not remove is reported, not thrown.
 */
After(async function (this: PostflightWorld, { result, pickle }) {
  const unchecked = result?.status === 'PASSED' ? await this.outcomes.uncheckedFailures() : [];
  if (!this.parameters.keepData) await cleanUpAfter(this, pickle.name);
  if (unchecked.length) throw new UncheckedOutcomeError(unchecked);
});

AfterAll(function () {
  releaseSharedClients();
});

async function cleanUpAfter(world: PostflightWorld, scenario: string): Promise<void> {
  let report: CleanupReport;
  try {
    report = await cleanUpScenario(world);
  } catch (error) {
    report = { droppedTables: [], deleted: [], leftForTheRun: [], failed: [{ url: '(cleanup)', error: (error as Error).message }] };
  }
  if (report.deleted.length || report.droppedTables.length || report.leftForTheRun.length || report.failed.length)
    await attachJson(world, 'cleanup', report);
  if (report.failed.length) {
    process.stderr.write(
      `postflight: cleanup after "${scenario}" could not remove ${report.failed.length} thing(s) it wrote (the scenario's verdict stands; details in its "cleanup" attachment):\n` +
        `${report.failed.map((failure) => `  ${failure.url}: ${failure.error}`).join('\n')}\n` +
        `  Remove them later with: npx postflight cleanup --env ${world.environment.name} --run-id ${world.parameters.runId}\n`,
    );
  }
}
