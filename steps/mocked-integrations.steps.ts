import type { PostflightWorld } from '../support/world';
import { stepSection } from '../support/cucumber/define-steps';
import { startStateMachine } from '../support/stepfunctions/stepfunctions-actions';
import { parseJsonDocString } from '../support/json-docstring';
import { readJsonFixture } from '../support/fixtures/fixtures';

// Sandbox only: an AWS run refuses scenarios using these steps before it starts (runner/startup/sandbox-only.ts).
const mocked = stepSection('Mocked service integrations (sandbox)', 9);

mocked.When(
  'the state machine {string} is started with test case {string} and input from {string}',
  {
    example: 'When the state machine "ingest-positions" is started with test case "GlueJobFails" and input from "events/ingest.json"',
    note: 'starts <stateMachineArn>#<TestCase> of the mock configuration file (sandbox.stepFunctions.mockConfigFile); sandbox only, tag it @sandbox-only',
  },
  async function (this: PostflightWorld, stateMachine: string, testCase: string, fixture: string) {
    const input = this.templateDeep(readJsonFixture(this.parameters.projectRoot, this.template(fixture)));
    await startStateMachine(this, this.template(stateMachine), input, this.template(testCase));
  },
);

mocked.When(
  'the state machine {string} is started with test case {string} and input:',
  {
    example:
      'When the state machine "ingest-positions" is started with test case "HappyPath" and input:\n  """json\n  { "bucket": "${bucket:landing}", "key": "positions/${scenarioId}.csv" }\n  """',
    note: 'sandbox only, tag it @sandbox-only',
  },
  async function (this: PostflightWorld, stateMachine: string, testCase: string, input: string) {
    await startStateMachine(
      this,
      this.template(stateMachine),
      parseJsonDocString(this.template(input), 'execution input'),
      this.template(testCase),
    );
  },
);
