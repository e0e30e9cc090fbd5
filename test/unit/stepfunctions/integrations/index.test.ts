import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSyncResource, resolveTaskResource, SUPPORTED_TASK_RESOURCES } from '../../../../sandbox/services/stepfunctions/integrations';

describe('Task resources the sandbox runs (integrations/index)', () => {
  const cases: Array<{ in: string; out: unknown }> = [
    { in: 'arn:aws:lambda:us-east-1:000000000000:function:load', out: { kind: 'lambda-function' } },
    { in: 'arn:aws:lambda:eu-west-1:123456789012:function:load:live', out: { kind: 'lambda-function' } },
    { in: 'arn:aws:states:::lambda:invoke', out: { kind: 'lambda-invoke' } },
    { in: 'arn:aws:states:us-east-1::lambda:invoke', out: { kind: 'lambda-invoke' } },
    { in: 'arn:aws:states:::athena:startQueryExecution', out: { kind: 'athena', action: 'startQueryExecution', sync: false } },
    { in: 'arn:aws:states:::athena:startQueryExecution.sync', out: { kind: 'athena', action: 'startQueryExecution', sync: true } },
    { in: 'arn:aws:states:::athena:getQueryResults', out: { kind: 'athena', action: 'getQueryResults', sync: false } },
    { in: 'arn:aws:states:::aws-sdk:s3:listObjectsV2', out: { kind: 's3', action: 'listObjectsV2' } },
  ];
  for (const { in: resource, out } of cases) {
    it(`runs ${resource}`, () => assert.deepEqual(resolveTaskResource(resource), out));
  }

  const refused: Array<{ in: string; out: RegExp }> = [
    { in: 'arn:aws:states:::lambda:invoke.waitForTaskToken', out: /callback pattern '\.waitForTaskToken'/ },
    { in: 'arn:aws:states:::athena:getQueryResults.sync', out: /is not supported by the postflight sandbox/ },
    { in: 'arn:aws:states:::sqs:sendMessage', out: /supported Task resources are: / },
    { in: 'arn:aws:states:::aws-sdk:s3:createBucket', out: /is not supported/ },
    { in: 'arn:aws:states:us-east-1:000000000000:activity:review', out: /is not supported/ },
    { in: 'my-function', out: /is not supported/ },
  ];
  for (const { in: resource, out } of refused) {
    it(`refuses ${resource}`, () => {
      const resolved = resolveTaskResource(resource);
      assert.ok('refusal' in resolved);
      assert.match(resolved.refusal, out);
    });
  }

  it('lists every supported resource in one place', () => {
    assert.ok(SUPPORTED_TASK_RESOURCES.includes('arn:aws:states:::lambda:invoke'));
    assert.ok(SUPPORTED_TASK_RESOURCES.includes('arn:aws:states:::athena:startQueryExecution.sync'));
    for (const action of ['getObject', 'putObject', 'copyObject', 'deleteObject', 'headObject', 'listObjectsV2']) {
      assert.ok(SUPPORTED_TASK_RESOURCES.includes(`arn:aws:states:::aws-sdk:s3:${action}`), action);
    }
  });

  it('tells the job-run pattern apart', () => {
    assert.equal(isSyncResource('arn:aws:states:::athena:startQueryExecution.sync'), true);
    assert.equal(isSyncResource('arn:aws:states:::athena:startQueryExecution'), false);
  });
});
