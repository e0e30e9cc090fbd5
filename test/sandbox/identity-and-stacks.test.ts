import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { STSClient, GetCallerIdentityCommand, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { CloudFormationClient, DescribeStacksCommand, CloudFormationServiceException } from '@aws-sdk/client-cloudformation';
import { SSMClient, GetParameterCommand, ParameterNotFound } from '@aws-sdk/client-ssm';
import { startSandbox, loadParity } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';
import { temporaryDirectory } from '../helpers/postflight-cli';

/** STS, CloudFormation and SSM through the unmodified SDK clients, compared with recordings. */
describe('STS, CloudFormation and SSM', () => {
  let sandbox: Sandbox;
  let config: ReturnType<Sandbox['clientConfig']>;

  before(async () => {
    ({ sandbox, config } = await startSandbox());
    const directory = temporaryDirectory('pf-stack');
    fs.writeFileSync(
      path.join(directory, 'template.yaml'),
      [
        'Description: A stack with outputs and an export',
        'Parameters:',
        '  Secret: { Type: String, NoEcho: true, Default: hidden-value }',
        'Resources:',
        '  Data: { Type: AWS::S3::Bucket }',
        '  Name: { Type: AWS::SSM::Parameter, Properties: { Name: /app/bucket, Type: String, Value: !Ref Data } }',
        'Outputs:',
        '  BucketName: { Description: The bucket, Value: !Ref Data, Export: { Name: !Sub "${AWS::StackName}-bucket" } }',
        '  BucketArn: { Value: !GetAtt Data.Arn }',
      ].join('\n'),
    );
    await sandbox.deploy({ name: 'app', templateFile: path.join(directory, 'template.yaml') });
  });
  after(async () => {
    await sandbox.stop();
  });

  it('GetCallerIdentity answers the sandbox account (parity: sts/get-caller-identity)', async () => {
    const parity = await loadParity<Record<string, Record<string, string>>>('sts/get-caller-identity.json');
    const { 'iam-user-caller': recorded } = parity;
    assert.ok(recorded, 'the recording holds the iam-user-caller response');
    const identity = await new STSClient(config).send(new GetCallerIdentityCommand({}));
    for (const key of Object.keys(recorded).filter((k) => k !== 'ResponseMetadata')) assert.ok(key in identity, `${key} is answered`);
    assert.equal(identity.Account, '000000000000');
  });

  it('AssumeRole hands out a session that then answers as the assumed role (parity: sts/assume-role)', async () => {
    const parity = await loadParity<Record<string, Record<string, Record<string, string>>>>('sts/assume-role.json');
    const assumed = await new STSClient(config).send(
      new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/runner', RoleSessionName: 'postflight-pf-1' }),
    );
    const { 'assume-role': recorded } = parity;
    assert.ok(recorded?.Credentials && recorded.AssumedRoleUser, 'the recording holds the assume-role credentials and user');
    assert.deepEqual(Object.keys(assumed.Credentials ?? {}).sort(), Object.keys(recorded.Credentials).sort());
    assert.deepEqual(Object.keys(assumed.AssumedRoleUser ?? {}).sort(), Object.keys(recorded.AssumedRoleUser).sort());
    assert.equal(assumed.AssumedRoleUser?.Arn, 'arn:aws:sts::000000000000:assumed-role/runner/postflight-pf-1');
    assert.match(assumed.Credentials?.AccessKeyId ?? '', /^ASIA/);
    assert.ok(assumed.Credentials?.Expiration instanceof Date);
    const asRole = new STSClient({
      ...config,
      credentials: {
        accessKeyId: assumed.Credentials!.AccessKeyId!,
        secretAccessKey: assumed.Credentials!.SecretAccessKey!,
        sessionToken: assumed.Credentials!.SessionToken,
      },
    });
    const identity = await asRole.send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, 'arn:aws:sts::000000000000:assumed-role/runner/postflight-pf-1');
    assert.match(identity.UserId ?? '', /^AROA\w+:postflight-pf-1$/);
  });

  it('DescribeStacks answers the deployed stack with its outputs (parity: cfn/describe-stacks-outputs*)', async () => {
    const parity = await loadParity<{ describe_stacks: { Stacks: Array<Record<string, unknown>> } }>('cfn/describe-stacks-outputs.json');
    const { Stacks } = await new CloudFormationClient(config).send(new DescribeStacksCommand({ StackName: 'app' }));
    const [stack] = Stacks ?? [];
    assert.ok(stack, 'DescribeStacks answers the app stack');
    const [recorded] = parity.describe_stacks.Stacks;
    assert.ok(recorded, 'the recording holds a stack');
    const expectedKeys = Object.keys(recorded).filter((key) => !['ChangeSetId', 'LastUpdatedTime'].includes(key));
    for (const key of expectedKeys) assert.ok(key in stack, `${key} is answered`);
    assert.equal(stack.StackStatus, 'CREATE_COMPLETE');
    assert.equal(stack.Description, 'A stack with outputs and an export');
    const outputs = Object.fromEntries((stack.Outputs ?? []).map((output) => [output.OutputKey, output]));
    assert.match(outputs.BucketName.OutputValue ?? '', /^app-data-[a-z0-9]+$/);
    assert.equal(outputs.BucketName.ExportName, 'app-bucket');
    assert.equal(outputs.BucketArn.OutputValue, `arn:aws:s3:::${outputs.BucketName.OutputValue}`);
    assert.deepEqual(
      stack.Parameters,
      [{ ParameterKey: 'Secret', ParameterValue: '****' }],
      'NoEcho values are masked, as in the recording',
    );
  });

  it('DescribeStacks of a missing stack is a ValidationError (parity: cfn/describe-stacks-not-found)', async () => {
    const parity = await loadParity<{ Error: { Error: { Code: string; Message: string } } }>('cfn/describe-stacks-not-found.json');
    const error = (await new CloudFormationClient(config)
      .send(new DescribeStacksCommand({ StackName: 'nope' }))
      .catch((e: unknown) => e)) as CloudFormationServiceException;
    assert.equal(error.name, parity.Error.Error.Code);
    assert.equal(error.message, parity.Error.Error.Message.replace('<stack-name>', 'nope'));
    assert.equal(error.$metadata.httpStatusCode, 400);
  });

  it('GetParameter answers what the stack wrote, and ParameterNotFound otherwise', async () => {
    const ssm = new SSMClient(config);
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: '/app/bucket' }));
    assert.match(Parameter?.Value ?? '', /^app-data-/);
    assert.equal(Parameter?.ARN, 'arn:aws:ssm:us-east-1:000000000000:parameter/app/bucket');
    const missing = await ssm.send(new GetParameterCommand({ Name: '/app/none' })).catch((e: unknown) => e);
    assert.ok(missing instanceof ParameterNotFound);
  });
});
