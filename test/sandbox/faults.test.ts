import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { S3Client, CreateBucketCommand, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { SFNClient, ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { startSandbox } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';

/** Faults on demand: configured at start, or added at run time over the sandbox's admin route. */
describe('sandbox faults', () => {
  let sandbox: Sandbox;
  let endpoint: string;

  before(async () => {
    const started = await startSandbox({
      faults: [{ service: 'states', operation: 'ListStateMachines', error: 'ThrottlingException', times: 1 }],
    });
    sandbox = started.sandbox;
    endpoint = started.config.endpoint;
  });
  after(async () => {
    await sandbox.stop();
  });

  it('answers a configured fault once, then serves normally', async () => {
    const sfn = new SFNClient({ ...sandbox.clientConfig(), maxAttempts: 1 });
    const error = await sfn.send(new ListStateMachinesCommand({})).catch((e: unknown) => e as Error);
    assert.equal((error as Error).name, 'ThrottlingException');
    const second = await sfn.send(new ListStateMachinesCommand({}));
    assert.deepEqual(second.stateMachines, []);
    sfn.destroy();
  });

  it('adds a targeted fault at run time (POST /_postflight/faults) and lists what remains', async () => {
    const s3 = new S3Client({ ...sandbox.clientConfig(), maxAttempts: 1 });
    await s3.send(new CreateBucketCommand({ Bucket: 'flaky' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'steady' }));
    const added = await fetch(`${endpoint}/_postflight/faults`, {
      method: 'POST',
      body: JSON.stringify({ service: 's3', operation: 'PutObject', resource: 'flaky', error: 'SlowDown', times: 2 }),
    });
    assert.equal(added.status, 200);
    await s3.send(new PutObjectCommand({ Bucket: 'steady', Key: 'k', Body: 'x' }));
    const failed = await s3
      .send(new PutObjectCommand({ Bucket: 'flaky', Key: 'k', Body: 'x' }))
      .catch((e: unknown) => e as S3ServiceException);
    assert.equal((failed as S3ServiceException).name, 'SlowDown');
    assert.equal((failed as S3ServiceException).$metadata.httpStatusCode, 503);
    const listed = (await (await fetch(`${endpoint}/_postflight/faults`)).json()) as { faults: Array<{ times: number }> };
    assert.deepEqual(
      listed.faults.map((fault) => fault.times),
      [1],
    );
    // The SDK's own retries ride out the last one, as they would on AWS.
    await new S3Client(sandbox.clientConfig()).send(new PutObjectCommand({ Bucket: 'flaky', Key: 'k', Body: 'x' }));
    s3.destroy();
  });

  it('refuses an invalid rule with a clear message', async () => {
    const response = await fetch(`${endpoint}/_postflight/faults`, { method: 'POST', body: JSON.stringify({ operation: 'PutObject' }) });
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { message: string }).message, /needs at least `service` and `error`/);
  });
});
