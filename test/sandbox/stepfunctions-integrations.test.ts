import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { SFNClient } from '@aws-sdk/client-sfn';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startSandbox } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';
import { LambdaStandIn } from '../fixtures/stepfunctions/lambda-stand-in';
import { createMachine, runMachine, typesOf, waitForExecution } from '../fixtures/stepfunctions/sfn-client';

/**
 * Task integrations through the SDK: lambda:invoke and function ARNs (with a Lambda stand-in),
 * `aws-sdk:s3:*` against the sandbox S3, `athena:*` against the sandbox Athena (DuckDB), nested
 * executions (`states:startExecution` and its patterns) and the generic `aws-sdk:` form.
 */
const task = (Resource: string, extra: Record<string, unknown> = {}) => ({
  StartAt: 'T',
  States: { T: { Type: 'Task', Resource, End: true, ...extra } },
});
const details = <T>(events: { type?: string }[], type: string, member: string): T =>
  (events.find((event) => event.type === type) as Record<string, unknown>)[member] as T;

describe('Step Functions Task integrations', () => {
  let sandbox: Sandbox;
  let sfn: SFNClient;
  let s3: S3Client;
  const lambda = new LambdaStandIn();

  before(async () => {
    const started = await startSandbox({ providers: { lambda } });
    sandbox = started.sandbox;
    sfn = new SFNClient(started.config);
    s3 = new S3Client(started.config);
    sandbox.stepFunctions.deps.timeScale = 0.01;
    await s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
    lambda.register('echo', async (event) => event);
    lambda.register('node-error', async () => {
      const error = new Error('rows missing');
      error.name = 'ValidationError';
      throw error;
    });
  });
  after(async () => {
    sfn.destroy();
    s3.destroy();
    sandbox.faults.clear();
    await sandbox.stop();
  });

  describe('lambda:invoke', () => {
    it('appends the Qualifier and sends a JSON-text Payload as is', async () => {
      const { description } = await runMachine(
        sfn,
        task('arn:aws:states:::lambda:invoke', {
          Parameters: { FunctionName: 'echo', Qualifier: 'live', Payload: '{"a":1}' },
          OutputPath: '$.Payload',
        }),
      );
      assert.equal(description.status, 'SUCCEEDED');
      assert.equal(description.output, '{"a":1}');
      assert.deepEqual(lambda.calls.at(-1), {
        functionName: 'echo',
        event: { a: 1 },
        options: { invocationType: undefined, logType: undefined },
      });
    });

    it('names a function error by its errorType, with the error document as compact JSON cause', async () => {
      const { description, events } = await runMachine(
        sfn,
        task('arn:aws:states:::lambda:invoke', { Parameters: { FunctionName: 'node-error' } }),
      );
      assert.equal(description.status, 'FAILED');
      assert.equal(description.error, 'ValidationError');
      assert.deepEqual(JSON.parse(description.cause!), { errorType: 'ValidationError', errorMessage: 'rows missing', trace: [] });
      assert.deepEqual(details(events, 'TaskFailed', 'taskFailedEventDetails'), {
        resourceType: 'lambda',
        resource: 'invoke',
        error: 'ValidationError',
        cause: description.cause,
      });
    });

    it('names a Lambda API error Lambda.<Code>, with the SDK message format as cause', async () => {
      const { description, events } = await runMachine(
        sfn,
        task('arn:aws:states:::lambda:invoke', { Parameters: { FunctionName: 'no_such_function' } }),
      );
      assert.equal(description.error, 'Lambda.ResourceNotFoundException');
      assert.match(
        description.cause!,
        /^Function not found: arn:aws:lambda:us-east-1:000000000000:function:no_such_function:\$LATEST \(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: [0-9a-f-]{36}; Proxy: null\)$/,
      );
      assert.deepEqual(typesOf(events), [
        'ExecutionStarted',
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskFailed',
        'ExecutionFailed',
      ]);
    });

    it('acts out an injected throttle, which a Retry on Lambda.TooManyRequestsException absorbs', async () => {
      sandbox.faults.add({ service: 'lambda', operation: 'Invoke', resource: 'echo', error: 'TooManyRequestsException', times: 2 });
      const { description, events } = await runMachine(
        sfn,
        task('arn:aws:states:::lambda:invoke', {
          Parameters: { FunctionName: 'echo', Payload: { ok: true } },
          Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 1 }],
          OutputPath: '$.Payload',
        }),
      );
      assert.equal(description.status, 'SUCCEEDED');
      assert.equal(description.output, '{"ok":true}');
      assert.deepEqual(
        events.filter((event) => event.type === 'TaskFailed').map((event) => event.taskFailedEventDetails?.error),
        ['Lambda.TooManyRequestsException', 'Lambda.TooManyRequestsException'],
      );
    });

    it('refuses Parameters without a FunctionName as a runtime error, before scheduling the task', async () => {
      const { description, events } = await runMachine(sfn, task('arn:aws:states:::lambda:invoke', { Parameters: { Payload: {} } }));
      assert.equal(description.error, 'States.Runtime');
      assert.equal(
        description.cause,
        `An error occurred while executing the state 'T' (entered at the event id #2). The Parameters '{"Payload":{}}' could not be used to start the Task: [The field 'FunctionName' is required but was missing]`,
      );
      assert.deepEqual(typesOf(events), ['ExecutionStarted', 'TaskStateEntered', 'ExecutionFailed']);
    });
  });

  describe('function ARN', () => {
    it('passes the function its input and takes its response as the result, with timeoutInSeconds when set', async () => {
      const { description, events } = await runMachine(
        sfn,
        task('arn:aws:lambda:us-east-1:000000000000:function:echo', { TimeoutSeconds: 30, ResultPath: '$.echoed' }),
        { n: 1 },
      );
      assert.equal(description.output, '{"n":1,"echoed":{"n":1}}');
      assert.deepEqual(details(events, 'LambdaFunctionScheduled', 'lambdaFunctionScheduledEventDetails'), {
        resource: 'arn:aws:lambda:us-east-1:000000000000:function:echo',
        input: '{"n":1}',
        inputDetails: { truncated: false },
        timeoutInSeconds: 30,
      });
    });

    it('names a missing function Lambda.ResourceNotFoundException in LambdaFunctionFailed', async () => {
      const { description, events } = await runMachine(sfn, task('arn:aws:lambda:us-east-1:000000000000:function:absent'));
      assert.equal(description.error, 'Lambda.ResourceNotFoundException');
      assert.deepEqual(typesOf(events).slice(-2), ['LambdaFunctionFailed', 'ExecutionFailed']);
    });
  });

  describe('aws-sdk:s3', () => {
    it('puts, gets, heads, copies, lists and deletes objects as the SDK integration answers', async () => {
      const body = { Dict: 'Value' };
      const text = JSON.stringify(body);
      const crc32 = Buffer.alloc(4);
      crc32.writeUInt32BE(zlib.crc32(text));
      const definition = {
        StartAt: 'Put',
        States: {
          Put: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:s3:putObject',
            Parameters: { Bucket: 'lake', Key: 'in/data.json', 'Body.$': '$.body' },
            ResultPath: '$.put',
            Next: 'Get',
          },
          Get: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
            Parameters: { Bucket: 'lake', Key: 'in/data.json' },
            ResultPath: '$.get',
            Next: 'Head',
          },
          Head: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:s3:headObject',
            Parameters: { Bucket: 'lake', Key: 'in/data.json' },
            ResultPath: '$.head',
            Next: 'Copy',
          },
          Copy: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:s3:copyObject',
            Parameters: { Bucket: 'lake', Key: 'out/data.json', CopySource: 'lake/in/data.json' },
            ResultPath: '$.copy',
            Next: 'List',
          },
          List: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:s3:listObjectsV2',
            Parameters: { Bucket: 'lake', Prefix: 'out/' },
            ResultPath: '$.list',
            Next: 'Delete',
          },
          Delete: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:s3:deleteObject',
            Parameters: { Bucket: 'lake', Key: 'in/data.json' },
            ResultPath: '$.delete',
            End: true,
          },
        },
      };
      const { description, events } = await runMachine(sfn, definition, { body });
      assert.equal(description.status, 'SUCCEEDED', description.cause);
      const output = JSON.parse(description.output!);
      const etag = `"${createHash('md5').update(text).digest('hex')}"`;
      assert.deepEqual(output.put, {
        ETag: etag,
        ChecksumCRC32: crc32.toString('base64'),
        ChecksumType: 'FULL_OBJECT',
        ServerSideEncryption: 'AES256',
      });
      assert.deepEqual(Object.keys(output.get).sort(), [
        'AcceptRanges',
        'Body',
        'ContentLength',
        'ContentType',
        'ETag',
        'LastModified',
        'Metadata',
        'ServerSideEncryption',
      ]);
      assert.equal(output.get.Body, text);
      assert.equal(output.get.ContentLength, text.length);
      // As recorded (test_s3_put_object): the integration sends the body as JSON text, typed as text.
      assert.equal(output.get.ContentType, 'text/plain; charset=UTF-8');
      assert.match(output.get.LastModified, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      assert.deepEqual(output.get.Metadata, {});
      assert.equal(output.head.ETag, etag);
      assert.equal(output.head.Body, undefined);
      assert.equal(output.copy.CopyObjectResult.ETag, etag);
      assert.deepEqual(
        output.list.Contents.map((entry: { Key: string }) => entry.Key),
        ['out/data.json'],
      );
      assert.equal(output.list.KeyCount, 1);
      assert.deepEqual(output.delete, {});
      assert.deepEqual(details(events, 'TaskScheduled', 'taskScheduledEventDetails'), {
        resourceType: 'aws-sdk:s3',
        resource: 'putObject',
        region: 'us-east-1',
        parameters: JSON.stringify({ Bucket: 'lake', Key: 'in/data.json', Body: body }),
      });
      const copied = await s3.send(new GetObjectCommand({ Bucket: 'lake', Key: 'out/data.json' }));
      assert.equal(await copied.Body!.transformToString(), text);
      await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'lake', Key: 'in/data.json' })), { name: 'NoSuchKey' });
    });

    it('names S3 errors as the SDK integration does: S3.NoSuchKeyException, S3.NoSuchBucketException', async () => {
      const machine = {
        StartAt: 'Get',
        States: {
          Get: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
            Parameters: { Bucket: 'lake', Key: 'no_such_key.json' },
            Catch: [{ ErrorEquals: ['S3.NoSuchKeyException'], Next: 'Caught' }],
            End: true,
          },
          Caught: { Type: 'Pass', End: true },
        },
      };
      const { description } = await runMachine(sfn, machine);
      const error = JSON.parse(description.output!);
      assert.equal(error.Error, 'S3.NoSuchKeyException');
      assert.match(
        error.Cause,
        /^The specified key does not exist\. \(Service: S3, Status Code: 404, Request ID: [A-Z0-9]+, Extended Request ID: \S+\)$/,
      );
      const bucket = await runMachine(
        sfn,
        task('arn:aws:states:::aws-sdk:s3:listObjectsV2', { Parameters: { Bucket: 'someNonexistentBucketName' } }),
      );
      assert.equal(bucket.description.error, 'S3.NoSuchBucketException');
      assert.match(bucket.description.cause!, /^The specified bucket does not exist \(Service: S3, Status Code: 404, /);
    });
  });

  describe('athena', () => {
    before(async () => {
      await s3.send(new PutObjectCommand({ Bucket: 'lake', Key: 'positions/data.csv', Body: 'account,quantity\nA-1,100\nA-2,250\n' }));
    });

    it('startQueryExecution.sync waits for the query and answers GetQueryExecution; getQueryResults reads the rows', async () => {
      const definition = {
        StartAt: 'Query',
        States: {
          Query: {
            Type: 'Task',
            Resource: 'arn:aws:states:::athena:startQueryExecution.sync',
            Parameters: {
              QueryString: 'SELECT 1 AS one, 2 AS two',
              WorkGroup: 'primary',
              ResultConfiguration: { OutputLocation: 's3://lake/athena-results/' },
            },
            Next: 'Results',
          },
          Results: {
            Type: 'Task',
            Resource: 'arn:aws:states:::athena:getQueryResults',
            Parameters: { 'QueryExecutionId.$': '$.QueryExecution.QueryExecutionId' },
            ResultSelector: { 'rows.$': '$.ResultSet.Rows' },
            End: true,
          },
        },
      };
      const { description, events } = await runMachine(sfn, definition);
      assert.equal(description.status, 'SUCCEEDED', description.cause);
      assert.deepEqual(typesOf(events).slice(2, 7), ['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited']);
      const submitted = JSON.parse(details<{ output: string }>(events, 'TaskSubmitted', 'taskSubmittedEventDetails').output);
      assert.match(submitted.QueryExecutionId, /^[0-9a-f-]{36}$/);
      assert.deepEqual(Object.keys(submitted).sort(), ['QueryExecutionId', 'SdkHttpMetadata', 'SdkResponseMetadata']);
      const succeeded = JSON.parse(details<{ output: string }>(events, 'TaskSucceeded', 'taskSucceededEventDetails').output);
      assert.equal(succeeded.QueryExecution.Status.State, 'SUCCEEDED');
      assert.equal(succeeded.QueryExecution.QueryExecutionId, submitted.QueryExecutionId);
      assert.equal(typeof succeeded.QueryExecution.Status.SubmissionDateTime, 'number');
      assert.deepEqual(JSON.parse(description.output!).rows, [
        { Data: [{ VarCharValue: 'one' }, { VarCharValue: 'two' }] },
        { Data: [{ VarCharValue: '1' }, { VarCharValue: '2' }] },
      ]);
    });

    it('fails the .sync task with States.TaskFailed when the query fails, the execution as cause', async () => {
      const definition = {
        StartAt: 'Query',
        States: {
          Query: {
            Type: 'Task',
            Resource: 'arn:aws:states:::athena:startQueryExecution.sync',
            Parameters: {
              QueryString: 'SELECT x FROM no_such_table',
              ResultConfiguration: { OutputLocation: 's3://lake/athena-results/' },
            },
            Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Failed' }],
            End: true,
          },
          Failed: { Type: 'Pass', End: true },
        },
      };
      const { description } = await runMachine(sfn, definition);
      const { Error: error, Cause: cause } = JSON.parse(description.output!);
      assert.equal(error, 'States.TaskFailed');
      const execution = JSON.parse(cause).QueryExecution;
      assert.equal(execution.Status.State, 'FAILED');
      assert.match(execution.Status.StateChangeReason, /no_such_table/i);
    });

    it('answers startQueryExecution (request-response) with the SDK metadata, and names API errors Athena.<Code>', async () => {
      const started = await runMachine(
        sfn,
        task('arn:aws:states:::athena:startQueryExecution', {
          Parameters: { QueryString: 'SELECT 1', ResultConfiguration: { OutputLocation: 's3://lake/athena-results/' } },
        }),
      );
      const output = JSON.parse(started.description.output!);
      assert.deepEqual(Object.keys(output).sort(), ['QueryExecutionId', 'SdkHttpMetadata', 'SdkResponseMetadata']);
      assert.equal(output.SdkHttpMetadata.HttpStatusCode, 200);
      const refused = await runMachine(
        sfn,
        task('arn:aws:states:::athena:startQueryExecution', { Parameters: { QueryString: 'SELECT 1', WorkGroup: 'no-such-group' } }),
      );
      assert.equal(refused.description.error, 'Athena.InvalidRequestException');
      assert.match(
        refused.description.cause!,
        /\(Service: AmazonAthena; Status Code: 400; Error Code: InvalidRequestException; Request ID: [0-9a-f-]{36}; Proxy: null\)$/,
      );
    });

    it('fails the .sync task when an injected QueryFailed fault fails the query', async () => {
      sandbox.faults.add({
        service: 'athena',
        operation: 'StartQueryExecution',
        error: 'QueryFailed',
        message: 'GENERIC_INTERNAL_ERROR: injected',
      });
      const { description } = await runMachine(
        sfn,
        task('arn:aws:states:::athena:startQueryExecution.sync', {
          Parameters: { QueryString: 'SELECT 1', ResultConfiguration: { OutputLocation: 's3://lake/athena-results/' } },
        }),
      );
      assert.equal(description.error, 'States.TaskFailed');
      assert.match(JSON.parse(description.cause!).QueryExecution.Status.StateChangeReason, /GENERIC_INTERNAL_ERROR: injected/);
    });
  });

  describe('states:startExecution (nested executions)', () => {
    const child = { StartAt: 'Work', States: { Work: { Type: 'Pass', Result: { Arg1: 'argument1' }, End: true } } };
    const failingChild = { StartAt: 'Boom', States: { Boom: { Type: 'Fail', Error: 'SomeFailure', Cause: 'the child failed' } } };
    const start = (resource: string, childArn: string) =>
      task(`arn:aws:states:::states:${resource}`, {
        Parameters: { StateMachineArn: childArn, Input: { from: 'parent' }, Name: 'child-run' },
      });

    it('starts a child (request-response) and answers StartExecution as the optimized integration does', async () => {
      const childArn = await createMachine(sfn, child);
      const { description, events } = await runMachine(sfn, start('startExecution', childArn));
      const output = JSON.parse(description.output!);
      assert.deepEqual(Object.keys(output).sort(), ['ExecutionArn', 'SdkHttpMetadata', 'SdkResponseMetadata', 'StartDate']);
      assert.equal(output.ExecutionArn, `${childArn.replace(':stateMachine:', ':execution:')}:child-run`);
      assert.equal(typeof output.StartDate, 'number');
      assert.equal(output.SdkHttpMetadata.HttpHeaders['Content-Type'], 'application/x-amz-json-1.0');
      assert.equal(details<{ resource: string }>(events, 'TaskScheduled', 'taskScheduledEventDetails').resource, 'startExecution');
      assert.equal((await waitForExecution(sfn, output.ExecutionArn)).input, '{"from":"parent"}');
    });

    it('waits for the child with .sync (JSON text) and .sync:2 (JSON), and fails when the child fails', async () => {
      const childArn = await createMachine(sfn, child);
      const sync = await runMachine(
        sfn,
        task('arn:aws:states:::states:startExecution.sync', { Parameters: { StateMachineArn: childArn } }),
      );
      const syncOutput = JSON.parse(sync.description.output!);
      assert.equal(syncOutput.Output, '{"Arg1":"argument1"}');
      assert.equal(syncOutput.Status, 'SUCCEEDED');
      assert.deepEqual(typesOf(sync.events).slice(2, 6), ['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded']);
      const sync2 = await runMachine(
        sfn,
        task('arn:aws:states:::states:startExecution.sync:2', { Parameters: { StateMachineArn: childArn } }),
      );
      assert.deepEqual(JSON.parse(sync2.description.output!).Output, { Arg1: 'argument1' });
      assert.deepEqual(JSON.parse(sync2.description.output!).Input, {});

      const failingArn = await createMachine(sfn, failingChild);
      const failed = await runMachine(
        sfn,
        task('arn:aws:states:::states:startExecution.sync', { Parameters: { StateMachineArn: failingArn } }),
      );
      assert.equal(failed.description.error, 'States.TaskFailed');
      const cause = JSON.parse(failed.description.cause!);
      assert.equal(cause.Error, 'SomeFailure');
      assert.equal(cause.Cause, 'the child failed');
      assert.equal(cause.Status, 'FAILED');
    });

    it('waits for the task token the child sends back with .waitForTaskToken', async () => {
      const callingBack = {
        StartAt: 'Reply',
        States: {
          Reply: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:sfn:sendTaskSuccess',
            Parameters: { 'TaskToken.$': '$.token', Output: { replied: true } },
            End: true,
          },
        },
      };
      const childArn = await createMachine(sfn, callingBack);
      const { description } = await runMachine(
        sfn,
        task('arn:aws:states:::states:startExecution.waitForTaskToken', {
          Parameters: { StateMachineArn: childArn, Input: { 'token.$': '$$.Task.Token' } },
        }),
      );
      assert.equal(description.status, 'SUCCEEDED', description.cause);
      assert.equal(description.output, '{"replied":true}');
    });

    it("names a Step Functions error as the optimized integration does (StepFunctions.<Code>Exception, Java SDK's cause)", async () => {
      const { description } = await runMachine(
        sfn,
        task('arn:aws:states:::states:startExecution', {
          Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:absent' },
        }),
      );
      assert.equal(description.error, 'StepFunctions.StateMachineDoesNotExistException');
      assert.match(
        description.cause!,
        /^State Machine Does Not Exist: 'arn:aws:states:us-east-1:000000000000:stateMachine:absent' \(Service: AWSStepFunctions; Status Code: 400; Error Code: StateMachineDoesNotExist; Request ID: [0-9a-f-]{36}; Proxy: null\)$/,
      );
    });
  });

  describe('aws-sdk:<service>:<action>', () => {
    it("calls any operation the sandbox serves, with the SDK's PascalCase members and its error names", async () => {
      const childArn = await createMachine(sfn, { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
      const started = await runMachine(
        sfn,
        task('arn:aws:states:::aws-sdk:sfn:startExecution', { Parameters: { StateMachineArn: childArn, Input: { key: 'value' } } }),
      );
      const output = JSON.parse(started.description.output!);
      assert.deepEqual(Object.keys(output).sort(), ['ExecutionArn', 'StartDate']);
      assert.equal((await waitForExecution(sfn, output.ExecutionArn)).input, '{"key":"value"}');
      assert.equal(
        details<{ resourceType: string }>(started.events, 'TaskScheduled', 'taskScheduledEventDetails').resourceType,
        'aws-sdk:sfn',
      );

      const bad = await runMachine(
        sfn,
        task('arn:aws:states:::aws-sdk:sfn:sendTaskSuccess', { Parameters: { TaskToken: 'NoSuchTaskToken', Output: 'x' } }),
      );
      assert.equal(bad.description.error, 'Sfn.InvalidTokenException');
      assert.match(
        bad.description.cause!,
        /^Invalid Token: 'Invalid token' \(Service: Sfn, Status Code: 400, Request ID: [0-9a-f-]{36}\) \(SDK Attempt Count: 1\)$/,
      );
    });

    it('refuses at creation an operation the sandbox does not serve, naming those it does', async () => {
      await assert.rejects(
        createMachine(sfn, task('arn:aws:states:::aws-sdk:sfn:tagResource')),
        (error: Error) =>
          error.name === 'InvalidDefinition' &&
          /cannot run the resource 'arn:aws:states:::aws-sdk:sfn:tagResource' \(its states service does not implement TagResource; it implements CreateStateMachine, /.test(
            error.message,
          ),
      );
    });
  });
});
