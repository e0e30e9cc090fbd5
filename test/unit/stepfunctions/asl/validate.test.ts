import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostics, validateDefinition } from '../../../../sandbox/services/stepfunctions/asl/validate';

const pass = (extra: Record<string, unknown> = {}) => ({ Type: 'Pass', End: true, ...extra });
const machine = (states: Record<string, unknown>, top: Record<string, unknown> = {}) =>
  JSON.stringify({ StartAt: Object.keys(states)[0], States: states, ...top });

describe('Definition validation (asl/validate)', () => {
  const accepted: Array<{ name: string; in: string }> = [
    { name: 'a Pass machine', in: machine({ A: pass() }) },
    {
      name: 'every state type with their fields',
      in: machine({
        Choose: {
          Type: 'Choice',
          Choices: [{ And: [{ Variable: '$.a', IsPresent: true }, { Not: { Variable: '$.a', NumericEqualsPath: '$.b' } }], Next: 'Wait' }],
          Default: 'Fail',
        },
        Wait: { Type: 'Wait', SecondsPath: '$.seconds', Next: 'Task' },
        Task: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { 'FunctionName.$': '$.fn', 'Payload.$': "States.Format('{}', $.x)" },
          TimeoutSeconds: 10,
          Retry: [
            {
              ErrorEquals: ['Lambda.TooManyRequestsException'],
              IntervalSeconds: 2,
              MaxAttempts: 5,
              BackoffRate: 1.5,
              MaxDelaySeconds: 10,
              JitterStrategy: 'FULL',
            },
            { ErrorEquals: ['States.ALL'] },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Fail' }],
          ResultSelector: { 'status.$': '$.StatusCode' },
          ResultPath: '$.result',
          Next: 'Fan',
        },
        Fan: { Type: 'Parallel', Branches: [{ StartAt: 'P', States: { P: pass() } }], Next: 'Each' },
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemSelector: { 'i.$': '$$.Map.Item.Index' },
          MaxConcurrency: 2,
          ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'I', States: { I: pass() } },
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
        Fail: { Type: 'Fail', ErrorPath: '$.error.Error', Cause: 'it failed' },
      }),
    },
    {
      name: 'the athena .sync and aws-sdk:s3 integrations',
      in: machine({
        Q: { Type: 'Task', Resource: 'arn:aws:states:::athena:startQueryExecution.sync', Next: 'S' },
        S: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:getObject', End: true },
      }),
    },
    {
      name: 'a plain Lambda function ARN with a qualifier',
      in: machine({ L: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:load:live', End: true } }),
    },
    {
      name: 'a JSONata machine with every JSONata field, and variables',
      in: machine(
        {
          Start: {
            Type: 'Pass',
            Assign: { count: '{% $count($states.input.items) %}', label: 'x' },
            Output: { n: '{% 1 + 1 %}' },
            Next: 'Choose',
          },
          Choose: {
            Type: 'Choice',
            Choices: [{ Condition: '{% $count > 0 %}', Assign: { seen: true }, Next: 'Call' }],
            Default: 'Done',
            Output: '{% $states.input %}',
          },
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Arguments: { FunctionName: 'f', Payload: '{% $states.input %}' },
            TimeoutSeconds: '{% 10 %}',
            Output: '{% $states.result.Payload %}',
            Catch: [{ ErrorEquals: ['States.ALL'], Output: '{% $states.errorOutput %}', Assign: { failed: true }, Next: 'Done' }],
            Next: 'Each',
          },
          Each: {
            Type: 'Map',
            Items: '{% $range(1, 3, 1) %}',
            ItemSelector: { value: '{% $states.context.Map.Item.Value %}' },
            MaxConcurrency: '{% 2 %}',
            ItemProcessor: { StartAt: 'I', States: { I: pass() } },
            Next: 'Later',
          },
          Later: { Type: 'Wait', Seconds: '{% 1 %}', Next: 'Done' },
          Done: { Type: 'Succeed', Output: '{% $count %}' },
        },
        { QueryLanguage: 'JSONata' },
      ),
    },
    {
      name: 'a JSONata state in a JSONPath machine, and JSONPath variables',
      in: machine({
        A: pass({ QueryLanguage: 'JSONata', Output: '{% $states.input.a %}', End: undefined, Next: 'B' }),
        B: pass({
          Assign: { 'x.$': '$.a', 'y.$': "States.Format('{}', $x)", z: { 'deep.$': '$$.Execution.Id' } },
          Parameters: { 'v.$': '$x' },
        }),
      }),
    },
  ];
  for (const { name, in: text } of accepted) {
    it(`accepts ${name}`, () => assert.deepEqual(validateDefinition(text).diagnostics, []));
  }

  const rejected: Array<{ name: string; in: string; type?: 'EXPRESS'; out: string }> = [
    {
      name: 'a definition without States',
      in: JSON.stringify({ StartAt: 'A' }),
      out: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /',
    },
    { name: 'an empty definition', in: '{}', out: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States, StartAt] at /' },
    { name: 'text that is not a JSON object', in: '[1]', out: 'SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object' },
    {
      name: 'a missing Next target and the unreachable state it causes',
      in: JSON.stringify({ StartAt: 'pass1', States: { pass1: { Type: 'Pass', Next: 'pass3' }, pass2: pass() } }),
      out: 'MISSING_TRANSITION_TARGET: Missing \'Next\' target: pass3 at /States/pass1/Next, MISSING_TRANSITION_TARGET: State "pass2" is not reachable. at /States/pass2',
    },
    {
      name: 'an unknown state type',
      in: machine({ ExistingButInvalidState: { Type: 'Nope', End: true } }),
      out: "SCHEMA_VALIDATION_FAILED: The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map] at /States/ExistingButInvalidState/Type",
    },
    {
      name: 'a Wait timestamp that is not RFC 3339',
      in: machine({ WaitUntil: { Type: 'Wait', Timestamp: '2016-12-05 21:29:29Z', End: true } }),
      out: 'SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp at /States/WaitUntil/Timestamp',
    },
    {
      name: 'a .$ field that is neither a path nor an intrinsic function',
      in: machine({ IntrinsicEscape: pass({ Parameters: { 'parsed.$': 'States.NoSuch(1)' } }) }),
      out: "SCHEMA_VALIDATION_FAILED: The value for the field 'parsed.$' must be a valid JSONPath or a valid intrinsic function call at /States/IntrinsicEscape/Parameters",
    },
    {
      name: 'a Parallel state without branches',
      in: machine({ StateName: { Type: 'Parallel', Branches: [], End: true } }),
      out: 'SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States/StateName/Branches',
    },
    {
      name: '.sync in an EXPRESS state machine',
      in: machine({ Q: { Type: 'Task', Resource: 'arn:aws:states:::athena:startQueryExecution.sync', End: true } }),
      type: 'EXPRESS',
      out: "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.sync' service integration at /States/Q/Resource",
    },
    {
      name: 'a field a state type does not have',
      in: machine({ A: pass({ Seconds: 3 }) }),
      out: "SCHEMA_VALIDATION_FAILED: The field 'Seconds' is not supported by Step Functions at /States/A",
    },
    {
      name: 'a JSONPath state in a JSONata machine',
      in: machine({ A: pass({ QueryLanguage: 'JSONPath' }) }, { QueryLanguage: 'JSONata' }),
      out: "SCHEMA_VALIDATION_FAILED: 'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine at /States/A",
    },
    {
      name: 'a JSONPath field in a JSONata state',
      in: machine({ A: pass({ InputPath: '$.a' }) }, { QueryLanguage: 'JSONata' }),
      out: "SCHEMA_VALIDATION_FAILED: The field 'InputPath' is not supported by Step Functions at /States/A",
    },
    {
      name: 'a JSONata field in a JSONPath state',
      in: machine({ A: pass({ Output: '{% 1 %}' }) }),
      out: "SCHEMA_VALIDATION_FAILED: The field 'Output' is not supported by Step Functions at /States/A",
    },
    {
      name: 'a JSONata expression that does not parse',
      in: machine({ A: pass({ Output: '{% 1 + %}' }) }, { QueryLanguage: 'JSONata' }),
      out: "SCHEMA_VALIDATION_FAILED: The JSONata expression '1 +' is invalid: Unexpected end of expression at /States/A/Output",
    },
    {
      name: 'a variable name that is not allowed',
      in: machine({ A: pass({ Assign: { '1x': 1, states: 2 } }) }),
      out: /^SCHEMA_VALIDATION_FAILED: The variable name '1x' is invalid.* at \/States\/A\/Assign\/1x, SCHEMA_VALIDATION_FAILED: The variable name 'states' is invalid.* at \/States\/A\/Assign\/states$/ as never,
    },
  ];
  for (const { name, in: text, type, out } of rejected) {
    it(`rejects ${name}`, () => {
      const actual = formatDiagnostics(validateDefinition(text, type).diagnostics);
      if ((out as unknown) instanceof RegExp) assert.match(actual, out as unknown as RegExp);
      else assert.equal(actual, out);
    });
  }

  const refused: Array<{ name: string; in: string; type?: 'STANDARD' | 'EXPRESS'; out: RegExp }> = [
    {
      name: 'cross-account Credentials',
      in: machine({ T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Credentials: { RoleArn: 'r' }, End: true } }),
      out: /UNSUPPORTED_BY_SANDBOX: Cross-account task credentials \(the Credentials field\).* at \/States\/T\/Credentials/,
    },
    {
      name: "an optimized integration AWS does not offer, in AWS's words",
      in: machine({ Query: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:query', End: true } }),
      out: /^SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::dynamodb:query is not recognized\. The value is not a valid resource ARN, or the resource is not available in this region\. at \/States\/Query\/Resource$/,
    },
    {
      name: 'an AWS integration the sandbox cannot run, without a mock configuration',
      in: machine({ Job: { Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun.sync', End: true } }),
      out: /^UNSUPPORTED_BY_SANDBOX: The postflight sandbox cannot run the resource 'arn:aws:states:::glue:startJobRun\.sync'.*mockConfigFile.* at \/States\/Job\/Resource$/,
    },
    {
      name: "a callback in an EXPRESS state machine, in AWS's words",
      in: machine({ Publish: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish.waitForTaskToken', End: true } }),
      type: 'EXPRESS',
      out: /^SCHEMA_VALIDATION_FAILED: Express state machine does not support '\.waitForTaskToken' service integration {2}at \/States\/Publish\/Resource$/,
    },
    {
      name: "an activity in an EXPRESS state machine, in AWS's words",
      in: machine({ ActivityTask: { Type: 'Task', Resource: 'arn:aws:states:us-east-1:000000000000:activity:a', End: true } }),
      type: 'EXPRESS',
      out: /^SCHEMA_VALIDATION_FAILED: Express state machine does not support Activity ARN at \/States\/ActivityTask\/Resource$/,
    },
    {
      name: 'an ItemReader on an inline Map',
      in: machine({
        M: {
          Type: 'Map',
          ItemReader: { Resource: 'arn:aws:states:::s3:getObject' },
          ItemProcessor: { StartAt: 'I', States: { I: pass() } },
          End: true,
        },
      }),
      out: /The field 'ItemReader' is only supported in a Map whose ProcessorConfig Mode is DISTRIBUTED at \/States\/M\/ItemReader/,
    },
    {
      name: 'an ItemReader the sandbox cannot read',
      in: machine({
        M: {
          Type: 'Map',
          ItemReader: { Resource: 'arn:aws:states:::athena:getQueryResults', ReaderConfig: { InputType: 'PARQUET' } },
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'I', States: { I: pass() } },
          End: true,
        },
      }),
      out: /UNSUPPORTED_BY_SANDBOX: The ItemReader resource "arn:aws:states:::athena:getQueryResults".* at \/States\/M\/ItemReader\/Resource, UNSUPPORTED_BY_SANDBOX: The ItemReader InputType "PARQUET".* at \/States\/M\/ItemReader\/ReaderConfig\/InputType$/,
    },
  ];
  for (const { name, in: text, type, out } of refused) {
    it(`refuses ${name}, naming it and where it is used`, () =>
      assert.match(formatDiagnostics(validateDefinition(text, type).diagnostics), out));
  }

  it('accepts a distributed Map with its reader, batcher and writer', () => {
    const text = machine({
      M: {
        Type: 'Map',
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
          Parameters: { Bucket: 'b', Key: 'k' },
        },
        ItemBatcher: { MaxItemsPerBatch: 10 },
        ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'b', Prefix: 'out' } },
        ToleratedFailurePercentage: 5,
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, StartAt: 'I', States: { I: pass() } },
        End: true,
      },
    });
    assert.deepEqual(validateDefinition(text).diagnostics, []);
  });

  it('lists the states a mock configuration must stand in for', () => {
    const text = machine({ Job: { Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun.sync', End: true } });
    const result = validateDefinition(text, 'STANDARD', { served: { operations: () => undefined }, mocksConfigured: true });
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.needingMocks, [
      { resource: 'arn:aws:states:::glue:startJobRun.sync', why: 'it does not run glue startJobRun.sync tasks', location: '/States/Job' },
    ]);
  });
});
