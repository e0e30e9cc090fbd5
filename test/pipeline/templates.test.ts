import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../bin/project-root';
import { identifyRelease } from '../../runner/reports/release-identification';
import {
  isAllowed,
  readPipelineTemplate,
  referenceProblems,
  resolveTemplate,
  roleStatements,
  type ResolvedTemplate,
} from './cloudformation';
import { SHARED_SERVICES, targetRoleDeployment } from './deployments';

const TEMPLATES = ['post-deploy-pipeline.yaml', 'target-account-role.yaml'];

describe('pipeline templates', () => {
  for (const name of TEMPLATES) {
    describe(name, () => {
      const template = readPipelineTemplate(name);

      it('parses with the CloudFormation short-form tags', () => {
        assert.equal(template.AWSTemplateFormatVersion, '2010-09-09');
        assert.ok(Object.keys(template.Resources).length > 0);
        const text = fs.readFileSync(path.join(PROJECT_ROOT, 'pipeline', name), 'utf8');
        assert.match(text, /!Sub|!Ref|!If/, 'the test covers the short forms');
      });

      it('refers only to declared parameters, resources and conditions, and uses all it declares', () => {
        assert.deepEqual(referenceProblems(template), []);
      });

      it('hard-codes no account, region or partition', () => {
        const resources = JSON.stringify({ Resources: template.Resources, Outputs: template.Outputs, Conditions: template.Conditions });
        assert.doesNotMatch(resources, /\b\d{12}\b/, 'an account id');
        assert.doesNotMatch(resources, /\b(us|eu|ap|sa|ca|me|af|il|mx)(-gov)?-[a-z]+-\d\b/, 'a region');
        assert.doesNotMatch(resources, /arn:aws[a-z-]*:/, 'a partition (use ${AWS::Partition})');
        for (const [parameter, definition] of Object.entries(template.Parameters ?? {})) {
          if (/AccountId$/.test(parameter)) assert.equal(definition.Default, undefined, `${parameter} has no default account`);
        }
      });
    });
  }

  it('names the parameters a reference finder must catch', () => {
    const broken = {
      ...readPipelineTemplate('target-account-role.yaml'),
      Outputs: {
        Extra: { Value: { 'Fn::Sub': '${NoSuchParameter}-${Missing.Arn}' } },
        Other: { Value: { 'Fn::If': ['NoSuchCondition', 'a', 'b'] } },
      },
    };
    const problems = referenceProblems(broken).join('\n');
    assert.match(problems, /NoSuchParameter is neither a parameter/);
    assert.match(problems, /Missing, which is not a resource/);
    assert.match(problems, /unknown condition "NoSuchCondition"/);
  });
});

type Action = {
  Name: string;
  Namespace?: string;
  RunOrder?: number;
  ActionTypeId: { Category: string; Owner: string; Provider: string; Version: string };
  Configuration?: Record<string, string>;
  InputArtifacts?: Array<{ Name: string }>;
  OutputArtifacts?: Array<{ Name: string }>;
};
type Stage = { Name: string; Actions: Action[] };
type PipelineProperties = {
  PipelineType: string;
  ExecutionMode: string;
  Variables: Array<{ Name: string; DefaultValue?: string }>;
  Stages: Stage[];
};

function pipelineWith(parameters: Record<string, string> = {}): ResolvedTemplate {
  return resolveTemplate(readPipelineTemplate('post-deploy-pipeline.yaml'), {
    ...SHARED_SERVICES,
    parameters: { ...SHARED_SERVICES.parameters, ...parameters },
  });
}

/** Actions in execution order: stage by stage, then by run order. */
function actionsInOrder(properties: PipelineProperties): Array<Action & { stage: string }> {
  return properties.Stages.flatMap((stage) =>
    [...stage.Actions].sort((a, b) => (a.RunOrder ?? 1) - (b.RunOrder ?? 1)).map((action) => ({ ...action, stage: stage.Name })),
  );
}

