import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SFNClient, StartExecutionCommand, DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { AthenaClient, StartQueryExecutionCommand, GetQueryExecutionCommand, GetQueryResultsCommand } from '@aws-sdk/client-athena';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { startSandbox } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';
import { temporaryDirectory } from '../helpers/postflight-cli';

const TEMPLATE = `
AWSTemplateFormatVersion: '2010-09-09'
Description: Inline Lambda writes a CSV, a state machine calls it, Athena reads it
Parameters:
  Prefix: { Type: String, Default: exports }
Resources:
  Data:
    Type: AWS::S3::Bucket
  Results:
    Type: AWS::S3::Bucket
  WriterRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
  Writer:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      Role: !GetAtt WriterRole.Arn
      Timeout: 10
      Environment: { Variables: { BUCKET: !Ref Data, PREFIX: !Ref Prefix } }
      Code:
        ZipFile: |
          const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
          const s3 = new S3Client({});
          exports.handler = async (event) => {
            const rows = event.rows.map((r) => r.join(',')).join('\\n');
            const key = process.env.PREFIX + '/' + event.name + '.csv';
            await s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: key, Body: 'id,amount\\n' + rows + '\\n' }));
            console.log('wrote ' + key);
            return { key, count: event.rows.length };
          };
  Flow:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt WriterRole.Arn
      DefinitionSubstitutions: { WriterArn: !GetAtt Writer.Arn }
      Definition:
        StartAt: Write
        States:
          Write:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Parameters: { FunctionName: '\${WriterArn}', 'Payload.$': '$' }
            OutputPath: $.Payload
            End: true
  Db:
    Type: AWS::Glue::Database
    Properties: { CatalogId: !Ref AWS::AccountId, DatabaseInput: { Name: exports_db } }
  Amounts:
    Type: AWS::Glue::Table
    Properties:
      CatalogId: !Ref AWS::AccountId
      DatabaseName: !Ref Db
      TableInput:
        Name: amounts
        TableType: EXTERNAL_TABLE
        Parameters: { skip.header.line.count: '1' }
        StorageDescriptor:
          Location: !Join ['', ['s3://', !Ref Data, '/', !Ref Prefix, '/']]
          InputFormat: org.apache.hadoop.mapred.TextInputFormat
          OutputFormat: org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat
          SerdeInfo: { SerializationLibrary: org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe, Parameters: { field.delim: ',' } }
          Columns: [{ Name: id, Type: string }, { Name: amount, Type: 'decimal(10,2)' }]
Outputs:
  FlowArn: { Value: !Ref Flow }
  ResultsBucket: { Value: !Ref Results }
`;

function templateFile(text: string): string {
  const directory = temporaryDirectory('pf-deploy');
  const file = path.join(directory, 'template.yaml');
  fs.writeFileSync(file, text);
  return file;
}

