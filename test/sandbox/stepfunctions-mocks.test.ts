import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CloudFormationClient, DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { MockConfigError, Sandbox } from '../../sandbox/sandbox';
import { failure, historyOf, typesOf, waitForExecution } from '../fixtures/stepfunctions/sfn-client';
import { PROJECT_ROOT, readScenarioResults, runPostflight, temporaryDirectory } from '../helpers/postflight-cli';

/**
 * AWS's mock configuration file (Step Functions Local's format) in the sandbox: a state machine
 * calling a Glue job with `.sync` deploys with it ("needs a mock"), runs its test cases through the
 * SDK (`<arn>#<TestCase>`, or the state machine's default test case), and fails a start without
 * one naming the option that provides it. Then the same through `postflight run`, with the test
 * case chosen by the environment file.
 */
const FIXTURE = path.join(PROJECT_ROOT, 'test/fixtures/stepfunctions/glue-job');
const MOCK_CONFIG = path.join(FIXTURE, 'mock-config.json');

describe('Step Functions mocked test cases (AWS mock configuration file)', () => {
  let sandbox: Sandbox;
  let sfn: SFNClient;
  let stateMachineArn: string;

  before(async () => {
    sandbox = await Sandbox.start({ timeScale: 0.01, stepFunctions: { mockConfigFile: MOCK_CONFIG } });
    sfn = new SFNClient(sandbox.clientConfig());
    const stack = await sandbox.deploy({ name: 'loads', templateFile: path.join(FIXTURE, 'template.yaml') });
    stateMachineArn = stack.Outputs.find((output) => output.OutputKey === 'NightlyLoadArn')!.OutputValue;
  });
  after(async () => {
    sfn.destroy();
    await sandbox.stop();
  });

  const start = async (testCase?: string) => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: testCase ? `${stateMachineArn}#${testCase}` : stateMachineArn,
        input: JSON.stringify({ asOfDate: '2026-11-26' }),
      }),
    );
    return { description: await waitForExecution(sfn, executionArn!), events: await historyOf(sfn, executionArn!) };
  };

  it('deploys the Glue job state, listing it as needing a mock', async () => {
    const cloudFormation = new CloudFormationClient(sandbox.clientConfig());
    const { StackResources } = await cloudFormation.send(new DescribeStackResourcesCommand({ StackName: 'loads' }));
    cloudFormation.destroy();
    assert.equal(StackResources?.[0]?.ResourceStatusReason, 'needs a mock: RunJob (arn:aws:states:::glue:startJobRun.sync)');
  });

  it('runs the HappyPath test case: the job-run task submits and succeeds with the mocked result', async () => {
    const { description, events } = await start('HappyPath');
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    assert.deepEqual(JSON.parse(description.output!), { JobRunId: 'jr_0001', JobRunState: 'SUCCEEDED' });
    assert.deepEqual(typesOf(events), [
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    const scheduled = events[2]?.taskScheduledEventDetails;
    assert.equal(scheduled?.resourceType, 'glue');
    assert.equal(scheduled?.resource, 'startJobRun.sync');
    assert.deepEqual(JSON.parse(scheduled!.parameters!), { JobName: 'curate-positions', Arguments: { '--as_of_date': '2026-11-26' } });
  });

  it('runs the failure test case: the task fails with the declared error and cause', async () => {
    const { description, events } = await start('GlueJobFails');
    assert.equal(description.status, 'FAILED');
    assert.equal(description.error, 'States.TaskFailed');
    assert.match(description.cause!, /AnalysisException: path does not exist/);
    assert.deepEqual(typesOf(events).slice(-3), ['TaskSubmitted', 'TaskFailed', 'ExecutionFailed']);
  });

  it('answers invocations by number and range, retries included', async () => {
    const { description, events } = await start('BusyThenSucceeds');
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    assert.equal(JSON.parse(description.output!).JobRunId, 'jr_0002');
    assert.equal(typesOf(events).filter((type) => type === 'TaskFailed').length, 2);
  });

  it('fails the state without a test case, naming the option that provides one', async () => {
    const { description } = await start();
    assert.equal(description.error, 'States.Runtime');
    assert.match(
      description.cause!,
      /The postflight sandbox cannot run the resource 'arn:aws:states:::glue:startJobRun\.sync' \(it does not run glue startJobRun\.sync tasks\)\. Give state 'RunJob' a mocked response .*sandbox\.stepFunctions\.mockConfigFile.*'<stateMachineArn>#<TestCase>'.*sandbox\.stepFunctions\.defaultTestCases/,
    );
  });

  it('refuses a test case the file does not have, listing those it has', async () => {
    const error = await failure(sfn.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}#Nope` })));
    assert.equal(error.name, 'ValidationException');
    assert.match(
      error.message,
      /has no test case "Nope" for the state machine "loads-nightly-load" \(its test cases: HappyPath, GlueJobFails, BusyThenSucceeds\)/,
    );
  });

  it('runs the default test case for starts that name none', async () => {
    sandbox.stepFunctions.setDefaultTestCases({ [stateMachineArn]: 'HappyPath' });
    const { description } = await start();
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    assert.throws(() => sandbox.stepFunctions.setDefaultTestCases({ 'no-such-machine': 'HappyPath' }), /the sandbox does not have/);
  });

  it('refuses a mock configuration file that is not valid, saying what is wrong where', async () => {
    const file = path.join(temporaryDirectory('mock-config'), 'MockConfigFile.json');
    fs.writeFileSync(file, JSON.stringify({ StateMachines: { M: { TestCases: { T: { S: 'Missing' } } } }, MockedResponses: {} }));
    const error = await failure(Sandbox.start({ stepFunctions: { mockConfigFile: file } }));
    assert.ok(error instanceof MockConfigError);
    assert.match(
      error.message,
      /StateMachines\.M\.TestCases\.T\.S: names the mocked response "Missing", which MockedResponses does not define/,
    );
  });
});

