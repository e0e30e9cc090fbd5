import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SFNClient } from '@aws-sdk/client-sfn';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startSandbox } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';
import { runMachine, typesOf } from '../fixtures/stepfunctions/sfn-client';

/** End to end: state machines calling a real Node.js handler run by the sandbox Lambda. */
const HANDLERS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/stepfunctions/handlers');

describe('Step Functions with the sandbox Lambda running a real handler', () => {
  let sandbox: Sandbox;
  let sfn: SFNClient;
  let s3: S3Client;
  let functionArn: string;

  before(async () => {
    const started = await startSandbox();
    sandbox = started.sandbox;
    sfn = new SFNClient(started.config);
    s3 = new S3Client(started.config);
    await s3.send(new CreateBucketCommand({ Bucket: 'landing' }));
    await s3.send(new PutObjectCommand({ Bucket: 'landing', Key: 'positions/good.csv', Body: 'account,quantity\nA-1,100\nA-2,250\n' }));
    await s3.send(new PutObjectCommand({ Bucket: 'landing', Key: 'positions/bad.csv', Body: 'acct;qty\nA-1;100\n' }));
    functionArn = sandbox.lambda.createFunctionFromDefinition({
      functionName: 'validate-positions',
      handler: 'validate-positions.handler',
      runtime: 'nodejs22.x',
      codeDirectory: HANDLERS,
      timeoutSeconds: 30,
      memorySize: 256,
      environment: {},
    }).FunctionArn;
  });
  after(async () => {
    sfn.destroy();
    s3.destroy();
    await sandbox.stop();
  });

  const machine = () => ({
    StartAt: 'ValidateAll',
    States: {
      ValidateAll: {
        Type: 'Map',
        ItemsPath: '$.keys',
        ItemSelector: { bucket: 'landing', 'key.$': '$$.Map.Item.Value' },
        ItemProcessor: {
          StartAt: 'Validate',
          States: {
            Validate: {
              Type: 'Task',
              Resource: functionArn,
              Catch: [{ ErrorEquals: ['InvalidFileError'], ResultPath: '$.problem', Next: 'Rejected' }],
              End: true,
            },
            Rejected: { Type: 'Pass', Parameters: { 'key.$': '$.key', 'error.$': '$.problem.Error' }, End: true },
          },
        },
        ResultPath: '$.validated',
        Next: 'Summarise',
      },
      Summarise: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'validate-positions', Payload: { bucket: 'landing', key: 'positions/good.csv' } },
        ResultSelector: { 'status.$': '$.StatusCode', 'rows.$': '$.Payload.rows', 'version.$': '$.ExecutedVersion' },
        ResultPath: '$.summary',
        End: true,
      },
    },
  });

  it('validates files through the function, catching its named error per item', async () => {
    const { description, events } = await runMachine(sfn, machine(), { keys: ['positions/good.csv', 'positions/bad.csv'] });
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    const output = JSON.parse(description.output!);
    assert.deepEqual(output.summary, { status: 200, rows: 2, version: '$LATEST' });
    assert.deepEqual(output.validated, [
      { key: 'positions/good.csv', rows: 2 },
      { key: 'positions/bad.csv', error: 'InvalidFileError' },
    ]);
    const results = events
      .filter((event) => event.type === 'LambdaFunctionSucceeded')
      .map((event) => JSON.parse(event.lambdaFunctionSucceededEventDetails!.output!));
    assert.deepEqual(results, [{ key: 'positions/good.csv', rows: 2 }]);
    const failed = events.find((event) => event.type === 'LambdaFunctionFailed')!.lambdaFunctionFailedEventDetails!;
    assert.equal(failed.error, 'InvalidFileError');
    const document = JSON.parse(failed.cause!);
    assert.equal(document.errorType, 'InvalidFileError');
    assert.match(document.errorMessage, /unexpected header in s3:\/\/landing\/positions\/bad\.csv: acct;qty/);
    assert.ok(typesOf(events).includes('MapIterationSucceeded'));
  });

  it('names a function timeout (the Sandbox.Timedout engine fault) as Lambda reports it, for a Retry to absorb', async () => {
    sandbox.faults.add({ service: 'lambda', operation: 'Invoke', resource: 'validate-positions', error: 'Sandbox.Timedout' });
    sandbox.stepFunctions.deps.timeScale = 0.01;
    const { description, events } = await runMachine(
      sfn,
      {
        StartAt: 'V',
        States: {
          V: { Type: 'Task', Resource: functionArn, Retry: [{ ErrorEquals: ['Sandbox.Timedout'], IntervalSeconds: 2 }], End: true },
        },
      },
      { bucket: 'landing', key: 'positions/good.csv' },
    );
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    const failed = events.find((event) => event.type === 'LambdaFunctionFailed')!.lambdaFunctionFailedEventDetails!;
    assert.equal(failed.error, 'Sandbox.Timedout');
    assert.match(JSON.parse(failed.cause!).errorMessage, /^RequestId: \S+ Error: Task timed out after 30\.00 seconds$/);
  });

  it('fails the execution with the function error when nothing catches it', async () => {
    const { description } = await runMachine(sfn, {
      StartAt: 'V',
      States: {
        V: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: functionArn, Payload: { bucket: 'landing', key: 'positions/bad.csv' } },
          End: true,
        },
      },
    });
    assert.equal(description.status, 'FAILED');
    assert.equal(description.error, 'InvalidFileError');
    assert.equal(JSON.parse(description.cause!).errorType, 'InvalidFileError');
  });
});
