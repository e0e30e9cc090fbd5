import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetBucketAclCommand, S3Client } from '@aws-sdk/client-s3';
import { RedriveExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { AwsError } from '../../sandbox/core/aws-error';
import { Sandbox } from '../../sandbox/sandbox';
import { SandboxPortError } from '../../sandbox/server/server';
import { startSandbox } from '../helpers/sandbox';

/**
 * One way into the services: requests off the wire and calls between services (the internal
 * client) meet the same operations, fault rules and "not implemented" answers.
 */
describe('sandbox dispatch', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = (await startSandbox()).sandbox;
  });
  after(async () => {
    await sandbox.stop();
  });

  it('answers an operation it does not implement with 501, naming the operations the service does implement', async () => {
    const lambda = new LambdaClient({ ...sandbox.clientConfig(), maxAttempts: 1 });
    const sfn = new SFNClient({ ...sandbox.clientConfig(), maxAttempts: 1 });
    const s3 = new S3Client({ ...sandbox.clientConfig(), maxAttempts: 1 });
    try {
      const created = await lambda
        .send(new CreateFunctionCommand({ FunctionName: 'f', Role: 'arn:aws:iam::000000000000:role/r', Code: {} }))
        .catch((error: Error & { $metadata: { httpStatusCode?: number } }) => error);
      assert.ok(created instanceof Error);
      assert.equal(created.name, 'InternalFailure');
      assert.equal(created.message.split('. ')[0], 'The postflight sandbox does not implement lambda CreateFunction');
      assert.match(created.message, /The lambda operations it implements: Invoke, GetFunction, GetFunctionConfiguration, ListFunctions/);

      const redrive = await sfn
        .send(new RedriveExecutionCommand({ executionArn: 'arn:aws:states:us-east-1:000000000000:execution:m:e' }))
        .catch((error: Error) => error);
      assert.match(
        (redrive as Error).message,
        /does not implement states RedriveExecution\. The states operations it implements: .*StartExecution/,
      );

      const acl = await s3
        .send(new GetBucketAclCommand({ Bucket: 'any' }))
        .catch((error: Error & { $metadata: { httpStatusCode?: number } }) => error);
      assert.equal((acl as { $metadata: { httpStatusCode?: number } }).$metadata.httpStatusCode, 501);
      assert.match(
        (acl as Error).message,
        /does not implement s3 GET bucket \?acl\. The s3 operations it implements: ListBuckets, CreateBucket/,
      );
    } finally {
      lambda.destroy();
      sfn.destroy();
      s3.destroy();
    }
  });

  it('lists what it serves: every registered service with its operations', () => {
    const served = sandbox.served();
    assert.deepEqual(
      served.map((entry) => entry.service),
      ['s3', 'lambda', 'states', 'athena', 'glue', 'sts', 'cloudformation', 'logs', 'ssm', 'dynamodb', 'sqs', 'events', 'sns', 'scheduler'],
    );
    assert.ok(served.find((entry) => entry.service === 'lambda')?.operations.includes('Invoke'));
  });

  it('takes the internal client through the same answers: not implemented, unknown service', async () => {
    await assert.rejects(sandbox.services.call('lambda', 'CreateFunction', {}), (error: AwsError) => {
      assert.equal(error.code, 'InternalFailure');
      assert.equal(error.statusCode, 501);
      assert.match(error.message, /does not implement lambda CreateFunction\. The lambda operations it implements: Invoke/);
      return true;
    });
    await assert.rejects(
      sandbox.services.call('kinesis', 'PutRecord', {}),
      (error: AwsError) => error.code === 'UnrecognizedClientException',
    );
  });

  it('applies fault rules to the internal client as to a request off the wire', async () => {
    await sandbox.services.call('s3', 'CreateBucket', { Bucket: 'internal' });
    sandbox.faults.add({ service: 's3', operation: 'PutObject', resource: 'internal', error: 'SlowDown' });
    await assert.rejects(
      sandbox.services.call('s3', 'PutObject', { Bucket: 'internal', Key: 'k', Body: Buffer.from('x') }),
      (error: AwsError) => error.code === 'SlowDown' && error.statusCode === 503,
    );
    const put = await sandbox.services.call<{ ETag: string }>('s3', 'PutObject', { Bucket: 'internal', Key: 'k', Body: Buffer.from('x') });
    assert.equal(put.ETag, '"9dd4e461268c8034f5c8564e155c67a6"');
  });

  it('recognises an unsigned request by its shape, and refuses one for a service it does not have', async () => {
    const listed = await fetch(sandbox.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSStepFunctions.ListStateMachines', 'content-type': 'application/x-amz-json-1.0' },
      body: '{}',
    });
    assert.equal(listed.status, 200);
    assert.deepEqual(await listed.json(), { stateMachines: [] });
    const unknown = await fetch(sandbox.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'Kinesis_20131202.PutRecord', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    assert.equal(unknown.status, 400);
    assert.equal(((await unknown.json()) as { __type: string }).__type, 'UnrecognizedClientException');
  });
});

describe('sandbox port', () => {
  it('refuses a port in use with a typed error, leaving no work directory behind', async () => {
    const first = (await startSandbox()).sandbox;
    const port = Number(new URL(first.endpoint).port);
    const workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-port-test-'));
    try {
      await assert.rejects(Sandbox.start({ port, workDirectory }), (error: unknown) => {
        assert.ok(error instanceof SandboxPortError);
        assert.equal(error.reason, 'in-use');
        assert.equal(error.port, port);
        assert.match(error.message, new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use`));
        return true;
      });
      assert.equal(fs.existsSync(workDirectory), false);
    } finally {
      fs.rmSync(workDirectory, { recursive: true, force: true });
      await first.stop();
    }
  });

  it('refuses a port out of range with a typed error', async () => {
    await assert.rejects(
      Sandbox.start({ port: 70000 }),
      (error: unknown) => error instanceof SandboxPortError && error.reason === 'out-of-range' && /from 0 to 65535/.test(error.message),
    );
  });
});
