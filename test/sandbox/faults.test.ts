import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { S3Client, CreateBucketCommand, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { SFNClient, ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { startSandbox } from '../helpers/sandbox';
import { Sandbox } from '../../sandbox/sandbox';
import { InvalidFaultRule } from '../../sandbox/core/faults';

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

  it('slows a call down by latencyMs, then serves it (or fails it, with an error)', async () => {
    const s3 = new S3Client({ ...sandbox.clientConfig(), maxAttempts: 1 });
    await s3.send(new CreateBucketCommand({ Bucket: 'slow' }));
    const added = await fetch(`${endpoint}/_postflight/faults`, {
      method: 'POST',
      body: JSON.stringify([
        { service: 's3', operation: 'PutObject', resource: 'slow', latencyMs: 400 },
        { service: 's3', operation: 'PutObject', resource: 'slow', latencyMs: 300, error: 'SlowDown' },
      ]),
    });
    assert.equal(added.status, 200);
    const timed = async () => {
      const started = performance.now();
      const outcome = await s3.send(new PutObjectCommand({ Bucket: 'slow', Key: 'k', Body: 'x' })).catch((e: unknown) => e as Error);
      return { outcome, ms: performance.now() - started };
    };
    const slow = await timed();
    assert.ok(!(slow.outcome instanceof Error), 'a latency-only rule lets the call run');
    assert.ok(slow.ms >= 390, `the call waited the rule's latency (${slow.ms.toFixed(0)} ms)`);
    const slowFailure = await timed();
    assert.equal((slowFailure.outcome as Error).name, 'SlowDown');
    assert.ok(slowFailure.ms >= 290, `the failure came after the rule's latency (${slowFailure.ms.toFixed(0)} ms)`);
    s3.destroy();
  });

  it('refuses an invalid rule with a clear message', async () => {
    const response = await fetch(`${endpoint}/_postflight/faults`, { method: 'POST', body: JSON.stringify({ operation: 'PutObject' }) });
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { message: string }).message, /needs at least `service` and `error`/);
  });

  const invalid: Array<{ rule: unknown; field: string; says: RegExp }> = [
    {
      rule: { service: 'lamda', error: 'ThrottlingException' },
      field: 'service',
      says: /`service` "lamda" is not a service the sandbox serves; use its signing name, one of: s3, lambda, states, athena, glue, sts, cloudformation, logs, ssm, dynamodb, sqs, events, sns, scheduler\./,
    },
    {
      rule: { service: 'lambda', operation: 'Invok', error: 'ThrottlingException' },
      field: 'operation',
      says: /`operation` "Invok" is not an operation of lambda; the sandbox's lambda operations: Invoke, GetFunction, .* \(or leave `operation` out/,
    },
    {
      rule: { servcie: 'lambda', error: 'ThrottlingException' },
      field: 'servcie',
      says: /unknown field\(s\) `servcie`; a fault rule has: service, operation, resource, error, latencyMs, message, statusCode, times/,
    },
    {
      rule: { service: 'athena', error: 'Sandbox.Timedout' },
      field: 'error',
      says: /`error` "Sandbox\.Timedout" is acted out by lambda Invoke only/,
    },
    {
      rule: { service: 'lambda', error: 'ThrottlingException', times: 0 },
      field: 'times',
      says: /`times` must be a whole number of 1 or more, not 0/,
    },
    {
      rule: { service: 'lambda', error: 'ThrottlingException', statusCode: 200 },
      field: 'statusCode',
      says: /`statusCode` must be an HTTP error status from 400 to 599/,
    },
    {
      rule: { service: 's3', latencyMs: 1.5 },
      field: 'latencyMs',
      says: /`latencyMs` must be a whole number of milliseconds from 1 to 900000, not 1\.5/,
    },
    { rule: 'lambda', field: '(rule)', says: /a fault rule is a JSON object such as/ },
  ];
  for (const { rule, field, says } of invalid) {
    it(`refuses ${JSON.stringify(rule)} with 400, naming \`${field}\` and what is allowed`, async () => {
      const response = await fetch(`${endpoint}/_postflight/faults`, { method: 'POST', body: JSON.stringify(rule) });
      assert.equal(response.status, 400);
      const body = (await response.json()) as { message: string; field: string };
      assert.equal(body.field, field);
      assert.match(body.message, says);
    });
  }

  it('adds a list of rules whole or not at all, naming the rule that is wrong', async () => {
    const before = ((await (await fetch(`${endpoint}/_postflight/faults`)).json()) as { faults: unknown[] }).faults.length;
    const response = await fetch(`${endpoint}/_postflight/faults`, {
      method: 'POST',
      body: JSON.stringify([
        { service: 'lambda', error: 'ThrottlingException' },
        { service: 'lamda', error: 'ThrottlingException' },
      ]),
    });
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { message: string }).message, /^Invalid fault rule: rule 2: `service` "lamda"/);
    const after = ((await (await fetch(`${endpoint}/_postflight/faults`)).json()) as { faults: unknown[] }).faults.length;
    assert.equal(after, before);
  });

  it('refuses to start with an invalid rule from the environment file, naming it', async () => {
    await assert.rejects(
      Sandbox.start({ faults: [{ service: 'lamda', error: 'ThrottlingException' }] }),
      (error: unknown) => error instanceof InvalidFaultRule && error.field === 'service' && /"lamda"/.test(error.message),
    );
  });
});
