import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { startSandbox } from '../helpers/sandbox';
import { LambdaStandIn } from '../fixtures/stepfunctions/lambda-stand-in';
import type { ReplayClients } from './stepfunctions-recorded/actions';
import { caseFiles, replayCase, type SandboxFactory } from './stepfunctions-recorded/replay';

/**
 * Conformance: every AWS-validated LocalStack Step Functions test vendored under
 * test/parity/sfn/recorded, replayed against the sandbox through the SDK and compared with what
 * AWS recorded (outputs, errors, validation diagnostics, histories event by event).
 */
const only = process.env.SFN_RECORDED_ONLY;

/** AWS changed how the first state's input is written in mid-2024. */
const FIRST_INPUT_COMPACTED = {
  why: "AWS's first state shows the execution input compacted in the recordings of July and August 2024, verbatim in the twelve of February and March 2024; the sandbox keeps it verbatim",
  failure: /event #2 \(MapStateEntered\)\.stateEnteredEventDetails\.input/,
};

/**
 * Cases that replay with a known difference, each asserted to fail exactly that way (so a fix, or
 * a new difference, shows up). Keep in step with the "What still differs" list in
 * test/parity/sfn/recorded/README.md.
 */
const KNOWN_DIFFERENCES: Record<string, { why: string; failure: RegExp }> = {
  'services/test_lambda_task.py::TestTaskLambda::test_invoke_json_values[0.0]': {
    why: 'JSON numbers are JavaScript numbers: an execution input 0.0 is written 0',
    failure: /stateEnteredEventDetails\.input/,
  },
  'scenarios/test_base_scenarios.py::TestBaseScenarios::test_map_state_label': FIRST_INPUT_COMPACTED,
  'scenarios/test_base_scenarios.py::TestBaseScenarios::test_map_state_result_writer': FIRST_INPUT_COMPACTED,
  'assign/test_assign_reference_variables.py::TestAssignReferenceVariables::test_reference_assign[BASE_REFERENCE_IN_WAIT]': {
    why: "the recording's timestamp placeholder: LocalStack's snapshot replaced the date inside the JSON text of the variable",
    failure: /assignedVariables\.startAt/,
  },
  'assign/test_assign_reference_variables.py::TestAssignReferenceVariables::test_reference_in_map_state[MAP_STATE_REFERENCE_IN_MAX_CONCURRENCY_PATH]':
    {
      why: 'the recording shows the output "1" of an iteration as the number 1 (its input, the same value, as "1")',
      failure: /event #8 \(PassStateExited\)\.stateExitedEventDetails\.output/,
    },
};

/** A sandbox for replays, with SDK clients as a user would configure them (StartSyncExecution needs no host prefix). */
async function replaySandbox(lambda: LambdaStandIn, mockConfigFile?: string): Promise<ReplayClients & { stop(): Promise<void> }> {
  // Waits and retry intervals pass a thousand times faster; their order is kept (asl/clock.ts).
  const { sandbox, config } = await startSandbox({ providers: { lambda }, timeScale: 0.001, stepFunctions: { mockConfigFile } });
  const sfn = new SFNClient({ ...config, disableHostPrefix: true });
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  return {
    sandbox,
    sfn,
    s3,
    stop: async () => {
      sfn.destroy();
      s3.destroy();
      await sandbox.stop();
    },
  };
}

describe('Step Functions conformance: AWS-recorded LocalStack tests replayed (parity: sfn/recorded)', () => {
  let clients: ReplayClients & { stop(): Promise<void> };
  const lambda = new LambdaStandIn();
  const withMockConfig: SandboxFactory = ({ mockConfigFile }) => replaySandbox(lambda, mockConfigFile);

  before(async () => {
    clients = await replaySandbox(lambda);
  });
  after(async () => {
    await clients.stop();
  });

  for (const { name, file } of caseFiles()) {
    describe(name, () => {
      for (const recorded of file.cases) {
        if (only && !recorded.test.includes(only)) continue;
        const known = KNOWN_DIFFERENCES[recorded.test.replace('tests/aws/services/stepfunctions/v2/', '')];
        const title = `[${recorded.category}] ${recorded.test.split('::').slice(1).join('::')}`;
        it(known ? `${title} (known difference: ${known.why})` : title, async () => {
          if (known) await assert.rejects(replayCase(clients, recorded, { lambda, newSandbox: withMockConfig }), known.failure);
          else await replayCase(clients, recorded, { lambda, newSandbox: withMockConfig });
        });
      }
    });
  }
});
