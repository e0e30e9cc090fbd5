import { After, AfterAll, Before, setDefaultTimeout } from '@cucumber/cucumber';
import { wrapEveryDefinition, type DefinitionFunction } from './step-wrappers';
import { PostflightWorld, releaseSharedClients } from '../world';
import { unknownNameError } from '../environment/physical-names';
import { cleanUpScenario, type CleanupReport } from '../cleanup/scenario-cleanup';
import { UncheckedOutcomeError } from '../pending-outcomes';
import { attachJson } from '../evidence';

// Individual steps bound their own waits ("within 2 minutes"); this is only a safety net.
setDefaultTimeout(15 * 60 * 1000);

/**
 * Around every step (and hook): when the step wrote a name that matched no logical name and no
 * resource of that name exists either, the step fails — or its failure is replaced — with an
 * UnknownResourceError naming the logical names the environment knows (a test defect), rather
 * than passing on a nonexistent bucket or failing as if the release were broken.
 */
wrapEveryDefinition(function (code: DefinitionFunction) {
  return async function (this: unknown, ...args: unknown[]): Promise<unknown> {
    let outcome: { value: unknown } | { error: unknown };
    try {
      outcome = { value: await code.apply(this, args) };
    } catch (error) {
      outcome = { error };
    }
    if (this instanceof PostflightWorld && this.aws) {
      const unknown = await unknownNameError(this.aws, this.resources, 'error' in outcome ? outcome.error : undefined);
      if (unknown) throw unknown;
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  };
});

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
