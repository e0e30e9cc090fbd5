import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  isCallbackResource,
  isSyncResource,
  resolveTaskResource,
  SUPPORTED_TASK_RESOURCES,
  type TaskResourceContext,
} from '../../../../sandbox/services/stepfunctions/integrations';
import { parseServiceResource } from '../../../../sandbox/services/stepfunctions/integrations/integration';

/** A sandbox serving Step Functions and a little of SQS (what the aws-sdk form is checked against). */
const SERVED: TaskResourceContext = {
  served: { operations: (service) => ({ states: ['StartExecution', 'SendTaskSuccess'], sqs: ['SendMessage'] })[service] },
  mocksConfigured: false,
};
const WITH_MOCKS: TaskResourceContext = { ...SERVED, mocksConfigured: true };

describe('Task resources the sandbox runs (integrations/index)', () => {
  const runs: Array<{ in: string; kind: string }> = [
    { in: 'arn:aws:lambda:us-east-1:000000000000:function:load', kind: 'lambda-function' },
    { in: 'arn:aws:lambda:eu-west-1:123456789012:function:load:live', kind: 'lambda-function' },
    { in: 'arn:aws:states:::lambda:invoke', kind: 'lambda-invoke' },
    { in: 'arn:aws:states:us-east-1::lambda:invoke.waitForTaskToken', kind: 'lambda-invoke' },
    { in: 'arn:aws:states:::athena:startQueryExecution.sync', kind: 'athena' },
    { in: 'arn:aws:states:::aws-sdk:s3:listObjectsV2', kind: 's3' },
    { in: 'arn:aws:states:::sns:publish.waitForTaskToken', kind: 'sns' },
    { in: 'arn:aws:states:::sqs:sendMessage', kind: 'sqs' },
    { in: 'arn:aws:states:::dynamodb:updateItem', kind: 'dynamodb' },
    { in: 'arn:aws:states:::events:putEvents', kind: 'events' },
    { in: 'arn:aws:states:::states:startExecution.sync:2', kind: 'states' },
    { in: 'arn:aws:states:us-east-1:000000000000:activity:review', kind: 'activity' },
    { in: 'arn:aws:states:::aws-sdk:sfn:startExecution', kind: 'aws-sdk' },
    { in: 'arn:aws:states:::aws-sdk:sqs:sendMessage.waitForTaskToken', kind: 'aws-sdk' },
  ];
  for (const { in: resource, kind } of runs) {
    it(`runs ${resource}`, () => {
      const resolution = resolveTaskResource(resource, SERVED);
      assert.equal(resolution.kind, 'runs');
      if (resolution.kind === 'runs') assert.equal(resolution.resolved.kind, kind);
    });
  }

  it('checks an aws-sdk resource against the operations the sandbox serves', () => {
    assert.equal(resolveTaskResource('arn:aws:states:::aws-sdk:sqs:sendMessage', SERVED).kind, 'runs');
    const refused = resolveTaskResource('arn:aws:states:::aws-sdk:sqs:purgeQueue', SERVED);
    assert.equal(refused.kind, 'refused');
    if (refused.kind === 'refused') {
      assert.equal(refused.code, 'UNSUPPORTED_BY_SANDBOX');
      assert.match(refused.message, /its sqs service does not implement PurgeQueue; it implements SendMessage/);
      assert.match(refused.message, /sandbox\.stepFunctions\.mockConfigFile/);
    }
  });

  it("refuses what AWS itself does not offer, in AWS's words", () => {
    for (const resource of [
      'arn:aws:states:::dynamodb:query',
      'arn:aws:states:::sns:publish.sync',
      'arn:aws:states:::aws-sdk:s3:getObject.sync',
      'my-function',
    ]) {
      const refused = resolveTaskResource(resource, WITH_MOCKS);
      assert.equal(refused.kind, 'refused', resource);
      if (refused.kind === 'refused') {
        assert.equal(refused.code, 'SCHEMA_VALIDATION_FAILED');
        assert.equal(
          refused.message,
          `The resource provided ${resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`,
        );
      }
    }
  });

  it('lets AWS integrations the sandbox cannot run deploy as "needs a mock" when a mock configuration is given', () => {
    for (const resource of [
      'arn:aws:states:::glue:startJobRun.sync',
      'arn:aws:states:::batch:submitJob.sync',
      'arn:aws:states:::ecs:runTask.sync',
      'arn:aws:states:::emr-serverless:startJobRun.sync',
      'arn:aws:states:::aws-sdk:glue:startCrawler',
    ]) {
      assert.equal(resolveTaskResource(resource, WITH_MOCKS).kind, 'needs-mock', resource);
      const refused = resolveTaskResource(resource, SERVED);
      assert.equal(refused.kind, 'refused', resource);
      if (refused.kind === 'refused') assert.match(refused.message, /mock configuration file/);
    }
  });

  it('lists every supported resource in one place', () => {
    for (const resource of [
      'arn:aws:states:::lambda:invoke.waitForTaskToken',
      'arn:aws:states:::athena:startQueryExecution.sync',
      'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      'arn:aws:states:::states:startExecution.sync:2',
      'arn:aws:states:::aws-sdk:s3:listObjectsV2',
      'arn:aws:states:::aws-sdk:s3:listBuckets.waitForTaskToken',
    ]) {
      assert.ok(SUPPORTED_TASK_RESOURCES.includes(resource), resource);
    }
  });

  it('tells the patterns apart', () => {
    assert.equal(isSyncResource('arn:aws:states:::athena:startQueryExecution.sync'), true);
    assert.equal(isSyncResource('arn:aws:states:::states:startExecution.sync:2'), true);
    assert.equal(isSyncResource('arn:aws:states:::athena:startQueryExecution'), false);
    assert.equal(isCallbackResource('arn:aws:states:::sqs:sendMessage.waitForTaskToken'), true);
    assert.equal(isCallbackResource('arn:aws:states:us-east-1:000000000000:activity:waitForTaskToken'), false);
    assert.deepEqual(parseServiceResource('arn:aws:states:::aws-sdk:s3:getObject'), {
      service: 'aws-sdk',
      action: 's3:getObject',
      pattern: undefined,
    });
  });
});
