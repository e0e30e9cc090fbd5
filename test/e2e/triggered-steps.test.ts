import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ListQueuesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { Sandbox } from '../../sandbox/sandbox';
import {
  assertMessageCarries,
  byName,
  PROJECT_ROOT,
  postflightEnvironment,
  readScenarioResults,
  runPostflight,
  temporaryDirectory,
} from '../helpers/postflight-cli';

/**
 * The triggered-work steps through the real `postflight run`, against a sandbox that outlives each run
 * (`--sandbox-endpoint`, as on AWS: what a run leaves behind stays) with test/fixtures/triggered-steps.
 */
const ENVIRONMENT = 'test/environments/triggered-steps.yml';
const FEATURES = 'test/features/triggered';

describe('triggered work, followed by the steps', () => {
  let sandbox: Sandbox;
  let sqs: SQSClient;
  let sns: SNSClient;
  let events: EventBridgeClient;
  let outputs: Record<string, string>;

  /** `postflight run` of one feature of test/features/triggered against the test's sandbox. */
  const runArguments = (feature: string, reports: string) => [
    'run',
    '--env',
    ENVIRONMENT,
    '--sandbox-endpoint',
    sandbox.endpoint,
    '--reports-dir',
    reports,
    '--profile',
    'selftest',
    `${FEATURES}/${feature}`,
  ];
  const run = (feature: string, reports: string) => runPostflight(runArguments(feature, reports));

  /** What the runs created to observe topics and buses and left behind: queues, rules, subscriptions. */
  async function observersLeft(): Promise<string[]> {
    const queues = (await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'postflight-' }))).QueueUrls ?? [];
    const rules =
      (await events.send(new ListRulesCommand({ EventBusName: outputs.DatalakeBusName, NamePrefix: 'postflight-' }))).Rules ?? [];
    const subscriptions = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: outputs.AlertTopicArn }))).Subscriptions ?? [];
    return [
      ...queues,
      ...rules.map((rule) => `rule ${rule.Name}`),
      ...subscriptions
        .filter((subscription) => subscription.Endpoint?.includes(':postflight-'))
        .map((s) => `subscription ${s.SubscriptionArn}`),
    ];
  }

  before(async () => {
    sandbox = await Sandbox.start({ region: 'us-east-1' });
    await sandbox.deploy({ name: 'triggered', templateFile: path.join(PROJECT_ROOT, 'test/fixtures/triggered-steps/template.yaml') });
    sqs = new SQSClient(sandbox.clientConfig());
    sns = new SNSClient(sandbox.clientConfig());
    events = new EventBridgeClient(sandbox.clientConfig());
    const cloudFormation = new CloudFormationClient(sandbox.clientConfig());
    const stack = (await cloudFormation.send(new DescribeStacksCommand({ StackName: 'triggered' }))).Stacks?.[0];
    outputs = Object.fromEntries((stack?.Outputs ?? []).map((output) => [output.OutputKey ?? '', output.OutputValue ?? '']));
    cloudFormation.destroy();
  });
  after(async () => {
    for (const client of [sqs, sns, events]) client.destroy();
    await sandbox.stop();
  });

  it('follows a landed file to its execution, log, item, notification and event; leaves a message that is not its own to its consumer', async () => {
    // Another consumer's message waits on the queue the scenario receives from.
    const theirs = JSON.stringify({ key: 'positions/someone-else.csv', reason: 'theirs' });
    await sqs.send(new SendMessageCommand({ QueueUrl: outputs.FailuresQueueUrl, MessageBody: theirs }));
    const reports = path.join(temporaryDirectory('triggered'), 'reports');
    const result = await run('follows.feature', reports);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /2 scenarios: 2 passed/);

    // Visible again at once, not deleted: the next receive gets it (and only it: the scenario's own was deleted).
    const left = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: outputs.FailuresQueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    assert.deepEqual(
      (left.Messages ?? []).map((message) => message.Body),
      [theirs],
    );
    assert.ok(Number(left.Messages?.[0]?.Attributes?.ApproximateReceiveCount) >= 2, 'the scenario did receive it, and gave it back');

    const attachments = fs.readFileSync(path.join(reports, 'cucumber.ndjson'), 'utf8');
    for (const evidence of [
      'executions of ingest looked at',
      'log of route-file',
      'notifications of alerts',
      'events on datalake',
      'items read from file-status',
      'messages received from failures',
    ])
      assert.ok(attachments.includes(`"fileName":"${evidence}`), `evidence "${evidence}" is attached`);
    assert.deepEqual(await observersLeft(), [], 'the run removed its subscription, rule and queues');
  });

  it('says what it observed when the triggered work did not happen as expected', async () => {
    const reports = path.join(temporaryDirectory('triggered-failures'), 'reports');
    const result = await run('failures.feature', reports);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    const results = byName(readScenarioResults(reports));
    const expectations: Record<string, Array<string | RegExp>> = {
      'The execution was never started for that object': [
        /No execution of "ingest" whose input names s3:\/\/triggered-landingbucket-\w+\/positions\/pf-[\w-]+-other\.csv started within 2 s/,
        /looked at: 1 execution\(s\) started \S+ – \S+/,
        'closest inputs:',
        '"detail-type":"Object Created"',
      ],
      'Another message arrived': [
        /No message containing \{"key":"positions\/pf-[\w-]+\.csv","reason":"invalid"\} arrived on the queue "failures"/,
        '1 other message(s) seen',
        '"reason":"late"',
      ],
      'The notification was never published': [
        /No notification containing .*"CURATED".* was published to the topic "alerts" within 3 s/,
        /other notification\(s\) seen/,
        '"status":"FAILED"',
      ],
      'The item is in another state': [/is in another state after 1 s/, '$.status: expected "CURATED", actual "NEW"'],
      'The event was never seen': [
        /No event matching .* was seen on the bus "datalake" within 2 s/,
        /other event\(s\) seen/,
        '"detail-type":"FileLanded"',
      ],
    };
    for (const [scenario, fragments] of Object.entries(expectations)) {
      const found = results.get(scenario);
      assert.equal(found?.status, 'FAILED', scenario);
      assertMessageCarries(scenario, found?.message, fragments);
    }
    assert.deepEqual(await observersLeft(), []);
  });

  it('removes its subscription, rule and queues when interrupted while it watches a topic and a bus', async () => {
    const reports = path.join(temporaryDirectory('triggered-interrupt'), 'reports');
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/postflight.js'), ...runArguments('interrupted.feature', reports)], {
      cwd: PROJECT_ROOT,
      env: postflightEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const deadline = Date.now() + 60_000;
    while ((await observersLeft()).length < 4) {
      assert.ok(Date.now() < deadline, `the run did not create its observers in time:\n${output}`);
      await sleep(100);
    }
    await sleep(1_000); // the first scenario is waiting now
    child.kill('SIGINT');
    assert.equal(await exited, 130, output);
    assert.deepEqual(await observersLeft(), [], output);
  });

  it('refuses, on an AWS environment, to start scenarios that use mocked test cases, naming them; @sandbox-only ones are left out', async () => {
    // An environment without `sandbox:` runs on AWS; here "AWS" is the test's sandbox, reached through AWS_ENDPOINT_URL.
    const directory = temporaryDirectory('aws-environment');
    const file = path.join(directory, 'aws-like.yml');
    fs.writeFileSync(
      file,
      fs
        .readFileSync(path.join(PROJECT_ROOT, ENVIRONMENT), 'utf8')
        .replace(/^name: .*$/m, 'name: aws-like')
        .replace(/^sandbox:\n(?: .*\n)+/m, ''),
    );
    const reports = path.join(directory, 'reports');
    const result = await runPostflight(
      ['run', '--env', file, '--reports-dir', reports, '--profile', 'selftest', `${FEATURES}/test-cases.feature`],
      {
        env: {
          AWS_ENDPOINT_URL: sandbox.endpoint,
          AWS_ACCESS_KEY_ID: 'postflight',
          AWS_SECRET_ACCESS_KEY: 'postflight-sandbox',
          AWS_REGION: 'us-east-1',
        },
      },
    );
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(
      result.stderr,
      /1 selected scenario\(s\) start a mocked Step Functions test case, which only the sandbox serves; environment "aws-like" runs on AWS/,
    );
    assert.match(result.stderr, /test-cases\.feature:4 +Starts a mocked test case without saying it is sandbox-only/);
    assert.doesNotMatch(result.stderr, /tagged sandbox-only/, '@sandbox-only scenarios are left out on AWS');
    assert.match(result.stderr, /Tag them @sandbox-only/);
    assert.equal(fs.existsSync(path.join(reports, 'run.json')), false, 'nothing was run');
  });
});
