import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  EventBridgeServiceException,
  ListRulesCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  ResourceNotFoundException,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { loadParity, startSandbox } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';

type Recorded = Record<string, Record<string, unknown>>;
const DETAIL = { command: 'update-account', payload: { acc_id: '0a787ecb-4015', sf_id: 'baz' } };
const PATTERN = {
  source: ['core.update-account-command'],
  'detail-type': ['core.update-account-command'],
  detail: { command: ['update-account'] },
};

describe('EventBridge through the unmodified SDK client', () => {
  let sandbox: Sandbox;
  let events: EventBridgeClient;
  let sqs: SQSClient;
  let counter = 0;

  before(async () => {
    const started = await startSandbox();
    sandbox = started.sandbox;
    events = new EventBridgeClient(started.config);
    sqs = new SQSClient(started.config);
  });
  after(async () => {
    events.destroy();
    sqs.destroy();
    await sandbox.stop();
  });

  /** A rule with PATTERN targeting a new queue (with `target` settings); returns the queue URL. */
  async function ruleToQueue(target: Record<string, unknown> = {}): Promise<string> {
    counter += 1;
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: `events-target-${counter}` }))).QueueUrl!;
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    await events.send(new PutRuleCommand({ Name: `rule-${counter}`, EventPattern: JSON.stringify(PATTERN) }));
    await events.send(new PutTargetsCommand({ Rule: `rule-${counter}`, Targets: [{ Id: 'queue', Arn: arn, ...target }] }));
    return url;
  }

  const putMatching = () =>
    events.send(
      new PutEventsCommand({
        Entries: [{ Source: PATTERN.source[0], DetailType: PATTERN['detail-type'][0], Detail: JSON.stringify(DETAIL) }],
      }),
    );

  const receiveBodies = async (url: string): Promise<unknown[]> => {
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 5, MaxNumberOfMessages: 10 }));
    return (received.Messages ?? []).map((message) => JSON.parse(message.Body!));
  };

  it('delivers a matching event to an SQS target in EventBridge’s envelope (parity: put-events-to-sqs-target)', async () => {
    const parity = await loadParity<{ 'sqs-messages': Array<{ Body: Record<string, unknown> }> }>('events/put-events-to-sqs-target.json');
    const url = await ruleToQueue();
    const put = await putMatching();
    assert.equal(put.FailedEntryCount, 0);
    const [event] = (await receiveBodies(url)) as Array<Record<string, unknown>>;
    assert.ok(event);
    assert.deepEqual(Object.keys(event), Object.keys(parity['sqs-messages'][0]!.Body));
    assert.equal(event.id, put.Entries?.[0]?.EventId);
    assert.equal(event.account, '000000000000');
    assert.match(String(event.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(event.detail, DETAIL);
  });

  it('hands a target the value at its InputPath (parity: input-path-nested)', async () => {
    const parity = await loadParity<{ message: Array<{ Body: unknown }> }>('events/input-path-nested.json');
    const url = await ruleToQueue({ InputPath: '$.detail.payload' });
    await putMatching();
    assert.deepEqual(await receiveBodies(url), [parity.message[0]!.Body]);
  });

  it('fills an InputTransformer template, missing paths as "" (parity: input-transformer-json)', async () => {
    const parity = await loadParity<Record<string, Array<{ Body: Record<string, unknown> }>>>('events/input-transformer-json.json');
    const template = '{"detailType": <detail-type>,  "time": <timestamp>, "command": <command>}';
    const matchAll = await ruleToQueue({
      InputTransformer: {
        InputPathsMap: { 'detail-type': '$.detail-type', timestamp: '$.time', command: '$.detail.command' },
        InputTemplate: template,
      },
    });
    const missing = await ruleToQueue({
      InputTransformer: {
        InputPathsMap: { 'detail-type': '$.detail-type', timestamp: '$.time', command: '$.detail.notinmessage' },
        InputTemplate: template,
      },
    });
    await putMatching();
    for (const [url, key] of [
      [matchAll, 'custom-variables-match-all'],
      [missing, 'custom-variables-not-match-all'],
    ] as const) {
      const [body] = (await receiveBodies(url)) as Array<Record<string, unknown>>;
      const recorded = parity[key]![0]!.Body;
      assert.equal(body?.detailType, recorded.detailType);
      assert.equal(body?.command, recorded.command);
      assert.match(String(body?.time), /Z$/);
    }
  });

  it('refuses a template placeholder the paths map does not define (parity: error-input-transformer-missing-key)', async () => {
    const parity = await loadParity<Recorded>('events/error-input-transformer-missing-key.json');
    await events.send(new PutRuleCommand({ Name: 'transformer-check', EventPattern: JSON.stringify(PATTERN) }));
    const error = await events
      .send(
        new PutTargetsCommand({
          Rule: 'transformer-check',
          Targets: [
            {
              Id: 'tid',
              Arn: 'arn:aws:sqs:us-east-1:000000000000:x',
              InputTransformer: { InputPathsMap: {}, InputTemplate: '{"a": <notdefinedkey>}' },
            },
          ],
        }),
      )
      .catch((e: unknown) => e);
    assert.ok(error instanceof EventBridgeServiceException);
    const recorded = parity['missing-key-exception-error']!.Error as Record<string, string>;
    assert.equal(error.name, recorded.Code);
    assert.equal(error.message, recorded.Message!.replace('<target-id>', 'tid'));
  });

  it('answers entries it cannot accept in the result, not as an error (parity: put-events-without-source, put-events-malformed-detail)', async () => {
    const withoutSource = await loadParity<Recorded>('events/put-events-without-source.json');
    const malformed = await loadParity<Recorded>('events/put-events-malformed-detail.json');
    const put = await events.send(
      new PutEventsCommand({
        Entries: [
          { DetailType: 'x', Detail: '{}' },
          { Source: 'a', DetailType: 'x', Detail: '{"a": ' },
          { Source: 'aws.s3', DetailType: 'x', Detail: '{}' },
        ],
      }),
    );
    assert.equal(put.FailedEntryCount, 3);
    assert.deepEqual(put.Entries?.[0], (withoutSource['put-events']!.Entries as unknown[])[0]);
    assert.deepEqual(put.Entries?.[1], (malformed['put-events']!.Entries as unknown[])[0]);
    assert.equal(put.Entries?.[2]?.ErrorCode, 'NotAuthorizedForSourceException', 'aws.* sources are for AWS services');
  });

  it('describes, lists and deletes rules as EventBridge does (parity: rule-lifecycle, error-describe-nonexistent-rule, error-delete-rule-with-targets)', async () => {
    const lifecycle = await loadParity<Recorded>('events/rule-lifecycle.json');
    const missing = await loadParity<Recorded>('events/error-describe-nonexistent-rule.json');
    const withTargets = await loadParity<Recorded>('events/error-delete-rule-with-targets.json');
    const put = await events.send(new PutRuleCommand({ Name: 'lifecycle-rule', EventPattern: JSON.stringify(PATTERN) }));
    assert.equal(put.RuleArn, 'arn:aws:events:us-east-1:000000000000:rule/lifecycle-rule');
    const described = await events.send(new DescribeRuleCommand({ Name: 'lifecycle-rule' }));
    const recorded = lifecycle['describe-rule']!;
    for (const key of ['EventBusName', 'State', 'CreatedBy']) assert.ok(key in described, key);
    assert.equal(described.State, recorded.State);
    assert.equal(described.EventBusName, recorded.EventBusName);
    assert.deepEqual(JSON.parse(described.EventPattern!), recorded.EventPattern);
    const listed = await events.send(new ListRulesCommand({ NamePrefix: 'lifecycle' }));
    assert.deepEqual(Object.keys(listed.Rules![0]!).sort(), Object.keys((lifecycle['list-rules']!.Rules as object[])[0]!).sort());
    const notFound = await events.send(new DescribeRuleCommand({ Name: 'nope' })).catch((e: unknown) => e);
    assert.ok(notFound instanceof ResourceNotFoundException);
    assert.equal(
      notFound.message,
      ((missing['describe-not-existing-rule-error']!.Error as Record<string, string>).Message ?? '').replace('<rule-name>', 'nope'),
    );
    await events.send(
      new PutTargetsCommand({ Rule: 'lifecycle-rule', Targets: [{ Id: 't', Arn: 'arn:aws:sqs:us-east-1:000000000000:x' }] }),
    );
    const refused = await events.send(new DeleteRuleCommand({ Name: 'lifecycle-rule' })).catch((e: unknown) => e);
    assert.ok(refused instanceof EventBridgeServiceException);
    assert.equal(refused.message, (withTargets['delete-rule-with-targets-error']!.Error as Record<string, string>).Message);
  });

  it('tests an event against a pattern (TestEventPattern) and names a bad pattern', async () => {
    const event = {
      id: '1',
      account: '1',
      source: 'aws.s3',
      time: '2026-01-01T00:00:00Z',
      region: 'us-east-1',
      'detail-type': 'Object Created',
      detail: { object: { key: 'raw/x.csv' } },
    };
    const matched = await events.send(
      new TestEventPatternCommand({
        Event: JSON.stringify(event),
        EventPattern: JSON.stringify({ detail: { object: { key: [{ prefix: 'raw/' }] } } }),
      }),
    );
    assert.equal(matched.Result, true);
    const bad = await events
      .send(new TestEventPatternCommand({ Event: JSON.stringify(event), EventPattern: '{"detail": []}' }))
      .catch((e: unknown) => e);
    assert.ok(bad instanceof EventBridgeServiceException);
    assert.equal(bad.name, 'InvalidEventPatternException');
    assert.equal(bad.message, 'Event pattern is not valid. Reason: Empty arrays are not allowed');
  });
});
