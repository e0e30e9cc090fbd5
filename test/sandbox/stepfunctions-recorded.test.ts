import { after, before, describe, it } from 'node:test';
import { SFNClient } from '@aws-sdk/client-sfn';
import { startSandbox } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';
import { LambdaStandIn } from '../fixtures/stepfunctions/lambda-stand-in';
import { caseFiles, registerLambdas, replayCase } from './stepfunctions-recorded/replay';

/**
 * Conformance: every AWS-validated LocalStack Step Functions test vendored under
 * test/parity/sfn/recorded, replayed against the sandbox through the SDK and compared with what
 * AWS recorded (outputs, errors, validation diagnostics, histories event by event).
 */
const only = process.env.SFN_RECORDED_ONLY;

describe('Step Functions conformance: AWS-recorded LocalStack tests replayed (parity: sfn/recorded)', () => {
  let sandbox: Sandbox;
  let sfn: SFNClient;
  const lambda = new LambdaStandIn();

  before(async () => {
    const started = await startSandbox();
    sandbox = started.sandbox;
    sfn = new SFNClient(started.config);
    sandbox.stepFunctions.deps.lambda = lambda;
    // Waits and retry intervals pass a thousand times faster; their order is kept (asl/clock.ts).
    sandbox.stepFunctions.deps.timeScale = 0.001;
  });
  after(async () => {
    sfn.destroy();
    await sandbox.stop();
  });

  for (const { name, file } of caseFiles()) {
    describe(name, () => {
      for (const recorded of file.cases) {
        if (only && !recorded.test.includes(only)) continue;
        it(recorded.test.split('::').slice(1).join('::'), async () => {
          registerLambdas(lambda, recorded);
          await replayCase(sfn, recorded);
        });
      }
    });
  }
});
