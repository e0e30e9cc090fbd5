import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { PROJECT_ROOT } from '../../bin/project-root';
import { runBuildspec, type Buildspec } from './codebuild-emulator';
import { isAllowed, readPipelineTemplate, resolveTemplate, roleStatements, type ResolvedTemplate } from './cloudformation';
import { SHARED_SERVICES, SHARED_SERVICES_ACCOUNT } from './deployments';

const buildspec = YAML.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'buildspec.yml'), 'utf8')) as Buildspec;

function pipelineWith(parameters: Record<string, string> = {}): ResolvedTemplate {
  return resolveTemplate(readPipelineTemplate('post-deploy-pipeline.yaml'), {
    ...SHARED_SERVICES,
    parameters: { ...SHARED_SERVICES.parameters, ...parameters },
  });
}

type Stage = { Name: string; Actions: Array<{ ActionTypeId: { Provider: string }; Configuration?: Record<string, string> }> };

/** The sharded pipeline: a Shards variable, a coordinating build, a batch of shard builds, one merge. */
describe('the post-deploy pipeline, sharded', () => {
  const resolved = pipelineWith();
  const pipeline = resolved.resources.Pipeline!.Properties as {
    Variables: Array<{ Name: string; DefaultValue?: string }>;
    Stages: Stage[];
  };
  const shardArn = `arn:aws:codebuild:us-east-1:${SHARED_SERVICES_ACCOUNT}:project/postflight-tests-shard`;

  it('has a Shards variable, 1 by default, passed to the test build as SHARDS', () => {
    assert.equal(pipeline.Variables.find((variable) => variable.Name === 'Shards')?.DefaultValue, '1');
    const test = pipeline.Stages.flatMap((stage) => stage.Actions).find((action) => action.ActionTypeId.Provider === 'CodeBuild')!;
    const environment = JSON.parse(test.Configuration!.EnvironmentVariables!) as Array<{ name: string; value: string }>;
    assert.equal(environment.find((variable) => variable.name === 'SHARDS')?.value, '#{variables.Shards}');
  });

  it('has a shard project that runs batches of buildspec.yml, limited to MaxShards builds', () => {
    const project = resolved.resources.ShardProject!.Properties as {
      Name: string;
      Source: { Type: string; BuildSpec: string };
      BuildBatchConfig: { ServiceRole: unknown; Restrictions: { MaximumBuildsAllowed: unknown }; CombineArtifacts: boolean };
    };
    assert.equal(project.Name, 'postflight-tests-shard');
    assert.equal(project.Source.BuildSpec, 'buildspec.yml');
    assert.equal(project.Source.Type, 'S3', 'the coordinator hands it its own input zip');
    assert.equal(String(project.BuildBatchConfig.Restrictions.MaximumBuildsAllowed), '10');
    assert.equal(project.BuildBatchConfig.CombineArtifacts, false);
    const testProject = resolved.resources.TestProject!.Properties as {
      Environment: { EnvironmentVariables: Array<{ Name: string; Value: unknown }> };
    };
    assert.equal(testProject.Environment.EnvironmentVariables.find((variable) => variable.Name === 'SHARD_PROJECT')?.Value, project.Name);
  });

  it('lets the coordinating build start and watch the shards, and the batch run only shard builds', () => {
    const build = roleStatements(resolved, 'CodeBuildRole');
    for (const action of ['codebuild:StartBuildBatch', 'codebuild:BatchGetBuildBatches'])
      assert.ok(isAllowed(build, action, shardArn), action);
    assert.equal(
      isAllowed(build, 'codebuild:StartBuildBatch', shardArn.replace('-shard', '')),
      false,
      'no batch of the tests project itself',
    );
    const batch = roleStatements(resolved, 'ShardBatchRole');
    assert.ok(isAllowed(batch, 'codebuild:StartBuild', shardArn));
    assert.equal(isAllowed(batch, 'codebuild:StartBuild', shardArn.replace('-shard', '')), false);
  });

  it('keeps approval → test → sign-off when the suite comes from an S3 zip', () => {
    const variant = pipelineWith({ SourceProvider: 'S3', SourceBucket: 'release-bundles', ConnectionArn: '', FullRepositoryId: '' });
    const stages = (variant.resources.Pipeline!.Properties as { Stages: Stage[] }).Stages;
    assert.deepEqual(
      stages.map((stage) => stage.Name),
      ['Source', 'Approve', 'Test', 'SignOff'],
    );
    assert.equal(stages[0]?.Actions[0]?.ActionTypeId.Provider, 'S3');
    assert.ok(variant.resources.ShardProject, 'sharding works with either source');
  });
});