describe('the post-deploy pipeline', () => {
  const resolved = pipelineWith();
  const pipeline = resolved.resources.Pipeline!.Properties as PipelineProperties;
  const actions = actionsInOrder(pipeline);
  const testIndex = actions.findIndex((action) => action.ActionTypeId.Provider === 'CodeBuild');
  const testAction = actions[testIndex]!;
  const environment = JSON.parse(testAction.Configuration!.EnvironmentVariables!) as Array<{ name: string; value: string; type: string }>;
  const variable = (name: string) => environment.find((entry) => entry.name === name)?.value;

  it('is a V2 pipeline with a TargetEnv variable, one execution at a time', () => {
    assert.equal(pipeline.PipelineType, 'V2');
    assert.equal(pipeline.ExecutionMode, 'QUEUED');
    assert.deepEqual(
      pipeline.Variables.find((entry) => entry.Name === 'TargetEnv'),
      { Name: 'TargetEnv', DefaultValue: 'qa', Description: 'Environment to test (environments/<name>.yml)' },
    );
  });

  it('runs the tests in CodeBuild only after a manual approval', () => {
    assert.ok(testAction, 'a CodeBuild action');
    assert.equal(testAction.ActionTypeId.Category, 'Test');
    const approvalBefore = actions
      .slice(0, testIndex)
      .filter((action) => action.ActionTypeId.Category === 'Approval' && action.ActionTypeId.Provider === 'Manual');
    assert.equal(approvalBefore.length, 1, 'one manual approval before the test action');
    assert.notEqual(approvalBefore[0]?.stage, testAction.stage, 'in a stage of its own, so a rejection stops before the tests');
    assert.equal(actions[0]?.ActionTypeId.Category, 'Source');
  });

  it('tells the approver what will run, where, and links the execution', () => {
    const approval = actions.find((action) => action.ActionTypeId.Category === 'Approval')!;
    const configuration = approval.Configuration!;
    assert.equal(configuration.NotificationArn, 'arn:aws:sns:us-east-1:999999999999:approvaltopic', 'Ref ApprovalTopic');
    assert.match(
      configuration.ExternalEntityLink!,
      /^https:\/\/us-east-1\.console\.aws\.amazon\.com\/codesuite\/codepipeline\/pipelines\/postflight-post-deploy\/executions\/#\{codepipeline\.PipelineExecutionId\}\//,
    );
    assert.ok(
      configuration.CustomData!.length <= 500,
      `CustomData is ${configuration.CustomData!.length} characters (CodePipeline allows 500)`,
    );
    for (const shown of [
      '#{variables.TargetEnv}',
      '#{variables.Tags}',
      '#{variables.ReleaseVersion}',
      '#{SourceVariables.CommitId}',
      'postflight-test-runner',
    ]) {
      assert.ok(configuration.CustomData!.includes(shown), `the approver sees ${shown}`);
    }
  });

  it('passes the target environment, the commit and the execution id to the build', () => {
    assert.equal(variable('TARGET_ENV'), '#{variables.TargetEnv}');
    assert.equal(variable('TAGS'), '#{variables.Tags}');
    assert.equal(variable('GIT_COMMIT'), '#{SourceVariables.CommitId}');
    assert.equal(variable('CODEPIPELINE_EXECUTION_ID'), '#{codepipeline.PipelineExecutionId}');
    for (const entry of environment) assert.equal(entry.type, 'PLAINTEXT');
    assert.equal(testAction.Configuration!.ProjectName, 'testproject-project', 'Ref TestProject');
  });

  it('passes them under the names the sign-off report reads', () => {
    const values = Object.fromEntries(environment.map((entry) => [entry.name, `<${entry.name}>`]));
    const identification = identifyRelease(values);
    assert.equal(identification.commit, '<GIT_COMMIT>');
    assert.equal(identification.pipelineExecution, '<CODEPIPELINE_EXECUTION_ID>');
    assert.equal(identification.release, '<RELEASE_VERSION>');
  });

  it('references only variables, namespaces and artifacts that exist by then', () => {
    const declared = new Set(pipeline.Variables.map((entry) => entry.Name));
    const namespaces = new Set(['codepipeline', 'variables']);
    const artifacts = new Set<string>();
    for (const action of actions) {
      const text = JSON.stringify(action.Configuration ?? {});
      for (const match of text.matchAll(/#\{([A-Za-z0-9@_-]+)\.([A-Za-z0-9@_-]+)\}/g)) {
        assert.ok(
          namespaces.has(match[1] ?? ''),
          `${action.Name} reads #{${match[1]}.${match[2]}} before any action produces namespace ${match[1]}`,
        );
        if (match[1] === 'variables')
          assert.ok(declared.has(match[2] ?? ''), `${action.Name} reads the undeclared pipeline variable ${match[2]}`);
      }
      for (const input of action.InputArtifacts ?? [])
        assert.ok(artifacts.has(input.Name), `${action.Name} reads artifact ${input.Name} before it exists`);
      for (const output of action.OutputArtifacts ?? []) artifacts.add(output.Name);
      if (action.Namespace) {
        assert.ok(!artifacts.has(action.Namespace), `namespace ${action.Namespace} collides with an artifact name`);
        namespaces.add(action.Namespace);
      }
    }
  });

  it('ends with a sign-off approval that links the sign-off report and shows the verdict', () => {
    const last = actions[actions.length - 1]!;
    assert.equal(last.stage, 'SignOff');
    assert.equal(last.ActionTypeId.Provider, 'Manual');
    assert.equal(
      last.Configuration!.ExternalEntityLink,
      'https://s3.console.aws.amazon.com/s3/object/stack-evidencebucket-1a2b3c4d5e6f?region=us-east-1&prefix=#{TestVariables.POSTFLIGHT_REPORT_KEY}',
    );
    assert.match(last.Configuration!.CustomData!, /#\{TestVariables\.POSTFLIGHT_VERDICT\}/);
    assert.equal(testAction.Namespace, 'TestVariables');
    assert.ok(last.Configuration!.CustomData!.length <= 500);
  });

  it('refuses a source without its repository or bucket', () => {
    assert.throws(() => pipelineWith({ ConnectionArn: '' }), /Rule ConnectionSourceIsComplete: .*needs ConnectionArn/);
    assert.throws(() => pipelineWith({ SourceProvider: 'S3' }), /Rule S3SourceIsComplete: .*needs SourceBucket/);
  });

  it('leaves the sign-off approval out when asked, and reads a zip from S3 when told', () => {
    const variant = pipelineWith({
      SignOffApproval: 'false',
      SourceProvider: 'S3',
      SourceBucket: 'release-bundles',
      ConnectionArn: '',
      FullRepositoryId: '',
      ApproverEmail: '',
    });
    const properties = variant.resources.Pipeline!.Properties as PipelineProperties;
    assert.deepEqual(
      properties.Stages.map((stage) => stage.Name),
      ['Source', 'Approve', 'Test'],
    );
    const source = properties.Stages[0]?.Actions[0];
    assert.equal(source?.ActionTypeId.Provider, 'S3');
    assert.deepEqual(source?.Configuration, {
      S3Bucket: 'release-bundles',
      S3ObjectKey: 'postflight/suite.zip',
      PollForSourceChanges: 'false',
    });
    const test = actionsInOrder(properties).find((action) => action.ActionTypeId.Provider === 'CodeBuild')!;
    assert.match(test.Configuration!.EnvironmentVariables!, /"GIT_COMMIT","value":"#\{SourceVariables\.VersionId\}"/);
    assert.equal(variant.resources.ApproverSubscription, undefined);
    const statements = roleStatements(variant, 'PipelineRole');
    assert.ok(isAllowed(statements, 's3:GetObjectVersion', 'arn:aws:s3:::release-bundles/postflight/suite.zip'));
    assert.equal(isAllowed(statements, 'codeconnections:UseConnection', SHARED_SERVICES.parameters.ConnectionArn!), false);
  });

  it('lets the pipeline start the build, notify approvers and read the repository', () => {
    const statements = roleStatements(resolved, 'PipelineRole');
    assert.ok(isAllowed(statements, 'codebuild:StartBuild', 'arn:aws:codebuild:us-east-1:999999999999:project/testproject-project'));
    assert.ok(isAllowed(statements, 'sns:Publish', 'arn:aws:sns:us-east-1:999999999999:approvaltopic'));
    assert.ok(isAllowed(statements, 'codeconnections:UseConnection', SHARED_SERVICES.parameters.ConnectionArn!));
    assert.ok(isAllowed(statements, 'codestar-connections:UseConnection', SHARED_SERVICES.parameters.ConnectionArn!));
    assert.equal(
      isAllowed(statements, 'sts:AssumeRole', 'arn:aws:iam::222222222222:role/postflight-test-runner'),
      false,
      'only CodeBuild enters the target accounts',
    );
  });
});

describe('the test build and its evidence', () => {
  const resolved = pipelineWith();
  const properties = (id: string) => resolved.resources[id]!.Properties as Record<string, unknown>;

  it('is a CodeBuild project on the standard image with Node 22, reading buildspec.yml from the source', () => {
    const project = properties('TestProject') as {
      Source: { Type: string; BuildSpec: string };
      Environment: { Image: string; Type: string };
      LogsConfig: unknown;
    };
    assert.equal(project.Source.Type, 'CODEPIPELINE');
    assert.ok(fs.existsSync(path.join(PROJECT_ROOT, project.Source.BuildSpec)), `${project.Source.BuildSpec} exists`);
    // amazonlinux-x86_64-standard:5.0 offers nodejs 18, 20, 22 and 24 (aws-codebuild-docker-images, al/x86_64/standard/5.0/runtimes.yml).
    assert.equal(project.Environment.Image, 'aws/codebuild/amazonlinux-x86_64-standard:5.0');
    assert.equal(project.Environment.Type, 'LINUX_CONTAINER');
  });

  it('keeps evidence in a versioned, encrypted, private, TLS-only bucket with a retention', () => {
    const template = readPipelineTemplate('post-deploy-pipeline.yaml');
    assert.equal((template.Resources.EvidenceBucket as { DeletionPolicy?: string }).DeletionPolicy, 'Retain');
    const bucket = properties('EvidenceBucket') as {
      VersioningConfiguration: { Status: string };
      BucketEncryption: {
        ServerSideEncryptionConfiguration: Array<{ ServerSideEncryptionByDefault: { SSEAlgorithm: string; KMSMasterKeyID?: string } }>;
      };
      PublicAccessBlockConfiguration: Record<string, boolean>;
      LifecycleConfiguration: { Rules: Array<{ Status: string; ExpirationInDays: string | number }> };
    };
    assert.equal(bucket.VersioningConfiguration.Status, 'Enabled');
    assert.equal(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0]?.ServerSideEncryptionByDefault.SSEAlgorithm, 'AES256');
    assert.deepEqual(bucket.PublicAccessBlockConfiguration, {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    assert.equal(String(bucket.LifecycleConfiguration.Rules[0]?.ExpirationInDays), '400');
    assert.equal(bucket.LifecycleConfiguration.Rules[0]?.Status, 'Enabled');
    const policy = properties('EvidenceBucketPolicy') as { PolicyDocument: { Statement: Array<Record<string, unknown>> } };
    assert.deepEqual(policy.PolicyDocument.Statement[0], {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: ['arn:aws:s3:::stack-evidencebucket-1a2b3c4d5e6f', 'arn:aws:s3:::stack-evidencebucket-1a2b3c4d5e6f/*'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  it('encrypts evidence and exported reports with the given KMS key', () => {
    const key = 'arn:aws:kms:us-east-1:999999999999:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
    const variant = pipelineWith({ EvidenceKmsKeyArn: key, EvidenceBucketName: 'acme-postflight-evidence' });
    const bucket = variant.resources.EvidenceBucket!.Properties as {
      BucketName: string;
      BucketEncryption: { ServerSideEncryptionConfiguration: Array<Record<string, unknown>> };
    };
    assert.equal(bucket.BucketName, 'acme-postflight-evidence');
    assert.deepEqual(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0], {
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key },
      BucketKeyEnabled: true,
    });
    const group = variant.resources.TestReportGroup!.Properties as { ExportConfig: { S3Destination: { EncryptionKey?: string } } };
    assert.equal(group.ExportConfig.S3Destination.EncryptionKey, key);
    assert.ok(isAllowed(roleStatements(variant, 'CodeBuildRole'), 'kms:GenerateDataKey', key));
  });

  it('exports the JUnit report group to the evidence bucket', () => {
    const group = properties('TestReportGroup') as {
      Type: string;
      ExportConfig: { ExportConfigType: string; S3Destination: { Bucket: string } };
    };
    assert.equal(group.Type, 'TEST');
    assert.equal(group.ExportConfig.ExportConfigType, 'S3');
    assert.equal(group.ExportConfig.S3Destination.Bucket, 'stack-evidencebucket-1a2b3c4d5e6f');
  });

  it('lets the build publish evidence, keep the history and fill the report group, and nothing else of the bucket', () => {
    const statements = roleStatements(resolved, 'CodeBuildRole');
    const bucket = 'arn:aws:s3:::stack-evidencebucket-1a2b3c4d5e6f';
    // aws s3 sync / cp / ls in buildspec.yml
    for (const [action = '', resource = ''] of [
      ['s3:PutObject', `${bucket}/qa/42/signoff/index.html`],
      ['s3:PutObject', `${bucket}/qa/allure-history/history.jsonl`],
      ['s3:GetObject', `${bucket}/qa/allure-history/history.jsonl`],
      ['s3:ListBucket', bucket],
      ['codebuild:BatchPutTestCases', 'arn:aws:codebuild:us-east-1:999999999999:report-group/testreportgroup'],
      ['logs:PutLogEvents', 'arn:aws:logs:us-east-1:999999999999:log-group:/stack/buildloggroup:log-stream:abc'],
    ]) {
      assert.ok(isAllowed(statements, action, resource), `${action} on ${resource}`);
    }
    for (const action of ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutBucketPolicy', 's3:PutLifecycleConfiguration']) {
      assert.equal(
        isAllowed(statements, action, `${bucket}/qa/42/junit.xml`) || isAllowed(statements, action, bucket),
        false,
        `the build cannot ${action}`,
      );
    }
  });
});

describe('the target-account role template', () => {
  it('resolves in every variant', () => {
    for (const readOnly of [false, true]) {
      for (const extra of [{}, { ExternalId: 'x-1' }] as Array<Record<string, string>>) {
        const deployment = targetRoleDeployment('uat', '333333333333', { readOnly });
        const resolved = resolveTemplate(readPipelineTemplate('target-account-role.yaml'), {
          ...deployment,
          parameters: { ...deployment.parameters, ...extra },
        });
        assert.equal(resolved.outputs.ReadOnly, String(readOnly));
      }
    }
  });

  it('needs the writable locations only for the writable variant', () => {
    const writable = targetRoleDeployment('qa', '222222222222', { readOnly: false });
    const { WritableObjectArns: _omitted, ...withoutLocations } = writable.parameters;
    assert.throws(
      () => resolveTemplate(readPipelineTemplate('target-account-role.yaml'), { ...writable, parameters: withoutLocations }),
      /Rule WritableVariantNamesWhereItWrites: ReadOnly=false needs WritableObjectArns/,
    );
    assert.doesNotThrow(() =>
      resolveTemplate(readPipelineTemplate('target-account-role.yaml'), targetRoleDeployment('prod', '444444444444', { readOnly: true })),
    );
  });

  it('refuses writable locations that are not under a key prefix', () => {
    const deployment = targetRoleDeployment('qa', '222222222222', { readOnly: false });
    for (const bad of [
      'arn:aws:s3:::datalake-qa-landingbucket-abc/*',
      'arn:aws:s3:::*/positions/*',
      'datalake-qa-landingbucket-abc/positions/*',
    ]) {
      assert.throws(
        () =>
          resolveTemplate(readPipelineTemplate('target-account-role.yaml'), {
            ...deployment,
            parameters: { ...deployment.parameters, WritableObjectArns: bad },
          }),
        /WritableObjectArns: .* does not match/,
      );
    }
  });
});
