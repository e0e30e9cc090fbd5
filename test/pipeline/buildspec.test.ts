import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_REPORTS_DIRECTORY } from '../../runner/reports/report-paths';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { PROJECT_ROOT } from '../../bin/project-root';
import { reportPaths } from '../../runner/reports/report-paths';
import { DEFAULT_HISTORY_FILE, HISTORY_VARIABLE } from '../../runner/reports/allure-report';
import { runBuildspec, type Buildspec, type BuildResult } from './codebuild-emulator';
import { readPipelineTemplate, resolveTemplate } from './cloudformation';
import { SHARED_SERVICES } from './deployments';

const buildspec = YAML.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'buildspec.yml'), 'utf8')) as Buildspec;

/**
 * The reports directory `postflight run` writes to by default (the buildspec passes no other), as
 * bin/commands/run.ts defines it. A constant exported next to reportPaths() would spare this read.
 */
/** The directory `postflight run` writes to by default, as the code defines it. */
function reportsDirectoryOfRun(): string {
  return DEFAULT_REPORTS_DIRECTORY;
}

describe('buildspec.yml', () => {
  const reportsDirectory = reportsDirectoryOfRun();
  const paths = reportPaths(path.join(PROJECT_ROOT, reportsDirectory));
  const relative = (file: string) => path.relative(PROJECT_ROOT, file).split(path.sep).join('/');

  it('is a 0.2 buildspec on Node 22 that installs with npm ci', () => {
    assert.equal(String(buildspec.version), '0.2');
    assert.equal(buildspec.phases.install?.['runtime-versions']?.nodejs, 22);
    assert.ok(
      buildspec.phases.install?.commands?.some((command) => /^npm ci\b/.test(command)),
      'install runs npm ci',
    );
  });

  it('publishes the JUnit file the run writes to a JUNITXML report group', () => {
    const groups = Object.entries(buildspec.reports ?? {});
    const junit = groups.filter(([, group]) => group['file-format'] === 'JUNITXML');
    assert.equal(junit.length, 1, 'one JUNITXML report group');
    const [, group] = junit[0]!;
    const files = group.files.map((file) => path.posix.join(group['base-directory'] ?? '', file));
    assert.deepEqual(files, [relative(paths.junit)]);
  });

  it('keeps every report the run writes as the build artifact', () => {
    const artifacts = buildspec.artifacts!;
    assert.equal(artifacts['base-directory'], reportsDirectory);
    assert.deepEqual(artifacts.files, ['**/*']);
    for (const file of [paths.junit, paths.messages, paths.allureIndex, paths.signoffJson, paths.signoffHtml, paths.runRecord]) {
      assert.ok(relative(file).startsWith(`${reportsDirectory}/`), `${relative(file)} is under the artifact's base directory`);
    }
  });

  it('links the sign-off report and reads the verdict where the run writes them', () => {
    const commands = JSON.stringify(buildspec.phases);
    assert.ok(commands.includes(relative(paths.signoffJson)), `reads ${relative(paths.signoffJson)}`);
    assert.ok(commands.includes(`signoff/${path.basename(paths.signoffHtml)}`), `links ${relative(paths.signoffHtml)}`);
  });

  it('hands the Allure history file to the run through the variable the run reads', () => {
    const preBuild = (buildspec.phases.pre_build?.commands ?? []).join('\n');
    assert.match(preBuild, new RegExp(`export ${HISTORY_VARIABLE}=.*${DEFAULT_HISTORY_FILE.replace(/[.]/g, '\\.')}`));
  });

  it('publishes in finally blocks and exports every variable the pipeline reads', () => {
    assert.ok(buildspec.phases.build?.finally?.length, 'the build phase has a finally block');
    const exported = new Set(buildspec.env?.['exported-variables'] ?? []);
    const pipelineText = fs.readFileSync(path.join(PROJECT_ROOT, 'pipeline/post-deploy-pipeline.yaml'), 'utf8');
    const read = [...pipelineText.matchAll(/#\{TestVariables\.(\w+)\}/g)].map((match) => match[1] ?? '');
    assert.ok(read.length >= 3, 'the sign-off approval reads the test action variables');
    for (const name of read)
      assert.ok(exported.has(name), `the pipeline reads #{TestVariables.${name}}, which the buildspec does not export`);
  });

  it('uses the report group the pipeline stack creates and exports to S3', () => {
    const resolved = resolveTemplate(readPipelineTemplate('post-deploy-pipeline.yaml'), SHARED_SERVICES);
    const project = resolved.resources.TestProject!.Properties as {
      Name: string;
      Environment: { EnvironmentVariables: Array<{ Name: string }> };
    };
    const group = resolved.resources.TestReportGroup!.Properties as { Name: string; ExportConfig: { ExportConfigType: string } };
    const [groupName] = Object.keys(buildspec.reports ?? {});
    // A report group named in a buildspec is <project>-<name>; CodeBuild uses it when it exists.
    assert.equal(`${project.Name}-${groupName}`, group.Name);
    assert.equal(group.ExportConfig.ExportConfigType, 'S3');
    const variables = project.Environment.EnvironmentVariables.map((variable) => variable.Name);
    for (const name of ['EVIDENCE_BUCKET', 'TARGET_ENV', 'TAGS']) assert.ok(variables.includes(name), `the project sets ${name}`);
  });
});

/**
 * The buildspec run for real in bash, with stand-ins for npm, npx (postflight) and the AWS CLI
 * that record what they were asked and behave as told.
 */
describe('buildspec.yml, run', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-buildspec-'));
    const bin = path.join(root, 'bin');
    fs.mkdirSync(bin);
    const stub = (name: string, body: string) =>
      fs.writeFileSync(path.join(bin, name), `#!/usr/bin/env bash\necho "${name} $*" >> "$STUB_LOG"\n${body}\n`, { mode: 0o755 });
    stub('npm', 'exit 0');
    // postflight: writes reports as the run does (unless it could not start), then exits as told.
    stub(
      'npx',
      [
        'printf "TARGET_ENV=%s RELEASE_VERSION=%s HISTORY=%s\\n" "$TARGET_ENV" "${RELEASE_VERSION-<unset>}" "$POSTFLIGHT_ALLURE_HISTORY" >> "$STUB_LOG"',
        'if [ "$STUB_EXIT" != 2 ]; then',
        '  mkdir -p reports/signoff reports/allure-report',
        '  echo "<testsuite/>" > reports/junit.xml',
        '  echo "<html></html>" > reports/allure-report/index.html',
        '  if [ "$STUB_EXIT" = 0 ]; then verdict=GO; else verdict=NO-GO; fi',
        '  verdict="${STUB_VERDICT:-$verdict}"',
        '  printf \'{"verdict":"%s"}\' "$verdict" > reports/signoff/signoff.json',
        '  echo "{\\"run\\":1}" >> "$POSTFLIGHT_ALLURE_HISTORY"',
        'fi',
        'exit "$STUB_EXIT"',
      ].join('\n'),
    );
    stub(
      'aws',
      [
        'case "$1 $2" in',
        '  "s3 ls") [ -n "$STUB_HISTORY" ] ;;',
        '  "s3 cp") case "$3" in s3://*) echo "$STUB_HISTORY" > "$4" ;; esac ;;',
        '  "s3 sync") [ -z "$STUB_SYNC_FAILS" ] ;;',
        '  *) exit 0 ;;',
        'esac',
      ].join('\n'),
    );
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  function build(options: { exit: number; env?: Record<string, string>; history?: string }): BuildResult & { log: string[]; cwd: string } {
    const cwd = fs.mkdtempSync(path.join(root, 'src-'));
    const log = path.join(cwd, '..', `${path.basename(cwd)}.log`);
    fs.writeFileSync(log, '');
    const env: Record<string, string> = {
      PATH: `${path.join(root, 'bin')}:${process.env.PATH}`,
      HOME: root,
      STUB_LOG: log,
      STUB_EXIT: String(options.exit),
      STUB_HISTORY: options.history ?? '',
      TARGET_ENV: 'qa',
      TAGS: 'default',
      RELEASE_VERSION: 'unspecified',
      EVIDENCE_BUCKET: 'evidence-bucket',
      CODEBUILD_BUILD_NUMBER: '42',
      CODEBUILD_SRC_DIR: cwd,
      AWS_REGION: 'eu-west-1',
      ...options.env,
    };
    const result = runBuildspec(buildspec, { cwd, env });
    return { ...result, log: fs.readFileSync(log, 'utf8').split('\n').filter(Boolean), cwd };
  }

  const phase = (result: BuildResult, name: string) => result.phases.find((candidate) => candidate.name === name)?.status;

  it('passes: the build succeeds, the reports and the history are uploaded, GO is exported', () => {
    const result = build({ exit: 0, history: '{"run":0}' });
    assert.equal(result.status, 'SUCCEEDED', result.output);
    assert.deepEqual(result.exported, {
      POSTFLIGHT_STATUS: 'PASSED',
      POSTFLIGHT_VERDICT: 'GO',
      POSTFLIGHT_EXIT_CODE: '0',
      POSTFLIGHT_EVIDENCE_URI: 's3://evidence-bucket/qa/42/',
      POSTFLIGHT_REPORT_KEY: 'qa/42/signoff/index.html',
      POSTFLIGHT_REPORT_URL: 'https://s3.console.aws.amazon.com/s3/object/evidence-bucket?region=eu-west-1&prefix=qa/42/signoff/index.html',
    });
    assert.ok(result.log.includes('npm ci --no-audit --no-fund'));
    assert.ok(result.log.includes('npx --no-install postflight run --env qa --confirm qa'), result.log.join('\n'));
    assert.ok(
      result.log.includes(
        'aws s3 cp s3://evidence-bucket/qa/allure-history/history.jsonl ' +
          `${result.cwd}/.postflight/allure-history.jsonl --only-show-errors`,
      ),
    );
    assert.ok(result.log.includes('aws s3 sync reports/ s3://evidence-bucket/qa/42/ --only-show-errors'));
    assert.ok(
      result.log.includes(
        `aws s3 cp ${result.cwd}/.postflight/allure-history.jsonl s3://evidence-bucket/qa/allure-history/history.jsonl --only-show-errors`,
      ),
    );
    // The run saw the downloaded history, and added its own entry to it.
    assert.equal(fs.readFileSync(path.join(result.cwd, '.postflight/allure-history.jsonl'), 'utf8'), '{"run":0}\n{"run":1}\n');
    assert.ok(
      result.log.some((line) => line.includes('RELEASE_VERSION=<unset>')),
      'the default release version is not passed on as a name',
    );
  });

  it('exports the report key the sign-off approval builds its link from', () => {
    const result = build({ exit: 0 });
    const template = readPipelineTemplate('post-deploy-pipeline.yaml');
    const stages = (template.Resources.Pipeline!.Properties as { Stages: unknown[] }).Stages;
    const signOff = JSON.stringify(stages.find((stage) => JSON.stringify(stage).includes('"Name":"SignOff"')));
    const link = /"ExternalEntityLink":\{"Fn::Sub":"([^"]+)"\}/.exec(signOff)?.[1];
    assert.ok(link, 'the sign-off approval builds its link with Fn::Sub');
    const resolvedLink = link
      .replace('${EvidenceBucket}', 'evidence-bucket')
      .replace('${AWS::Region}', 'eu-west-1')
      .replace(/#\{TestVariables\.(\w+)\}/g, (_match, name: string) => result.exported[name] ?? `<${name} not exported>`);
    assert.equal(resolvedLink, result.exported.POSTFLIGHT_REPORT_URL);
  });

  it('fails the build when the gate fails, after publishing the reports', () => {
    const result = build({ exit: 1 });
    assert.equal(phase(result, 'build'), 'FAILED');
    assert.equal(phase(result, 'post_build'), 'SUCCEEDED');
    assert.equal(result.status, 'FAILED');
    assert.equal(result.exported.POSTFLIGHT_STATUS, 'FAILED');
    assert.equal(result.exported.POSTFLIGHT_VERDICT, 'NO-GO');
    assert.equal(result.exported.POSTFLIGHT_EXIT_CODE, '1');
    assert.ok(
      result.log.includes('aws s3 sync reports/ s3://evidence-bucket/qa/42/ --only-show-errors'),
      'evidence uploaded although the gate failed',
    );
    assert.ok(
      result.log.some(
        (line) => line.startsWith('aws s3 cp') && line.endsWith('s3://evidence-bucket/qa/allure-history/history.jsonl --only-show-errors'),
      ),
    );
  });

  it('fails the build when the run could not start, and says so', () => {
    const result = build({ exit: 2 });
    assert.equal(phase(result, 'build'), 'FAILED');
    assert.equal(result.exported.POSTFLIGHT_STATUS, 'NOT_STARTED');
    assert.equal(result.exported.POSTFLIGHT_VERDICT, 'NO-GO');
    assert.ok(!result.log.some((line) => line.startsWith('aws s3 sync')), 'nothing to upload');
    assert.match(result.output, /the run wrote no report/);
  });

  it('fails the build when the evidence cannot be published, even if the gate passed', () => {
    const result = build({ exit: 0, env: { STUB_SYNC_FAILS: '1' } });
    assert.equal(phase(result, 'build'), 'FAILED');
    assert.equal(result.status, 'FAILED');
    assert.equal(result.exported.POSTFLIGHT_STATUS, 'PASSED');
  });

  it('takes the verdict from the sign-off report, not from the exit code', () => {
    const result = build({ exit: 0, env: { STUB_VERDICT: 'NO-GO' } });
    assert.equal(result.exported.POSTFLIGHT_STATUS, 'PASSED');
    assert.equal(result.exported.POSTFLIGHT_VERDICT, 'NO-GO');
  });

  it("passes a tag expression on, and the environment's own tags by default", () => {
    const tagged = build({ exit: 0, env: { TAGS: '@smoke and not @wip', TARGET_ENV: 'uat', RELEASE_VERSION: '2.4.0' } });
    assert.ok(
      tagged.log.includes('npx --no-install postflight run --env uat --confirm uat --tags @smoke and not @wip'),
      tagged.log.join('\n'),
    );
    assert.ok(tagged.log.some((line) => line.includes('TARGET_ENV=uat RELEASE_VERSION=2.4.0')));
    assert.ok(tagged.log.includes('aws s3 sync reports/ s3://evidence-bucket/uat/42/ --only-show-errors'));
  });

  it('starts a history when there is none yet', () => {
    const result = build({ exit: 0 });
    assert.ok(!result.log.some((line) => line.startsWith('aws s3 cp s3://')), 'no download');
    assert.match(result.output, /No Allure history at s3:\/\/evidence-bucket\/qa\/allure-history\/history\.jsonl yet/);
    assert.ok(
      result.log.some((line) => line.startsWith(`aws s3 cp ${result.cwd}/.postflight/allure-history.jsonl`)),
      'the new history is saved',
    );
  });

  it('refuses to run without a target environment or an evidence bucket', () => {
    for (const missing of ['TARGET_ENV', 'EVIDENCE_BUCKET']) {
      const result = build({ exit: 0, env: { [missing]: '' } });
      assert.equal(phase(result, 'pre_build'), 'FAILED');
      assert.equal(phase(result, 'build'), undefined, 'the build phase does not run');
      assert.ok(!result.log.some((line) => line.startsWith('npx')), `postflight did not run without ${missing}`);
      assert.match(result.output, new RegExp(`${missing} is not set`));
    }
  });
});