describe('buildspec.yml, sharded', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-shards-'));
    const bin = path.join(root, 'bin');
    fs.mkdirSync(bin);
    const stub = (name: string, body: string) =>
      fs.writeFileSync(path.join(bin, name), `#!/usr/bin/env bash\nprintf '%s\\n' "${name} $*" >> "$STUB_LOG"\n${body}\n`, { mode: 0o755 });
    stub('npm', 'exit 0');
    // postflight: a shard writes its reports; the merge writes the merged sign-off with the verdict told.
    stub(
      'npx',
      [
        'if [ "$3" = report ]; then',
        '  mkdir -p reports/signoff; echo "<testsuite/>" > reports/junit.xml',
        '  printf \'{"verdict":"%s"}\' "$STUB_VERDICT" > reports/signoff/signoff.json',
        '  echo "{\\"merged\\":1}" >> "$POSTFLIGHT_ALLURE_HISTORY"',
        '  exit "$STUB_EXIT"',
        'fi',
        'mkdir -p shard-reports; echo "{}" > shard-reports/run.json; exit "$STUB_EXIT"',
      ].join('\n'),
    );
    stub(
      'aws',
      [
        'case "$1 $2" in',
        '  "codebuild start-build-batch") [ -z "$STUB_BATCH_FAILS" ] && echo batch-1 ;;',
        '  "codebuild batch-get-build-batches") echo SUCCEEDED ;;',
        '  "s3 ls") exit 1 ;;',
        '  *) exit 0 ;;',
        'esac',
      ].join('\n'),
    );
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  function build(env: Record<string, string>) {
    const cwd = fs.mkdtempSync(path.join(root, 'src-'));
    const log = `${cwd}.log`;
    fs.writeFileSync(log, '');
    const result = runBuildspec(buildspec, {
      cwd,
      env: {
        PATH: `${path.join(root, 'bin')}:${process.env.PATH}`,
        HOME: root,
        STUB_LOG: log,
        STUB_EXIT: '0',
        STUB_VERDICT: 'GO',
        TARGET_ENV: 'qa',
        TAGS: '@smoke and not @wip',
        EVIDENCE_BUCKET: 'evidence-bucket',
        CODEBUILD_BUILD_NUMBER: '42',
        CODEBUILD_SRC_DIR: cwd,
        CODEBUILD_SOURCE_VERSION: 'arn:aws:s3:::artifact-bucket/postflight-post-deploy/Suite/abc123',
        SHARD_PROJECT: 'postflight-tests-shard',
        AWS_REGION: 'eu-west-1',
        ...env,
      },
    });
    return { ...result, log: fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) };
  }

  it('coordinates: one batch with a build per shard, then one merge of them all, published and exported', () => {
    const result = build({ SHARDS: '3' });
    assert.equal(result.status, 'SUCCEEDED', result.output);
    const start = result.log.find((line) => line.startsWith('aws codebuild start-build-batch'));
    assert.ok(start, result.log.join('\n'));
    assert.match(
      start,
      /--project-name postflight-tests-shard --source-type-override S3 --source-location-override artifact-bucket\/postflight-post-deploy\/Suite\/abc123/,
    );
    const override = /--buildspec-override (\{.*\}) --environment-variables-override/.exec(start)?.[1];
    const batch = JSON.parse(override ?? '{}') as {
      batch: {
        'fast-fail': boolean;
        'build-list': Array<{ identifier: string; 'ignore-failure': boolean; env: { variables: Record<string, string> } }>;
      };
    };
    assert.equal(batch.batch['fast-fail'], false, 'a failing shard does not stop the others');
    assert.deepEqual(
      batch.batch['build-list'].map((entry) => [
        entry.identifier,
        entry.env.variables.POSTFLIGHT_SHARD,
        entry.env.variables.POSTFLIGHT_SHARD_URI,
        entry['ignore-failure'],
      ]),
      [1, 2, 3].map((index) => [`shard_${index}`, `${index}/3`, `s3://evidence-bucket/qa/42/shards/${index}/`, true]),
    );
    assert.match(start, /name=TAGS,value=@smoke and not @wip,type=PLAINTEXT/);
    assert.ok(result.log.includes('aws s3 sync s3://evidence-bucket/qa/42/shards/ shards/ --only-show-errors'));
    assert.ok(
      result.log.includes('npx --no-install postflight report --merge shards/1 shards/2 shards/3 --reports-dir reports'),
      result.log.join('\n'),
    );
    assert.ok(!result.log.some((line) => line.startsWith('npx --no-install postflight run')), 'the coordinator runs no scenario itself');
    assert.ok(result.log.includes('aws s3 sync reports/ s3://evidence-bucket/qa/42/ --only-show-errors'));
    assert.ok(
      result.log.some((line) => line.endsWith('s3://evidence-bucket/qa/allure-history/history.jsonl --only-show-errors')),
      'the merge adds the history entry',
    );
    assert.equal(result.exported.POSTFLIGHT_VERDICT, 'GO');
    assert.equal(result.exported.POSTFLIGHT_STATUS, 'PASSED');
    assert.deepEqual(buildspec.reports?.junit?.files, ['reports/junit.xml'], 'the merged JUnit goes to the report group');
  });

  it('merges what there is when the batch does not start: the merge names the missing shards, the build fails', () => {
    const result = build({ SHARDS: '2', STUB_BATCH_FAILS: '1', STUB_EXIT: '1', STUB_VERDICT: 'NO-GO' });
    assert.match(result.output, /The shards' batch did not start/);
    assert.ok(result.log.includes('npx --no-install postflight report --merge shards/1 shards/2 --reports-dir reports'));
    assert.equal(result.status, 'FAILED');
    assert.equal(result.exported.POSTFLIGHT_VERDICT, 'NO-GO');
  });

  it('runs one shard in a shard build, uploads its results for the merge, and publishes nothing else', () => {
    const result = build({
      POSTFLIGHT_SHARD: '2/3',
      POSTFLIGHT_SHARD_URI: 's3://evidence-bucket/qa/42/shards/2/',
      CODEBUILD_BUILD_NUMBER: '43',
    });
    assert.ok(
      result.log.includes(
        'npx --no-install postflight run --env qa --confirm qa --tags @smoke and not @wip --shard 2/3 --reports-dir shard-reports',
      ),
      result.log.join('\n'),
    );
    assert.ok(result.log.includes('aws s3 sync shard-reports/ s3://evidence-bucket/qa/42/shards/2/ --only-show-errors'));
    assert.ok(!result.log.some((line) => line.startsWith('aws s3 sync reports/')), 'no evidence folder of its own');
    assert.ok(
      !result.log.some((line) => line.startsWith('aws s3 cp') && line.includes('history.jsonl --only')),
      'the history is the merge’s to write',
    );
  });

  it('runs the suite in the build itself with one shard, as before', () => {
    const result = build({ SHARDS: '1' });
    assert.ok(
      result.log.includes('npx --no-install postflight run --env qa --confirm qa --tags @smoke and not @wip'),
      result.log.join('\n'),
    );
    assert.ok(!result.log.some((line) => line.includes('start-build-batch')));
  });
});