describe('the template deployer', () => {
  let sandbox: Sandbox;
  let config: ReturnType<Sandbox['clientConfig']>;

  before(async () => {
    ({ sandbox, config } = await startSandbox());
  });
  after(async () => {
    await sandbox.stop();
  });

  it('deploys an inline Lambda, a state machine calling it and a Glue table: the rows it writes are queryable in Athena', async () => {
    await sandbox.deploy({ name: 'exports', templateFile: templateFile(TEMPLATE) });
    const { Stacks } = await new CloudFormationClient(config).send(new DescribeStacksCommand({ StackName: 'exports' }));
    const [stack] = Stacks ?? [];
    assert.ok(stack, 'DescribeStacks answers the exports stack');
    const outputs = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    const sfn = new SFNClient(config);
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: outputs.FlowArn,
        input: JSON.stringify({
          name: 'daily',
          rows: [
            ['a', '1.50'],
            ['b', '2.25'],
            ['c', '3.00'],
          ],
        }),
      }),
    );
    let described;
    for (let i = 0; i < 200; i++) {
      described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (described.status !== 'RUNNING') break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.equal(described?.status, 'SUCCEEDED', described?.cause);
    assert.deepEqual(JSON.parse(described!.output!), { key: 'exports/daily.csv', count: 3 });
    const athena = new AthenaClient(config);
    const { QueryExecutionId } = await athena.send(
      new StartQueryExecutionCommand({
        QueryString: 'SELECT id, amount FROM exports_db.amounts ORDER BY id',
        ResultConfiguration: { OutputLocation: `s3://${outputs.ResultsBucket}/q/` },
      }),
    );
    for (let i = 0; i < 200; i++) {
      const state = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }))).QueryExecution?.Status?.State;
      if (state === 'SUCCEEDED') break;
      assert.notEqual(state, 'FAILED');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const results = await athena.send(new GetQueryResultsCommand({ QueryExecutionId }));
    assert.deepEqual(
      results.ResultSet?.Rows?.map((row) => row.Data?.map((d) => d.VarCharValue)),
      [
        ['id', 'amount'],
        ['a', '1.50'],
        ['b', '2.25'],
        ['c', '3.00'],
      ],
    );
  });

  const refusals: Array<{ name: string; template: string; message: RegExp }> = [
    {
      name: 'an unknown resource type',
      template: 'Resources:\n  Q: { Type: AWS::Kinesis::Stream }\n',
      message: /unsupported resource type\(s\): Q \(AWS::Kinesis::Stream\). The sandbox deploys: AWS::S3::Bucket/,
    },
    {
      name: 'a state machine calling a Glue job without a mock configuration file',
      template:
        'Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition: { StartAt: G, States: { G: { Type: Task, Resource: "arn:aws:states:::glue:startJobRun.sync", Parameters: { JobName: load }, End: true } } }\n',
      message: /resource M \(AWS::StepFunctions::StateMachine\) failed: .*arn:aws:states:::glue:startJobRun\.sync.*mockConfigFile/,
    },
    {
      name: 'a function with an event source the sandbox does not wire',
      template:
        'Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties: { InlineCode: "exports.handler=async()=>1", Handler: index.handler, Runtime: nodejs22.x, Events: { Up: { Type: S3 } } }\n',
      message: /event Up of type S3 is not wired by the sandbox \(it wires SQS, EventBridgeRule/,
    },
    {
      name: 'a Java function',
      template:
        'Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties: { Code: { ZipFile: "class H {}" }, Handler: H::handle, Runtime: java21 }\n',
      message: /resource F .*java21/,
    },
    {
      name: 'a parameter without a value',
      template: 'Parameters:\n  Env: { Type: String }\nResources:\n  B: { Type: AWS::S3::Bucket }\n',
      message: /parameter "Env" has no Default and no value was given/,
    },
    {
      name: 'a Ref to nothing',
      template: 'Resources:\n  B: { Type: AWS::S3::Bucket, Properties: { BucketName: !Ref Missing } }\n',
      message: /Ref to "Missing", which is neither a parameter nor a resource/,
    },
    {
      name: 'a circular dependency',
      template:
        'Resources:\n  A: { Type: AWS::SSM::Parameter, Properties: { Type: String, Value: !Ref B } }\n  B: { Type: AWS::SSM::Parameter, Properties: { Type: String, Value: !Ref A } }\n',
      message: /circular dependency between resources: A → B → A/,
    },
    {
      name: 'an unknown transform',
      template: 'Transform: AWS::LanguageExtensions\nResources:\n  B: { Type: AWS::S3::Bucket }\n',
      message: /the transform "AWS::LanguageExtensions" is not supported/,
    },
  ];
  for (const refusal of refusals) {
    it(`refuses ${refusal.name}, naming it`, async () => {
      await assert.rejects(sandbox.deploy({ name: 'refused', templateFile: templateFile(refusal.template) }), (error: Error) => {
        assert.match(error.message, /^Could not deploy stack "refused" from .*template\.yaml to the sandbox: /);
        assert.match(error.message, refusal.message);
        return true;
      });
    });
  }
});
