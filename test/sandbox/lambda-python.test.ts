import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { S3Client, CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { startSandbox, loadParity } from '../helpers/sandbox';
import { json, parityPattern, payloadOf, payloadText, tailLines } from '../helpers/lambda-invoke';
import { pythonJson } from '../fixtures/stepfunctions/lambda-stand-in';
import type { Sandbox } from '../../sandbox/sandbox';
import type { LambdaFunctionDefinition } from '../../sandbox/services/lambda/provider';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/lambda/python');
/** Debian's python3 with python3-boto3 (botocore 1.29, before AWS_ENDPOINT_URL support): `.ci/run` installs it. */
const DEBIAN_PYTHON = '/usr/bin/python3';

interface PythonErrorDocument {
  errorMessage: string;
  errorType: string;
  requestId: string;
  stackTrace: string[];
}

interface RecordedInvoke<P = unknown> {
  ExecutedVersion?: string;
  FunctionError?: string;
  Payload: P;
  StatusCode: number;
}

function fixture(functionName: string, handler: string, overrides: Partial<LambdaFunctionDefinition> = {}): LambdaFunctionDefinition {
  return {
    functionName,
    handler,
    runtime: 'python3.12',
    codeDirectory: FIXTURES,
    timeoutSeconds: 10,
    memorySize: 256,
    environment: {},
    ...overrides,
  };
}

/** Runs `body` with POSTFLIGHT_PYTHON set (the interpreter Python functions deploy and run on). */
async function withInterpreter<T>(interpreter: string, body: () => Promise<T> | T): Promise<T> {
  const previous = process.env.POSTFLIGHT_PYTHON;
  process.env.POSTFLIGHT_PYTHON = interpreter;
  try {
    return await body();
  } finally {
    if (previous === undefined) delete process.env.POSTFLIGHT_PYTHON;
    else process.env.POSTFLIGHT_PYTHON = previous;
  }
}

/** The frame of a Python traceback as `traceback.format_list` writes it. */
const FRAME = /^ {2}File "(?<file>[^"]+)", line \d+, in (?<scope>\S+)\n(?: {4}(?<code>.+)\n)?$/;

