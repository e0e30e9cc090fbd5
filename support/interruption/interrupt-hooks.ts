// Support code `postflight run` adds to every run (after the project's own, so that these Before
// hooks run last and these After hooks first): what a scenario does when the run is interrupted.
import { After, Before, BeforeStep } from '@cucumber/cucumber';
import { DescribeExecutionCommand, ListExecutionsCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import type { PostflightWorld } from '../world';
import { pages } from '../aws/pages';
import { currentInterruption, InterruptedError, NOT_STARTED_HOOK } from '../../model/interruption';

// A scenario not started yet when the run was interrupted is not run (its After hooks find nothing to clean).
Before({ name: NOT_STARTED_HOOK }, function () {
  return currentInterruption() ? 'skipped' : undefined;
});

// A scenario running when the run was interrupted stops before its next step.
BeforeStep(function () {
  const interruption = currentInterruption();
  if (interruption) throw new InterruptedError(interruption);
});

// Executions the interrupted scenario started are stopped before its cleanup, so that they write nothing after it.
After({ name: 'postflight: stop the executions of an interrupted scenario' }, async function (this: PostflightWorld) {
  if (!currentInterruption() || !this.scenarioId) return;
  const stopped = await stopRunningExecutions(this);
  if (stopped.length) this.log(`Interrupted: stopped ${stopped.length} running execution(s): ${stopped.join(', ')}`);
});

const STOP_WAIT_MS = 10_000;

async function stopRunningExecutions(world: PostflightWorld): Promise<string[]> {
  const client = world.aws.stepFunctions;
  const stopped: string[] = [];
  for (const stateMachineArn of new Set(Object.values(world.environment.resources.stateMachines))) {
    const running = pages(
      (nextToken) => client.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', nextToken })),
      (page) => page.nextToken,
    );
    for await (const page of running) {
      for (const execution of page.executions ?? []) {
        if (!execution.name?.startsWith(`${world.scenarioId}-`) || !execution.executionArn) continue;
        await client.send(new StopExecutionCommand({ executionArn: execution.executionArn, cause: 'postflight run interrupted' }));
        stopped.push(execution.executionArn);
      }
    }
  }
  // Stopping is asynchronous on AWS: wait (a little) until they no longer run.
  const deadline = Date.now() + STOP_WAIT_MS;
  for (const executionArn of stopped) {
    while (Date.now() < deadline) {
      const { status } = await client.send(new DescribeExecutionCommand({ executionArn }));
      if (status !== 'RUNNING') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return stopped;
}
