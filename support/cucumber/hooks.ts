import { After, AfterAll, Before, setDefaultTimeout } from '@cucumber/cucumber';
import type { PostflightWorld } from '../world';
import { releaseSharedClients } from '../world';
import { cleanUpScenario } from '../cleanup/scenario-cleanup';
import { attachJson } from '../evidence';

// Individual steps bound their own waits ("within 2 minutes"); this is only a safety net.
setDefaultTimeout(15 * 60 * 1000);

Before(async function (this: PostflightWorld, { pickle }) {
  await this.init(pickle.id);
});

After(async function (this: PostflightWorld) {
  if (!this.parameters.keepData) {
    const report = await cleanUpScenario(this);
    if (report.deleted.length || report.droppedTables.length || report.failed.length) await attachJson(this, 'cleanup', report);
    if (report.failed.length)
      throw new Error(
        `Cleanup could not remove ${report.failed.length} thing(s) this scenario wrote:\n${report.failed.map((f) => `  ${f.url}: ${f.error}`).join('\n')}`,
      );
  }
});

After(async function (this: PostflightWorld, { result }) {
  // An outcome captured for a later Then step that no step asserted: never a silent pass.
  if (this.unassertedFailure && result?.status === 'PASSED') {
    throw new Error(`This scenario passed without checking a failure it observed: ${this.unassertedFailure}`);
  }
});

AfterAll(function () {
  releaseSharedClients();
});