describe('Python Lambda functions through the unmodified SDK clients', () => {
  let sandbox: Sandbox;
  let lambda: LambdaClient;
  let logs: CloudWatchLogsClient;
  let s3: S3Client;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-python-code-'));

  const invoke = (FunctionName: string, event: unknown = {}, extra: Partial<{ LogType: 'Tail' }> = {}) =>
    lambda.send(new InvokeCommand({ FunctionName, Payload: json(event), ...extra }));

  before(async () => {
    const started = await startSandbox();
    sandbox = started.sandbox;
    lambda = new LambdaClient(started.config);
    logs = new CloudWatchLogsClient(started.config);
    s3 = new S3Client(started.config);
    const register = (definition: LambdaFunctionDefinition) => sandbox.lambda.createFunctionFromDefinition(definition);
    register(fixture('introspection', 'handlers.introspection', { memorySize: 1024, environment: { TEST_KEY: 'TEST_VAL' } }));
    register(fixture('echo', 'handlers.echo', { memorySize: 128 }));
    register(fixture('uncaught', 'handlers.uncaught'));
    register(fixture('handler-error', 'handlers.handler_error', { runtime: 'python3.13' }));
    register(fixture('handler-exit', 'handlers.handler_exit'));
    register(fixture('runtime-error', 'runtime_error.handler', { runtime: 'python3.13' }));
    register(fixture('runtime-exit', 'runtime_exit.handler'));
    register(fixture('no-return', 'handlers.no_return'));
    register(fixture('sleeps', 'handlers.sleeps', { timeoutSeconds: 1 }));
    register(fixture('logs', 'handlers.logs'));
    register(fixture('decimals-312', 'handlers.decimals'));
    register(fixture('decimals-311', 'handlers.decimals', { runtime: 'python3.11' }));
    register(fixture('not-serializable', 'handlers.not_serializable'));
    register(fixture('grows', 'handlers.grows', { memorySize: 128 }));
    register(fixture('counts', 'handlers.counts', { runtime: 'python3.9' }));
    register(fixture('package-path', 'pkg/app.handler'));
    register(fixture('package-dotted', 'pkg.app.handler'));
    register(fixture('import-error', 'import_error.handler'));
    register(fixture('syntax-error', 'syntax_error.handler'));
    register(fixture('handler-missing', 'handlers.nope'));
    register(fixture('sdk', 'sdk.handler', { runtime: 'python3.10' }));
  });

  after(async () => {
    lambda.destroy();
    logs.destroy();
    s3.destroy();
    await sandbox.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('hands the handler the context and environment Lambda does (parity: invoke-introspection-python)', async () => {
    const recorded = (
      await loadParity<{ invocation_result_payload: Record<string, Record<string, unknown>> }>('lambda/invoke-introspection-python.json')
    ).invocation_result_payload;
    const output = await invoke('introspection', { simple: 'payload' });
    const requestId = output.$metadata.requestId!;
    const answered = payloadOf(output) as {
      ctx: Record<string, unknown>;
      environment: Record<string, string>;
      cwd: string;
      sys_path_0: string;
    };
    const arn = `arn:aws:lambda:${sandbox.region}:000000000000:function:introspection`;
    const placeholders: Record<string, unknown> = {
      '<uuid:2>': requestId,
      '<function-name:1>': 'introspection',
      '<region>': sandbox.region,
      '<log-stream-name:1>': answered.ctx.log_stream_name,
    };
    const resolve = (value: unknown): unknown => {
      if (typeof value !== 'string') return value;
      if (value in placeholders) return placeholders[value];
      return value
        .replace('arn:<partition>:lambda:<region>:111111111111:function:<function-name:1>', arn)
        .replace('/aws/lambda/<function-name:1>', '/aws/lambda/introspection')
        .replace('<function-name:1>', 'introspection')
        .replace('<region>', sandbox.region);
    };
    const recordedContext = recorded.ctx!;
    assert.deepEqual(Object.keys(answered.ctx).sort(), Object.keys(recordedContext).sort());
    for (const [key, value] of Object.entries(recordedContext)) {
      if (key === 'remaining_time_in_millis') assert.equal(typeof answered.ctx[key], 'number');
      else assert.equal(answered.ctx[key], resolve(value), `context.${key}`);
    }
    assert.match(String(answered.ctx.log_stream_name), /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.ok(Number(answered.ctx.remaining_time_in_millis) > 8000 && Number(answered.ctx.remaining_time_in_millis) <= 10_000);

    // Variables AWS sets that describe its own machine (runtime API, X-Ray daemon, /var/task paths) are not the sandbox's to copy.
    const machineSpecific = new Set([
      'AWS_LAMBDA_RUNTIME_API',
      'AWS_XRAY_CONTEXT_MISSING',
      'AWS_XRAY_DAEMON_ADDRESS',
      '_AWS_XRAY_DAEMON_ADDRESS',
      '_AWS_XRAY_DAEMON_PORT',
      '_X_AMZN_TRACE_ID',
      'LD_LIBRARY_PATH',
      'PYTHONPATH',
      'PWD',
      'SHLVL',
    ]);
    const sandboxOnly = ['AWS_ENDPOINT_URL', 'HOME', 'TMPDIR'];
    const recordedEnvironment = recorded.environment as Record<string, string>;
    assert.deepEqual(
      Object.keys(answered.environment)
        .filter((key) => !sandboxOnly.includes(key))
        .sort(),
      Object.keys(recordedEnvironment)
        .filter((key) => !machineSpecific.has(key))
        .sort(),
      'the same variables as on AWS, and nothing of the sandbox process (no NODE_CHANNEL_FD)',
    );
    for (const key of [
      'AWS_EXECUTION_ENV',
      'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
      'AWS_LAMBDA_FUNCTION_VERSION',
      'AWS_LAMBDA_INITIALIZATION_TYPE',
      'LANG',
      'LC_CTYPE',
      'TEST_KEY',
      'TZ',
      'AWS_DEFAULT_REGION',
      'AWS_REGION',
      'AWS_LAMBDA_FUNCTION_NAME',
      'AWS_LAMBDA_LOG_GROUP_NAME',
    ]) {
      assert.equal(answered.environment[key], resolve(recordedEnvironment[key]), key);
    }
    assert.equal(answered.environment._HANDLER, 'handlers.introspection');
    assert.equal(answered.environment.LAMBDA_TASK_ROOT, FIXTURES);
    assert.equal(answered.cwd, FIXTURES, 'the working directory is the task root');
    assert.equal(answered.sys_path_0, FIXTURES, 'the task root comes first on sys.path');
  });

  it('answers an uncaught exception as Lambda does, in Python json separators (parity: invoke-uncaught-python)', async () => {
    const recorded = (await loadParity<{ error_result: RecordedInvoke<Record<string, string>> }>('lambda/invoke-uncaught-python.json'))
      .error_result;
    const output = await invoke('uncaught', { error_msg: 'some_error_msg' });
    assert.equal(output.StatusCode, recorded.StatusCode);
    assert.equal(output.FunctionError, recorded.FunctionError);
    assert.equal(output.ExecutedVersion, recorded.ExecutedVersion);
    const payload = payloadOf(output) as PythonErrorDocument;
    assert.deepEqual(Object.keys(payload), Object.keys(recorded.Payload));
    assert.equal(payload.errorMessage, recorded.Payload.errorMessage);
    assert.equal(payload.errorType, recorded.Payload.errorType);
    assert.equal(payload.requestId, output.$metadata.requestId);
    assert.equal(payloadText(output), pythonJson(payload), 'the bytes the Python runtime writes');
  });

  it('answers the stack trace as a list of frames from the handler on (parity: invoke-unhandled-python)', async () => {
    const recorded = (await loadParity<{ invocation_error: RecordedInvoke<PythonErrorDocument> }>('lambda/invoke-unhandled-python.json'))
      .invocation_error;
    const output = await invoke('handler-error');
    const payload = payloadOf(output) as PythonErrorDocument;
    assert.equal(output.FunctionError, recorded.FunctionError);
    assert.deepEqual([payload.errorMessage, payload.errorType], [recorded.Payload.errorMessage, recorded.Payload.errorType]);
    assert.equal(payload.stackTrace.length, recorded.Payload.stackTrace.length, 'no frame of the runtime itself');
    const [recordedFrame] = recorded.Payload.stackTrace.map((frame) => FRAME.exec(frame)?.groups);
    const [frame] = payload.stackTrace.map((line) => FRAME.exec(line)?.groups);
    assert.ok(recordedFrame && frame, payload.stackTrace.join(''));
    assert.equal(frame.file, path.join(FIXTURES, 'handlers.py'));
    assert.equal(frame.scope, 'handler_error');
    assert.equal(frame.code, recordedFrame.code);
  });

  it('answers an exception raised while the module loads as the init error, with an empty requestId (parity: invoke-init-error-python)', async () => {
    const recorded = (await loadParity<{ invocation_error: RecordedInvoke<PythonErrorDocument> }>('lambda/invoke-init-error-python.json'))
      .invocation_error;
    const output = await invoke('runtime-error', {}, { LogType: 'Tail' });
    const payload = payloadOf(output) as PythonErrorDocument;
    assert.equal(output.FunctionError, recorded.FunctionError);
    assert.deepEqual(Object.keys(payload), Object.keys(recorded.Payload));
    assert.deepEqual(
      [payload.errorMessage, payload.errorType, payload.requestId],
      [recorded.Payload.errorMessage, recorded.Payload.errorType, recorded.Payload.requestId],
    );
    const frames = payload.stackTrace.map((line) => FRAME.exec(line)?.groups);
    const recordedFrames = recorded.Payload.stackTrace.map((line) => FRAME.exec(line)?.groups);
    assert.ok(frames.every(Boolean), payload.stackTrace.join(''));
    assert.match(frames[0]!.file ?? '', /importlib\/__init__\.py$/, 'from importlib on, as on AWS');
    assert.match(recordedFrames[0]!.file ?? '', /importlib\/__init__\.py$/);
    assert.deepEqual(
      [frames.at(-1)!.file, frames.at(-1)!.scope, frames.at(-1)!.code],
      [path.join(FIXTURES, 'runtime_error.py'), recordedFrames.at(-1)!.scope, recordedFrames.at(-1)!.code],
    );
    assert.match(
      tailLines(output).join('\n'),
      /^INIT_REPORT Init Duration: \d+\.\d{2} ms\tPhase: init\tStatus: error\tError Type: Exception$/m,
    );
    const initLog = (await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/runtime-error' }))).events?.map(
      (event) => event.message,
    );
    assert.match(initLog?.[0] ?? '', /^\[WARNING\]\t\S+Z\t\tLAMBDA_WARNING: Unhandled exception\./);
    assert.match(
      initLog?.[1] ?? '',
      /^\[ERROR\] Exception: Runtime startup fails\nTraceback \(most recent call last\):\n\u00a0\u00a0File "/,
    );
  });

  it('answers sys.exit in the handler or at import as Runtime.ExitError (parity: invoke-handler-exit-python, invoke-runtime-exit-python)', async () => {
    for (const [name, file] of [
      ['handler-exit', 'lambda/invoke-handler-exit-python.json'],
      ['runtime-exit', 'lambda/invoke-runtime-exit-python.json'],
    ] as const) {
      const recorded = (await loadParity<{ invocation_error: RecordedInvoke<Record<string, string>> }>(file)).invocation_error;
      const output = await invoke(name);
      assert.equal(output.FunctionError, recorded.FunctionError, name);
      const payload = payloadOf(output) as Record<string, string>;
      assert.deepEqual(Object.keys(payload), Object.keys(recorded.Payload), name);
      assert.equal(payload.errorType, recorded.Payload.errorType, name);
      assert.match(payload.errorMessage!, parityPattern(recorded.Payload.errorMessage!, { '<uuid>': output.$metadata.requestId! }), name);
    }
    const again = await invoke('handler-exit');
    assert.equal((payloadOf(again) as Record<string, string>).errorType, 'Runtime.ExitError', 'a fresh environment serves the next one');
  });

  it('logs print() output as is between START, END and REPORT (parity: invoke-logs-python)', async () => {
    const recorded = await loadParity<{ logs: { logs: string[] } }>('lambda/invoke-logs-python.json');
    const output = await invoke('echo', {}, { LogType: 'Tail' });
    const requestId = output.$metadata.requestId!;
    const lines = Buffer.from(output.LogResult!, 'base64')
      .toString('utf8')
      .split(/(?<=\n)/);
    assert.equal(lines.length, recorded.logs.logs.length, lines.join(''));
    const patterns = recorded.logs.logs.map((line) =>
      parityPattern(line, { '<request-id>': requestId }).source.replaceAll('<duration>', '\\d+(?:\\.\\d{2})?').replace('<memory>', '\\d+'),
    );
    lines.forEach((line, index) => assert.match(line, new RegExp(patterns[index]!), line));
  });

  it('answers null for a handler that returns nothing (parity: invoke-no-return-python)', async () => {
    const recorded = (await loadParity<{ 'invoke-result': RecordedInvoke<string> }>('lambda/invoke-no-return-python.json'))[
      'invoke-result'
    ];
    const output = await invoke('no-return');
    assert.equal(output.StatusCode, recorded.StatusCode);
    assert.equal(payloadText(output), recorded.Payload);
  });

  it('writes logging records in the Lambda format, one event each, and print() line by line', async () => {
    const output = await invoke('logs', { marker: 'm-1' });
    const requestId = output.$metadata.requestId!;
    assert.equal(payloadOf(output), 'logged');
    const events = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/logs' }));
    const messages = (events.events ?? []).map((event) => event.message ?? '');
    const ofThisInvocation = messages.slice(messages.findIndex((message) => message.includes(`START RequestId: ${requestId}`)));
    assert.deepEqual(ofThisInvocation.slice(1, 8), [
      'printed line one\n',
      'printed line two\n',
      'to stderr\n',
      'bytes to stdout, café\n',
      `[INFO]\t${ofThisInvocation[5]!.split('\t')[1]}\t${requestId}\tinfo record m-1\n`,
      `[WARNING]\t${ofThisInvocation[6]!.split('\t')[1]}\t${requestId}\tmulti-line\nwarning\n`,
      'context.log line\n',
    ]);
    assert.match(ofThisInvocation[5]!.split('\t')[1]!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.ok(!messages.some((message) => message.includes('not shown at INFO')));
  });

  it('encodes the response as the runtime does: Decimal as its digits, non-ASCII kept from python3.12 on', async () => {
    assert.equal(payloadText(await invoke('decimals-312')), '{"price": 19.990, "count": 3, "text": "naïve"}');
    assert.equal(payloadText(await invoke('decimals-311')), '{"price": 19.990, "count": 3, "text": "na\\u00efve"}');
    const failed = await invoke('not-serializable');
    assert.equal(failed.FunctionError, 'Unhandled');
    const payload = payloadOf(failed) as PythonErrorDocument;
    assert.equal(payload.errorType, 'Runtime.MarshalError');
    assert.equal(payload.errorMessage, 'Unable to marshal response: Object of type object is not JSON serializable');
  });

  it('stops a handler at its timeout and serves the next invocation from a fresh environment', async () => {
    const started = performance.now();
    const output = await invoke('sleeps', { seconds: 5 });
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 1000 && elapsed < 3000, `answered after ${elapsed} ms`);
    assert.deepEqual(payloadOf(output), {
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${output.$metadata.requestId} Error: Task timed out after 1.00 seconds`,
    });
    assert.equal(payloadOf(await invoke('sleeps', { seconds: 0 })), 'woke up');
  });

  it('ends an environment that grows past the memory size with Runtime.OutOfMemory', async () => {
    const output = await invoke('grows', { mb: 300 });
    assert.equal(output.FunctionError, 'Unhandled');
    assert.deepEqual(payloadOf(output), {
      errorType: 'Runtime.OutOfMemory',
      errorMessage: `RequestId: ${output.$metadata.requestId} Error: Runtime exited with error: signal: killed`,
    });
    assert.equal(payloadOf(await invoke('grows', { mb: 1 })), 1, 'a fresh environment serves the next one');
  });

  it('keeps module state in a warm environment between invocations', async () => {
    const first = payloadOf(await invoke('counts')) as { invocations: number; pid: number };
    const second = payloadOf(await invoke('counts')) as { invocations: number; pid: number };
    assert.deepEqual([first.invocations, second.invocations, second.pid], [1, 2, first.pid]);
  });

  it('finds handlers in packages, by path or dotted name, with absolute and relative imports', async () => {
    for (const name of ['package-path', 'package-dotted']) {
      assert.deepEqual(payloadOf(await invoke(name, { word: 'Lake' })), { loud: 'LAKE!', quiet: 'lake...' }, name);
    }
  });

  it('names the init failures as the Lambda Python runtime does', async () => {
    const cases = [
      ['import-error', 'Runtime.ImportModuleError', "Unable to import module 'import_error': No module named 'module_that_does_not_exist'"],
      ['handler-missing', 'Runtime.HandlerNotFound', "Handler 'nope' missing on module 'handlers'"],
      ['syntax-error', 'Runtime.UserCodeSyntaxError', /^Syntax error in module 'syntax_error': /],
    ] as const;
    for (const [name, errorType, message] of cases) {
      const payload = payloadOf(await invoke(name)) as PythonErrorDocument;
      assert.equal(payload.errorType, errorType, name);
      if (typeof message === 'string') assert.equal(payload.errorMessage, message, name);
      else assert.match(payload.errorMessage, message, name);
      assert.equal(payload.requestId, '', name);
    }
  });

  it('lets boto3 reach the sandbox with no endpoint in the code', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'python-output' }));
    const output = await invoke('sdk', { bucket: 'python-output', key: 'from-python.txt', body: 'written by boto3' });
    assert.equal(output.FunctionError, undefined, payloadText(output));
    const answered = payloadOf(output) as { keys: string[]; account: string; region: string; resource_keys: string[] };
    assert.deepEqual(answered.keys, ['from-python.txt']);
    assert.deepEqual(answered.resource_keys, ['from-python.txt'], 'boto3 resources too');
    assert.equal(answered.account, '000000000000');
    assert.equal(answered.region, sandbox.region);
    const stored = await s3.send(new GetObjectCommand({ Bucket: 'python-output', Key: 'from-python.txt' }));
    assert.equal(await stored.Body!.transformToString(), 'written by boto3');
  });

  it("lets Debian's boto3 1.26 (botocore 1.29, which ignores AWS_ENDPOINT_URL) reach the sandbox too", async () => {
    const probe = execFileSync(DEBIAN_PYTHON, ['-s', '-c', 'import botocore; print(botocore.__version__)'], { encoding: 'utf8' }).trim();
    assert.match(
      probe,
      /^1\.29\./,
      `${DEBIAN_PYTHON} should have Debian's python3-boto3 (apt-get install -y python3-boto3, as .ci/run does)`,
    );
    const output = await withInterpreter(DEBIAN_PYTHON, async () => {
      sandbox.lambda.createFunctionFromDefinition(fixture('sdk-debian', 'sdk.handler'));
      return invoke('sdk-debian', { bucket: 'python-output', key: 'from-debian.txt', body: 'written by boto3 1.26' });
    });
    assert.equal(output.FunctionError, undefined, payloadText(output));
    assert.equal((payloadOf(output) as { botocore: string }).botocore, probe);
    const stored = await s3.send(new GetObjectCommand({ Bucket: 'python-output', Key: 'from-debian.txt' }));
    assert.equal(await stored.Body!.transformToString(), 'written by boto3 1.26');
  });

  it('refuses at deploy time, saying how to install it, a Python function when python3 or boto3 is missing', async () => {
    await withInterpreter(path.join(scratch, 'no-such-python'), () =>
      assert.throws(
        () => sandbox.lambda.createFunctionFromDefinition(fixture('no-python', 'handlers.echo')),
        (error: Error) =>
          error.name === 'InvalidParameterValueException' &&
          /^Function no-python: /.test(error.message) &&
          /found none/.test(error.message) &&
          /apt-get install -y python3 python3-boto3/.test(error.message),
      ),
    );
    const environment = path.join(scratch, 'venv-without-boto3');
    execFileSync('python3', ['-m', 'venv', '--without-pip', environment]);
    await withInterpreter(path.join(environment, 'bin', 'python'), () =>
      assert.throws(
        () => sandbox.lambda.createFunctionFromDefinition(fixture('no-boto3', 'handlers.echo')),
        (error: Error) =>
          error.name === 'InvalidParameterValueException' &&
          /^Function no-boto3: Lambda's Python runtime provides boto3, but .* cannot import it/.test(error.message) &&
          /apt-get install -y python3-boto3/.test(error.message) &&
          /POSTFLIGHT_PYTHON/.test(error.message),
      ),
    );
    assert.throws(
      () => sandbox.lambda.createFunctionFromDefinition(fixture('missing-module', 'src/missing.handler')),
      (error: Error) =>
        error.name === 'InvalidParameterValueException' && /missing-module/.test(error.message) && /src\/missing\.py/.test(error.message),
    );
  });

  it('deploys inline Python code (Code.ZipFile, InlineCode) as index.py', async () => {
    const template = path.join(scratch, 'inline.yml');
    fs.writeFileSync(
      template,
      [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Zipped:',
        '    Type: AWS::Lambda::Function',
        '    Properties:',
        '      FunctionName: inline-zipfile',
        '      Runtime: python3.12',
        '      Handler: index.handler',
        '      Role: arn:aws:iam::000000000000:role/any',
        '      Code:',
        '        ZipFile: |',
        '          import os',
        '          def handler(event, context):',
        "              return {'file': os.path.basename(__file__), 'got': event}",
        '  Serverless:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      FunctionName: inline-sam',
        '      Runtime: python3.11',
        '      Handler: index.lambda_handler',
        '      InlineCode: |',
        '        def lambda_handler(event, context):',
        '            return context.function_name',
      ].join('\n'),
    );
    await sandbox.deploy({ name: 'inline-python', templateFile: template });
    assert.deepEqual(payloadOf(await invoke('inline-zipfile', { n: 1 })), { file: 'index.py', got: { n: 1 } });
    assert.equal(payloadOf(await invoke('inline-sam')), 'inline-sam');
  });
});
