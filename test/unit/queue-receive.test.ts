import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { startSandbox } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';
import { AwsClients } from '../../support/aws/clients';
import { receiveMatching } from '../../support/messaging/queue-messages';
import { SANDBOX_DELAYS } from '../../support/waiter';

/** Receiving for a scenario on a queue that also holds other consumers' messages. */
describe('receiving the awaited message past a backlog', () => {
  let sandbox: Sandbox;
  let clients: AwsClients;

  before(async () => {
    sandbox = (await startSandbox()).sandbox;
    clients = new AwsClients({ region: sandbox.region, endpoint: sandbox.endpoint, runId: 'pf-test' });
  });
  after(async () => {
    clients.destroy();
    await sandbox.stop();
  });

  async function queueWith(name: string, others: number): Promise<string> {
    const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: name }));
    for (let index = 0; index < others; index += 10) {
      const count = Math.min(10, others - index);
      await clients.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: Array.from({ length: count }, (_, offset) => ({ Id: String(offset), MessageBody: `{"other": ${index + offset}}` })),
        }),
      );
    }
    return QueueUrl!;
  }

  async function visibleCount(queueUrl: string): Promise<number> {
    const { Attributes } = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages);
  }

  const receive = (queueUrl: string, timeoutMs: number) =>
    receiveMatching(clients, {
      queueUrl,
      description: 'the awaited message',
      matches: (message) => message.body.includes('awaited'),
      timeoutMs,
      delays: SANDBOX_DELAYS,
      waitSeconds: 0,
    });

  it('finds a message behind 35 others (more than three receives’ worth), deletes only it, and leaves the others visible', async () => {
    const queueUrl = await queueWith('backlog', 35);
    await clients.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"awaited": true}' }));
    const outcome = await receive(queueUrl, 5_000);
    assert.ok(outcome.match, `the awaited message was found among ${outcome.seen.length} seen`);
    assert.equal(outcome.match.body, '{"awaited": true}');
    assert.equal(await visibleCount(queueUrl), 35, 'every other message is visible again for its consumer');
  });

  it('gives up at the deadline with what it saw, leaving every message visible', async () => {
    const queueUrl = await queueWith('nothing-awaited', 12);
    const outcome = await receive(queueUrl, 300);
    assert.equal(outcome.match, undefined);
    assert.equal(outcome.seen.length, 12);
    assert.equal(await visibleCount(queueUrl), 12);
  });
});