describe('postflight run with a default Step Functions test case', () => {
  const environment = (testCase: string) => `name: nightly
account: "000000000000"
region: us-east-1
sandbox:
  stacks:
    - name: loads
      template: test/fixtures/stepfunctions/glue-job/template.yaml
  timeScale: 0.01
  stepFunctions:
    mockConfigFile: test/fixtures/stepfunctions/glue-job/mock-config.json
    defaultTestCases:
      nightly-load: ${testCase}
resources:
  stateMachines:
    nightly-load: "\${cfn:loads.NightlyLoadArn}"
`;

  const run = async (testCase: string) => {
    const directory = temporaryDirectory('mocked-run');
    const file = path.join(directory, 'nightly.yml');
    fs.writeFileSync(file, environment(testCase));
    const reports = path.join(directory, 'reports');
    const result = await runPostflight([
      'run',
      '--env',
      file,
      '--port',
      '0',
      '--reports-dir',
      reports,
      'test/fixtures/stepfunctions/glue-job/nightly-load.feature',
    ]);
    return { result, scenario: readScenarioResults(reports)[0] };
  };

  it('passes with the HappyPath test case and fails, saying why, with the failure test case', async () => {
    const happy = await run('HappyPath');
    assert.equal(happy.scenario?.status, 'PASSED', `${happy.result.stdout}\n${happy.result.stderr}`);
    const failing = await run('GlueJobFails');
    assert.equal(failing.scenario?.status, 'FAILED');
    assert.match(failing.scenario?.message ?? '', /States\.TaskFailed/);
    assert.notEqual(failing.result.code, 0);
  });

  it('refuses, before booting the sandbox, a default test case for a state machine the environment does not name', async () => {
    const directory = temporaryDirectory('mocked-run');
    const file = path.join(directory, 'nightly.yml');
    fs.writeFileSync(file, environment('HappyPath').replace('      nightly-load: HappyPath', '      nightly-loads: HappyPath'));
    const result = await runPostflight(['run', '--env', file, '--reports-dir', path.join(directory, 'reports')]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr + result.stdout,
      /sandbox\.stepFunctions\.defaultTestCases\.nightly-loads: "nightly-loads" is not a state machine of resources\.stateMachines \(known: nightly-load\)/,
    );
  });
});
