import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startSandbox } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';

const TEMPLATE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/scheduled/template.yaml');

describe('schedules (SAM Schedule and ScheduleV2) fired on demand', () => {
  let sandbox: Sandbox;
  let sqs: SQSClient;
  let scheduler: SchedulerClient;
  let queueUrl: string;
  const fire = (body: unknown) => fetch(`${sandbox.endpoint}/_postflight/schedules/fire`, { method: 'POST', body: JSON.stringify(body) });

  before(async () => {
    const started = await startSandbox();
    sandbox = started.sandbox;
    const stack = await sandbox.deploy({ name: 'scheduled', templateFile: TEMPLATE });
    queueUrl = stack.Resources.find((resource) => resource.LogicalResourceId === 'Seen')!.PhysicalResourceId;
    sqs = new SQSClient(started.config);
    scheduler = new SchedulerClient(started.config);
  });
  after(async () => {
    sqs.destroy();
    scheduler.destroy();
    await sandbox.stop();
  });

  const nextEvent = async () => {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 10 }));
    assert.equal(Messages.length, 1);
    return JSON.parse(Messages[0]!.Body!) as Record<string, unknown>;
  };

  it('records the ScheduleV2 event as an EventBridge Scheduler schedule', async () => {
    const schedule = await scheduler.send(new GetScheduleCommand({ Name: 'hourly-schedule' }));
    assert.equal(schedule.ScheduleExpression, 'rate(1 hour)');
    assert.match(schedule.Target?.Arn ?? '', /^arn:aws:lambda:us-east-1:000000000000:function:scheduled-Recorder-/);
  });

  it('fires a Scheduler schedule: the target gets its Input', async () => {
    const answer = await fire({ name: 'hourly-schedule' });
    assert.equal(answer.status, 200);
    assert.deepEqual(await nextEvent(), { run: 'hourly' });
  });

  it('fires a scheduled rule: the target gets the Scheduled Event', async () => {
    const answer = await fire({ name: 'nightly-rule' });
    assert.equal(answer.status, 200);
    const event = await nextEvent();
    assert.equal(event['detail-type'], 'Scheduled Event');
    assert.equal(event.source, 'aws.events');
    assert.deepEqual(event.resources, ['arn:aws:events:us-east-1:000000000000:rule/nightly-rule']);
  });

  it('answers a name it does not know with 404 and what it looked for', async () => {
    const answer = await fire({ name: 'weekly' });
    assert.equal(answer.status, 404);
    assert.match(
      ((await answer.json()) as { message: string }).message,
      /No EventBridge Scheduler schedule or scheduled EventBridge rule is named weekly/,
    );
  });
});
