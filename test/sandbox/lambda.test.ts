import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  LambdaClient,
  InvokeCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  ListFunctionsCommand,
  ListVersionsByFunctionCommand,
  GetAccountSettingsCommand,
  ResourceNotFoundException,
  InvalidRequestContentException,
  paginateListFunctions,
} from '@aws-sdk/client-lambda';
import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { S3Client, CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { startSandbox, loadParity } from '../helpers/sandbox';
import { json, parityPattern, payloadOf } from '../helpers/lambda-invoke';
import type { Sandbox } from '../../sandbox/sandbox';
import type { LambdaFunctionDefinition } from '../../sandbox/services/lambda/provider';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/lambda');

interface ParityInvoke {
  ExecutedVersion: string;
  FunctionError?: string;
  Payload: Record<string, unknown>;
  StatusCode: number;
  LogResult?: string;
}

function fixture(functionName: string, handler: string, overrides: Partial<LambdaFunctionDefinition> = {}): LambdaFunctionDefinition {
  return {
    functionName,
    handler,
    runtime: 'nodejs22.x',
    codeDirectory: FIXTURES,
    timeoutSeconds: 10,
    memorySize: 256,
    environment: {},
    ...overrides,
  };
}

describe('Lambda through the unmodified SDK clients', () => {
  let sandbox: Sandbox;
  let lambda: LambdaClient;
  let logs: CloudWatchLogsClient;
  let s3: S3Client;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-lambda-code-'));

  before(async () => {
    const started = await startSandbox();
    sandbox = started.sandbox;
    lambda = new LambdaClient(started.config);
    logs = new CloudWatchLogsClient(started.config);
    s3 = new S3Client(started.config);
    const register = (definition: LambdaFunctionDefinition) => sandbox.lambda.createFunctionFromDefinition(definition);
    register(fixture('success', 'success.handler'));
    register(fixture('context', 'context.handler', { memorySize: 192 }));
    register(fixture('throws', 'throws.handler'));
    register(fixture('rejects', 'rejects.handler'));
    register(fixture('sleeps', 'sleeps.handler'));
    register(fixture('times-out', 'sleeps.handler', { timeoutSeconds: 1 }));
    register(fixture('callback', 'callback.handler'));
    register(fixture('exits', 'exits.handler'));
    register(fixture('no-export', 'no-export.handler'));
    register(fixture('import-error', 'import-error.handler'));
    register(fixture('esm-syntax', 'esm-syntax.handler'));
    register(fixture('logs-event', 'logs-event.handler'));
    register(fixture('never-settles', 'never-settles.handler'));
    register(fixture('uncaught', 'uncaught.handler'));
    register(fixture('nested', 'nested/app.handlers.main'));
  });

  after(async () => {
    lambda.destroy();
    logs.destroy();
    s3.destroy();
    await sandbox.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('answers a successful RequestResponse invocation like Lambda (parity: invoke-success)', async () => {
    const parity = (await loadParity<{ 'invoke-result': ParityInvoke }>('lambda/invoke-success.json'))['invoke-result'];
    const output = await lambda.send(new InvokeCommand({ FunctionName: 'success', Payload: json({ any: 'event' }) }));
    assert.equal(output.StatusCode, parity.StatusCode);
    assert.equal(output.ExecutedVersion, parity.ExecutedVersion);
    assert.equal(output.FunctionError, parity.FunctionError);
    assert.deepEqual(payloadOf(output), parity.Payload);
    assert.equal(output.LogResult, undefined, 'no log tail unless LogType is Tail');
  });

  it('hands the handler its event and a real context', async () => {
    const clientContext = Buffer.from(JSON.stringify({ custom: { caller: 'postflight' } })).toString('base64');
    const output = await lambda.send(
      new InvokeCommand({ FunctionName: 'context', Payload: json({ marker: 'ctx' }), ClientContext: clientContext }),
    );
    const { event, context } = payloadOf(output) as { event: unknown; context: Record<string, unknown> };
    assert.deepEqual(event, { marker: 'ctx' });
    assert.equal(context.awsRequestId, output.$metadata.requestId, 'the invocation id is the response request id');
    assert.equal(context.functionName, 'context');
    assert.equal(context.functionVersion, '$LATEST');
    assert.equal(context.invokedFunctionArn, `arn:aws:lambda:${sandbox.region}:000000000000:function:context`);
    assert.equal(context.memoryLimitInMB, '192');
    assert.equal(context.logGroupName, '/aws/lambda/context');
    assert.match(String(context.logStreamName), /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.ok(Number(context.remainingTimeInMillis) > 8000 && Number(context.remainingTimeInMillis) <= 10_000);
    assert.equal(context.callbackWaitsForEmptyEventLoop, true);
    assert.deepEqual(context.clientContext, { custom: { caller: 'postflight' } });
  });

  it('answers the last 4 KB of the log with LogType Tail (parity: invoke-success-qualifier-logtail)', async () => {
    const parity = await loadParity<{ log_result: { log_result: string[] } }>('lambda/invoke-success-qualifier-logtail.json');
    const [recordedStart, , , recordedEnd] = parity.log_result.log_result;
    assert.ok(recordedStart && recordedEnd, 'the recording holds the START and END lines');
    const output = await lambda.send(new InvokeCommand({ FunctionName: 'context', Payload: json({ marker: 'tail' }), LogType: 'Tail' }));
    const requestId = output.$metadata.requestId!;
    const lines = Buffer.from(output.LogResult!, 'base64').toString('utf8').split('\n');
    assert.match(lines[0] ?? '', parityPattern(recordedStart, { '<uuid:2>': requestId, 'Version: 1': 'Version: $LATEST' }));
    const levels = lines
      .map((line) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\t([0-9a-f-]{36})\t([A-Z]+)\t(.*)$/.exec(line))
      .filter((match) => match !== null);
    assert.deepEqual(
      levels.map((match) => [match[1], match[2], match[3]]),
      [
        [requestId, 'INFO', 'log line for tail'],
        [requestId, 'INFO', 'info line'],
        [requestId, 'WARN', 'warn line'],
        [requestId, 'ERROR', 'error line'],
        [requestId, 'DEBUG', 'debug line'],
      ],
    );
    assert.ok(lines.includes('raw stdout line'), 'output written straight to stdout is logged as is');
    assert.ok(lines.some((line) => parityPattern(recordedEnd, { '<uuid:2>': requestId }).test(line)));
    const report = lines.find((line) => line.startsWith('REPORT '));
    assert.match(
      report ?? '',
      new RegExp(
        `^REPORT RequestId: ${requestId}\\tDuration: \\d+\\.\\d{2} ms\\tBilled Duration: \\d+ ms\\tMemory Size: 192 MB\\tMax Memory Used: \\d+ MB\\t`,
      ),
    );
  });

  it('answers a thrown error as FunctionError Unhandled with errorType, errorMessage and trace (parity: invoke-unhandled-nodejs)', async () => {
    const parity = (await loadParity<{ error_result: ParityInvoke }>('lambda/invoke-unhandled-nodejs.json')).error_result;
    const output = await lambda.send(new InvokeCommand({ FunctionName: 'throws', Payload: json({ error_msg: 'some_error_msg' }) }));
    assert.equal(output.StatusCode, parity.StatusCode);
    assert.equal(output.FunctionError, parity.FunctionError);
    assert.equal(output.ExecutedVersion, parity.ExecutedVersion);
    const payload = payloadOf(output) as Record<string, unknown>;
    assert.deepEqual(Object.keys(payload), Object.keys(parity.Payload));
    assert.equal(payload.errorType, parity.Payload.errorType);
    assert.equal(payload.errorMessage, parity.Payload.errorMessage);
    assert.ok(Array.isArray(payload.trace), 'on AWS the trace is an array of strings');
    assert.equal((payload.trace as string[])[0], 'Error: Error: some_error_msg');
    assert.ok((payload.trace as string[]).some((line) => line.includes('throws.js')));
  });

  it('answers a rejected promise the same way, with the error class name as errorType', async () => {
    const output = await lambda.send(new InvokeCommand({ FunctionName: 'rejects', Payload: json({ id: 7 }) }));
    assert.equal(output.StatusCode, 200);
    assert.equal(output.FunctionError, 'Unhandled');
    const payload = payloadOf(output) as { errorType: string; errorMessage: string; trace: string[] };
    assert.deepEqual([payload.errorType, payload.errorMessage], ['ValidationFailed', 'rejected 7']);
    assert.ok(Array.isArray(payload.trace));
  });

  it('stops a handler at its timeout and answers Sandbox.Timedout (parity: invoke-timeout)', async () => {
    const parity = (await loadParity<{ 'invoke-result': ParityInvoke }>('lambda/invoke-timeout.json'))['invoke-result'];
    const started = performance.now();
    const output = await lambda.send(new InvokeCommand({ FunctionName: 'times-out', Payload: json({ ms: 5000 }), LogType: 'Tail' }));
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 1000, `answered after ${elapsed} ms, before the 1 s timeout`);
    assert.ok(elapsed < 3000, `answered after ${elapsed} ms: the handler was not stopped at its 1 s timeout`);
    assert.equal(output.StatusCode, parity.StatusCode);
    assert.equal(output.FunctionError, parity.FunctionError);
    assert.equal(output.ExecutedVersion, parity.ExecutedVersion);
    const requestId = output.$metadata.requestId!;
    const payload = payloadOf(output) as Record<string, string>;
    assert.deepEqual(Object.keys(payload), Object.keys(parity.Payload));
    assert.equal(payload.errorType, parity.Payload.errorType);
    const { errorMessage } = payload;
    assert.ok(errorMessage, 'the timeout payload carries an errorMessage');
    assert.match(errorMessage, parityPattern(String(parity.Payload.errorMessage), { '<timeout_error_msg>': requestId }));
    const tail = Buffer.from(output.LogResult!, 'base64').toString('utf8');
    assert.match(tail, new RegExp(`REPORT RequestId: ${requestId}\\tDuration: 1000\\.00 ms\\t.*Status: timeout`));
    assert.match(tail, new RegExp(`Z ${requestId} Task timed out after 1\\.00 seconds`));

    const again = await lambda.send(new InvokeCommand({ FunctionName: 'times-out', Payload: json({ ms: 10 }) }));
    assert.equal(again.FunctionError, undefined, 'a fresh environment replaces the one that timed out');
  });

  it('acts out the engine fault Sandbox.Timedout without waiting for the timeout', async () => {
    sandbox.faults.add({ service: 'lambda', operation: 'Invoke', resource: 'sleeps', error: 'Sandbox.Timedout' });
    const started = performance.now();
    const output = await lambda.send(new InvokeCommand({ FunctionName: 'sleeps', Payload: json({ ms: 0 }) }));
    assert.ok(performance.now() - started < 2000, 'an injected timeout answers at once');
    assert.equal(output.FunctionError, 'Unhandled');
    assert.deepEqual(payloadOf(output), {
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${output.$metadata.requestId} Error: Task timed out after 10.00 seconds`,
    });
    const next = await lambda.send(new InvokeCommand({ FunctionName: 'sleeps', Payload: json({ ms: 0 }) }));
    assert.equal(next.FunctionError, undefined, 'the rule is spent after one invocation');
  });

  it('answers ResourceNotFoundException for a function that does not exist (parity: invoke-function-not-found)', async () => {
    const parity = (
      await loadParity<{
        invoke_function_doesnotexist: {
          Error: { Code: string; Message: string };
          Message: string;
          Type: string;
          ResponseMetadata: { HTTPStatusCode: number };
        };
      }>('lambda/invoke-function-not-found.json')
    ).invoke_function_doesnotexist;
    const expectedMessage = parity.Message.replace('<partition>', 'aws')
      .replace('<region>', sandbox.region)
      .replace('111111111111', '000000000000');
    const error = await lambda
      .send(new InvokeCommand({ FunctionName: 'doesnotexist', Payload: json({}) }))
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof ResourceNotFoundException);
    assert.equal(error.name, parity.Error.Code);
    assert.equal(error.message, expectedMessage);
    assert.equal(error.Type, parity.Type);
    assert.equal(error.$metadata.httpStatusCode, parity.ResponseMetadata.HTTPStatusCode);

    const qualified = await lambda.send(new InvokeCommand({ FunctionName: 'success', Qualifier: '1' })).catch((caught: unknown) => caught);
    assert.ok(qualified instanceof ResourceNotFoundException);
    assert.equal(qualified.message, `Function not found: arn:aws:lambda:${sandbox.region}:000000000000:function:success:1`);
  });

  it('accepts a function ARN, a partial ARN and a $LATEST qualifier as FunctionName', async () => {
    for (const FunctionName of [
      `arn:aws:lambda:${sandbox.region}:000000000000:function:success`,
      `arn:aws:lambda:${sandbox.region}:000000000000:function:success:$LATEST`,
      '000000000000:function:success',
      'success:$LATEST',
    ]) {
      const output = await lambda.send(new InvokeCommand({ FunctionName }));
      assert.equal(output.StatusCode, 200, FunctionName);
      assert.deepEqual(payloadOf(output), {}, FunctionName);
    }
  });

  it('answers InvalidRequestContentException for a payload that is not JSON', async () => {
    const error = await lambda
      .send(new InvokeCommand({ FunctionName: 'success', Payload: Buffer.from('{not json') }))
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof InvalidRequestContentException);
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.match(error.message, /^Could not parse request body into json: Could not parse payload into json: /);
    assert.equal(error.Type, 'User');
  });

  it('lets a handler in a folder outside the project use the AWS SDK (require and import) against the sandbox', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'handler-output' }));
    fs.mkdirSync(path.join(scratch, 'cjs'));
    fs.writeFileSync(
      path.join(scratch, 'cjs', 'index.js'),
      "const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');\n" +
        'exports.handler = async (event) => {\n' +
        '  await new S3Client({}).send(new PutObjectCommand({ Bucket: event.bucket, Key: event.key, Body: `written by ${process.env.AWS_LAMBDA_FUNCTION_NAME}` }));\n' +
        '  return { stored: event.key };\n' +
        '};\n',
    );
    fs.mkdirSync(path.join(scratch, 'esm'));
    fs.writeFileSync(
      path.join(scratch, 'esm', 'app.mjs'),
      "import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';\n" +
        'const s3 = new S3Client({});\n' +
        'export const handler = async (event) => {\n' +
        '  await s3.send(new PutObjectCommand({ Bucket: event.bucket, Key: event.key, Body: `written by ${process.env.AWS_LAMBDA_FUNCTION_NAME}` }));\n' +
        '  return { stored: event.key };\n' +
        '};\n',
    );
    sandbox.lambda.createFunctionFromDefinition(fixture('sdk-cjs', 'index.handler', { codeDirectory: path.join(scratch, 'cjs') }));
    sandbox.lambda.createFunctionFromDefinition(fixture('sdk-esm', 'app.handler', { codeDirectory: path.join(scratch, 'esm') }));
    for (const name of ['sdk-cjs', 'sdk-esm']) {
      const output = await lambda.send(
        new InvokeCommand({ FunctionName: name, Payload: json({ bucket: 'handler-output', key: `${name}.txt` }) }),
      );
      assert.equal(output.FunctionError, undefined, Buffer.from(output.Payload ?? []).toString());
      const stored = await s3.send(new GetObjectCommand({ Bucket: 'handler-output', Key: `${name}.txt` }));
      assert.equal(await stored.Body!.transformToString(), `written by ${name}`);
    }
  });

  it('gives a handler only its own variables and the runtime ones, and keeps its changes to itself', async () => {
    const previous = {
      secret: process.env.POSTFLIGHT_PARENT_SECRET,
      key: process.env.AWS_ACCESS_KEY_ID,
      options: process.env.NODE_OPTIONS,
    };
    process.env.POSTFLIGHT_PARENT_SECRET = 'must not leak';
    process.env.AWS_ACCESS_KEY_ID = 'AKIAPARENTPROCESSKEY';
    process.env.NODE_OPTIONS = '--max-old-space-size=4096';
    try {
      sandbox.lambda.createFunctionFromDefinition(
        fixture('environment', 'environment.handler', { environment: { TABLE_NAME: 'positions', STAGE: 'local' } }),
      );
      const names = [
        'POSTFLIGHT_PARENT_SECRET',
        'NODE_OPTIONS',
        'TABLE_NAME',
        'STAGE',
        'AWS_ACCESS_KEY_ID',
        'AWS_REGION',
        'AWS_DEFAULT_REGION',
        'AWS_LAMBDA_FUNCTION_NAME',
        'AWS_LAMBDA_FUNCTION_VERSION',
        'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
        'AWS_LAMBDA_LOG_GROUP_NAME',
        'LAMBDA_TASK_ROOT',
        '_HANDLER',
        'TZ',
        'AWS_EXECUTION_ENV',
        'AWS_ENDPOINT_URL',
        'AWS_SESSION_TOKEN',
      ];
      const output = await lambda.send(new InvokeCommand({ FunctionName: 'environment', Payload: json({ names, set: 'SET_BY_HANDLER' }) }));
      const { seen, keys, homedir } = payloadOf(output) as { seen: Record<string, string | null>; keys: string[]; homedir: string };
      assert.equal(seen.POSTFLIGHT_PARENT_SECRET, null);
      assert.equal(seen.NODE_OPTIONS, null);
      assert.notEqual(seen.AWS_ACCESS_KEY_ID, 'AKIAPARENTPROCESSKEY');
      assert.ok(seen.AWS_SESSION_TOKEN, 'the runtime hands out session credentials');
      assert.equal(seen.TABLE_NAME, 'positions');
      assert.equal(seen.STAGE, 'local');
      assert.equal(seen.AWS_REGION, sandbox.region);
      assert.equal(seen.AWS_DEFAULT_REGION, sandbox.region);
      assert.equal(seen.AWS_LAMBDA_FUNCTION_NAME, 'environment');
      assert.equal(seen.AWS_LAMBDA_FUNCTION_VERSION, '$LATEST');
      assert.equal(seen.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, '256');
      assert.equal(seen.AWS_LAMBDA_LOG_GROUP_NAME, '/aws/lambda/environment');
      assert.equal(seen.LAMBDA_TASK_ROOT, FIXTURES);
      assert.equal(seen._HANDLER, 'environment.handler');
      assert.equal(seen.TZ, ':UTC');
      assert.equal(seen.AWS_EXECUTION_ENV, 'AWS_Lambda_nodejs22.x');
      assert.equal(seen.AWS_ENDPOINT_URL, sandbox.endpoint);
      assert.ok(!keys.some((key) => key.startsWith('npm_')), `no variable of the parent: ${keys.join(', ')}`);
      assert.ok(!homedir.startsWith(os.homedir()) || os.homedir() === '/', 'the handler does not see the real home folder (~/.aws)');
      assert.equal(process.env.SET_BY_HANDLER, undefined, 'the handler changed its own environment only');

      const second = await lambda.send(
        new InvokeCommand({ FunctionName: 'environment', Payload: json({ names: ['SET_BY_HANDLER'], set: 'OTHER' }) }),
      );
      assert.equal(
        (payloadOf(second) as { seen: Record<string, string> }).seen.SET_BY_HANDLER,
        'changed by the handler',
        'a warm environment keeps its state',
      );
    } finally {
      restore('POSTFLIGHT_PARENT_SECRET', previous.secret);
      restore('AWS_ACCESS_KEY_ID', previous.key);
      restore('NODE_OPTIONS', previous.options);
    }
  });

  it('runs a callback-style handler and answers once its event loop is empty', async () => {
    const output = await lambda.send(new InvokeCommand({ FunctionName: 'callback', Payload: json({}) }));
    assert.equal(output.FunctionError, undefined);
    assert.deepEqual(payloadOf(output), { style: 'callback', waits: true, marks: ['before callback', 'after callback'] });
  });

  it('runs ES module syntax in a .js file, as Node 22 detects it', async () => {
    const output = await lambda.send(new InvokeCommand({ FunctionName: 'esm-syntax' }));
    assert.equal(output.FunctionError, undefined, Buffer.from(output.Payload ?? []).toString());
    assert.deepEqual(payloadOf(output), { module: 'esm-syntax.js', kind: 'esm in .js' });
  });

  it('finds a handler in a subfolder, under a nested export', async () => {
    const output = await lambda.send(new InvokeCommand({ FunctionName: 'nested', Payload: json([1, 2]) }));
    assert.deepEqual(payloadOf(output), { found: 'nested/app.cjs', echo: [1, 2] });
  });

  it('answers 202 for an Event invocation and runs it in the background', async () => {
    const marker = `m-${Date.now()}`;
    const output = await lambda.send(new InvokeCommand({ FunctionName: 'logs-event', InvocationType: 'Event', Payload: json({ marker }) }));
    assert.equal(output.StatusCode, 202);
    assert.equal(Buffer.from(output.Payload ?? []).length, 0);
    assert.equal(output.FunctionError, undefined);
    let found = false;
    for (let attempt = 0; attempt < 100 && !found; attempt += 1) {
      const events = await logs
        .send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/logs-event', filterPattern: `"event invocation marker ${marker}"` }))
        .catch(() => undefined);
      found = (events?.events?.length ?? 0) > 0;
      if (!found) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(found, 'the Event invocation ran and logged its marker');
  });

  it('answers 204 for a DryRun without running the handler', async () => {
    const output = await lambda.send(
      new InvokeCommand({ FunctionName: 'throws', InvocationType: 'DryRun', Payload: json({ error_msg: 'not run' }) }),
    );
    assert.equal(output.StatusCode, 204);
    assert.equal(output.FunctionError, undefined);
    assert.equal(Buffer.from(output.Payload ?? []).length, 0);
  });

  it('serves concurrent invocations of one function from several warm environments', async () => {
    const outputs = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        lambda.send(new InvokeCommand({ FunctionName: 'sleeps', Payload: json({ ms: 300 + index }) })),
      ),
    );
    const payloads = outputs.map((output) => payloadOf(output) as { pid: number; slept: number });
    assert.deepEqual(
      payloads.map((payload) => payload.slept),
      [300, 301, 302, 303, 304, 305],
    );
    assert.ok(outputs.every((output) => output.StatusCode === 200 && output.FunctionError === undefined));
    const pids = new Set(payloads.map((payload) => payload.pid));
    assert.ok(pids.size > 1 && pids.size <= 4, `ran in ${pids.size} environments (the pool grows up to 4, the rest queue)`);
    assert.ok(!pids.has(process.pid), 'handlers never run in the sandbox process');
  });

  it('writes every invocation to CloudWatch Logs in the Lambda format', async () => {
    const output = await lambda.send(new InvokeCommand({ FunctionName: 'context', Payload: json({ marker: 'cloudwatch' }) }));
    const requestId = output.$metadata.requestId!;
    const filtered = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/context', filterPattern: requestId }));
    const messages = (filtered.events ?? []).map((event) => event.message ?? '');
    assert.equal(messages[0], `START RequestId: ${requestId} Version: $LATEST\n`);
    assert.ok(messages.some((message) => new RegExp(`^\\S+Z\\t${requestId}\\tINFO\\tlog line for cloudwatch\\n$`).test(message)));
    assert.ok(messages.includes(`END RequestId: ${requestId}\n`));
    assert.match(messages.at(-1) ?? '', new RegExp(`^REPORT RequestId: ${requestId}\\t`));

    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/context' }));
    const [startEvent] = filtered.events ?? [];
    assert.ok(startEvent, 'FilterLogEvents finds the START line');
    const streamName = startEvent.logStreamName!;
    assert.ok(streams.logStreams?.some((stream) => stream.logStreamName === streamName));
    const stream = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/aws/lambda/context', logStreamName: streamName, startFromHead: true }),
    );
    assert.ok(stream.events?.some((event) => event.message === `END RequestId: ${requestId}\n`));
  });

  it('reports process.exit in a handler as Runtime.ExitError', async () => {
    const output = await lambda.send(new InvokeCommand({ FunctionName: 'exits', Payload: json({ code: 3 }), LogType: 'Tail' }));
    const requestId = output.$metadata.requestId!;
    assert.equal(output.FunctionError, 'Unhandled');
    assert.deepEqual(payloadOf(output), {
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: exit status 3`,
    });
    const tail = Buffer.from(output.LogResult!, 'base64').toString('utf8');
    assert.match(tail, /INFO\tabout to exit with 3\n/);
    assert.match(tail, new RegExp(`RequestId: ${requestId} Error: Runtime exited with error: exit status 3\nRuntime.ExitError\n`));
    assert.match(tail, /Status: error\tError Type: Runtime.ExitError/);
  });

  it('names the init failures as the Lambda runtime does: Runtime.HandlerNotFound, Runtime.ImportModuleError', async () => {
    const notExported = await lambda.send(new InvokeCommand({ FunctionName: 'no-export' }));
    assert.equal(notExported.FunctionError, 'Unhandled');
    const handlerError = payloadOf(notExported) as { errorType: string; errorMessage: string; trace: string[] };
    assert.equal(handlerError.errorType, 'Runtime.HandlerNotFound');
    assert.equal(handlerError.errorMessage, 'no-export.handler is undefined or not exported');
    assert.ok(Array.isArray(handlerError.trace));

    const missingPackage = await lambda.send(new InvokeCommand({ FunctionName: 'import-error', LogType: 'Tail' }));
    const importError = payloadOf(missingPackage) as { errorType: string; errorMessage: string };
    assert.equal(importError.errorType, 'Runtime.ImportModuleError');
    assert.match(importError.errorMessage, /^Error: Cannot find module 'postflight-package-that-does-not-exist'/);
    const tail = Buffer.from(missingPackage.LogResult!, 'base64').toString('utf8');
    assert.match(tail, /INIT_REPORT Init Duration: \d+\.\d{2} ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError/);
  });

  it('reports an exception thrown outside the handler and replaces the environment', async () => {
    const started = performance.now();
    const output = await lambda.send(new InvokeCommand({ FunctionName: 'uncaught', Payload: json({ id: 1 }) }));
    assert.ok(performance.now() - started < 4000, 'answered when the exception was thrown, not when the handler would have returned');
    assert.equal(output.FunctionError, 'Unhandled');
    const payload = payloadOf(output) as { errorType: string; errorMessage: string; trace: string[] };
    assert.deepEqual([payload.errorType, payload.errorMessage], ['Error', 'late failure 1']);
    const context = await lambda.send(new InvokeCommand({ FunctionName: 'uncaught', Payload: json({ id: 2 }) }));
    assert.equal(
      (payloadOf(context) as { errorMessage: string }).errorMessage,
      'late failure 2',
      'a new environment serves the next invocation',
    );
  });

  it('fails an async handler whose promise never settles once its event loop is empty', async () => {
    const output = await lambda.send(new InvokeCommand({ FunctionName: 'never-settles' }));
    assert.equal(output.FunctionError, 'Unhandled');
    assert.equal((payloadOf(output) as { errorType: string }).errorType, 'Runtime.NodeJsExit');
  });

  it('refuses at deploy time a runtime it cannot run and a handler module that does not exist, naming the function', () => {
    assert.throws(
      () => sandbox.lambda.createFunctionFromDefinition(fixture('java-fn', 'app.Handler::handle', { runtime: 'java21' })),
      (error: Error) =>
        error.name === 'InvalidParameterValueException' &&
        /java-fn/.test(error.message) &&
        /java21/.test(error.message) &&
        /Python: python3\.9/.test(error.message),
    );
    assert.throws(
      () => sandbox.lambda.createFunctionFromDefinition(fixture('missing-module', 'src/missing.handler')),
      (error: Error) =>
        error.name === 'InvalidParameterValueException' && /missing-module/.test(error.message) && /src\/missing/.test(error.message),
    );
    assert.throws(
      () =>
        sandbox.lambda.createFunctionFromDefinition(fixture('reserved', 'success.handler', { environment: { AWS_REGION: 'eu-west-1' } })),
      (error: Error) => error.name === 'InvalidParameterValueException' && /AWS_REGION/.test(error.message),
    );
  });

  it('describes functions with GetFunction, GetFunctionConfiguration and paged ListFunctions', async () => {
    const configuration = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'context' }));
    assert.equal(configuration.FunctionName, 'context');
    assert.equal(configuration.FunctionArn, `arn:aws:lambda:${sandbox.region}:000000000000:function:context`);
    assert.equal(configuration.Runtime, 'nodejs22.x');
    assert.equal(configuration.Handler, 'context.handler');
    assert.equal(configuration.MemorySize, 192);
    assert.equal(configuration.Timeout, 10);
    assert.equal(configuration.Version, '$LATEST');
    assert.equal(configuration.State, 'Active');
    assert.match(configuration.LastModified ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    const described = await lambda.send(new GetFunctionCommand({ FunctionName: 'context' }));
    assert.equal(described.Configuration?.FunctionName, 'context');
    assert.equal(described.Code?.RepositoryType, 'S3');
    const missing = await lambda.send(new GetFunctionCommand({ FunctionName: 'nope' })).catch((caught: unknown) => caught);
    assert.ok(missing instanceof ResourceNotFoundException);
    assert.equal(missing.message, `Function not found: arn:aws:lambda:${sandbox.region}:000000000000:function:nope`);

    const versions = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'context' }));
    assert.deepEqual(
      versions.Versions?.map((version) => version.Version),
      ['$LATEST'],
    );
    const settings = await lambda.send(new GetAccountSettingsCommand({}));
    assert.ok((settings.AccountUsage?.FunctionCount ?? 0) >= 10);
    assert.ok((settings.AccountUsage?.TotalCodeSize ?? 0) > 0);

    const firstPage = await lambda.send(new ListFunctionsCommand({ MaxItems: 2 }));
    assert.equal(firstPage.Functions?.length, 2);
    assert.ok(firstPage.NextMarker);
    const names: string[] = [];
    for await (const page of paginateListFunctions({ client: lambda, pageSize: 3 }, {}))
      names.push(...(page.Functions ?? []).map((fn) => fn.FunctionName!));
    assert.deepEqual(names, [...names].sort());
    assert.ok(names.includes('success') && names.includes('sdk-esm') && new Set(names).size === names.length);
  });
});

describe('Lambda workers after the sandbox stops', () => {
  it('leaves no worker process behind', async () => {
    const { sandbox, config } = await startSandbox();
    const lambda = new LambdaClient(config);
    sandbox.lambda.createFunctionFromDefinition(fixture('sleeps', 'sleeps.handler'));
    const outputs = await Promise.all(
      [0, 1, 2].map((ms) => lambda.send(new InvokeCommand({ FunctionName: 'sleeps', Payload: json({ ms: 200 + ms }) }))),
    );
    const pids = outputs.map((output) => (payloadOf(output) as { pid: number }).pid);
    const background = await lambda.send(
      new InvokeCommand({ FunctionName: 'sleeps', InvocationType: 'Event', Payload: json({ ms: 5000 }) }),
    );
    assert.equal(background.StatusCode, 202, 'one worker is busy with a long Event invocation when the sandbox stops');
    lambda.destroy();
    assert.ok(
      pids.every((pid) => isRunning(pid)),
      'the warm workers were alive before the stop',
    );
    await sandbox.stop();
    assert.deepEqual(
      pids.filter((pid) => isRunning(pid)),
      [],
      'every worker process is gone',
    );
  });
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
