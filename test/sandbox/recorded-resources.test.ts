import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../helpers/sandbox';
import { deployedStackLines, recordedSummary } from '../../sandbox/deployer/deploy-summary';
import type { Sandbox } from '../../sandbox/sandbox';
import type { DeployedStack } from '../../sandbox/stores/stacks/stack-store';

const TEMPLATE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/sandbox/sdlf-stage-recorded.yml');

describe('resources deployed as recorded, not emulated', () => {
  let sandbox: Sandbox;
  let stack: DeployedStack;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-recorded-'));

  before(async () => {
    sandbox = (await startSandbox()).sandbox;
    stack = await sandbox.deploy({ name: 'sdlf-stage', templateFile: TEMPLATE });
  });

  after(async () => {
    await sandbox.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('deploys a template carrying alarms, KMS, Lake Formation, Glue definitions and schedule groups unchanged, with plausible Ref and GetAtt', () => {
    const outputs = Object.fromEntries(stack.Outputs.map((output) => [output.OutputKey, output.OutputValue]));
    assert.match(outputs.KeyId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(outputs.KeyArn, `arn:aws:kms:us-east-1:000000000000:key/${outputs.KeyId}`);
    assert.equal(outputs.Alias, 'alias/sdlf-dev-kms-data-key');
    assert.match(outputs.AlarmName ?? '', /^sdlf-stage-RoutingAlarm-[A-Z0-9]+$/);
    assert.equal(outputs.AlarmArn, `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${outputs.AlarmName}`);
    assert.match(outputs.Crawler ?? '', /^sdlf-stage-Crawler-/);
    assert.equal(outputs.Job, 'sdlf-dev-job');
    assert.equal(outputs.ScheduleGroupArn, 'arn:aws:scheduler:us-east-1:000000000000:schedule-group/sdlf-dev');
    assert.match(outputs.PermissionsId ?? '', /^sdlf-stage-Permissions-/);
  });

  it('lists which resources are recorded, not emulated — and the emulated bucket is not among them', () => {
    assert.deepEqual(
      [...stack.recordedOnly].sort(),
      stack.Resources.map((resource) => resource.LogicalResourceId)
        .filter((id) => id !== 'RawBucket')
        .sort(),
    );
    assert.equal(
      recordedSummary([stack]),
      '13 resources recorded, not emulated (nothing acts on them): AWS::CloudWatch::Alarm, AWS::CloudWatch::Dashboard, ' +
        'AWS::Glue::Crawler, AWS::Glue::Job, AWS::IAM::Role, AWS::KMS::Alias, AWS::KMS::Key, AWS::LakeFormation::DataLakeSettings, ' +
        'AWS::LakeFormation::Permissions, AWS::LakeFormation::PrincipalPermissions, AWS::LakeFormation::Resource, ' +
        'AWS::S3::BucketPolicy, AWS::Scheduler::ScheduleGroup',
    );
    const lines = deployedStackLines([stack]);
    assert.ok(
      lines.some((line) => /AWS::KMS::Key +KmsKey +\S+ +\(recorded, not emulated\)$/.test(line)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((line) => /AWS::S3::Bucket +RawBucket +\S+$/.test(line)),
      'an emulated resource carries no note',
    );
    assert.equal(recordedSummary([{ ...stack, recordedOnly: [] }]), undefined);
  });

  it('still refuses, by name, a type that neither a service nor the recorded list covers', async () => {
    const templateFile = path.join(scratch, 'kinesis.yml');
    fs.writeFileSync(
      templateFile,
      'Resources:\n  Stream:\n    Type: AWS::Kinesis::Stream\n    Properties: { ShardCount: 1 }\n  Alarm:\n    Type: AWS::CloudWatch::Alarm\n',
    );
    await assert.rejects(
      sandbox.deploy({ name: 'kinesis', templateFile }),
      /unsupported resource type\(s\): Stream \(AWS::Kinesis::Stream\)\./,
    );
  });
});
