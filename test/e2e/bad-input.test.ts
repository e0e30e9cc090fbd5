import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Sandbox } from '../../sandbox/sandbox';
import { categorizeFailure } from '../../runner/reports/failure-category';
import { DURATION_FORMS } from '../../model/duration';
import { readScenarioResults, runPostflight, type CliResult } from '../helpers/postflight-cli';
import { startCliHarness, type CliHarness } from '../helpers/cli-harness';

/**
 * The bad-input catalogue: every way a user or the machine can hand postflight something wrong
 * is answered with the documented exit code and a message naming the cause (and the fix) —
 * never a stack trace, never exit 1 ("the gate failed") for a run that could not start.
 *
 * The catalogue runs in one process that calls the command's `main` per case (test/helpers/
 * cli-harness.ts), so that it takes seconds; a sample also runs through the real command
 * (bin/postflight.js in its own process), where the exit code and the console are the process's.
 *
 * In arguments, environment values and file contents: {dir} is a temporary folder holding `files`;
 * {busyPort} is held by a process that is not a sandbox, {sandboxPort} by a postflight sandbox,
 * {deadPort} by nothing; {notSandbox} is an HTTP server that is not a sandbox.
 */
interface BadInput {
  name: string;
  args: string[];
  env?: Record<string, string>;
  /** Written into {dir} before the case runs (paths relative to it). */
  files?: Record<string, string>;
  exit: number;
  /** The message names the cause and what to do. */
  says: RegExp[];
  /** Hints that would be false for this case. */
  neverSays?: RegExp[];
}

const VALID_ENVIRONMENT = 'name: catalogue\naccount: "000000000000"\nregion: us-east-1\nresources: {}\n';
const SANDBOX_ENVIRONMENT = (sandbox: string) => `${VALID_ENVIRONMENT}sandbox:\n${sandbox}`;
const ONE_BUCKET_TEMPLATE = 'Resources:\n  Landing:\n    Type: AWS::S3::Bucket\n    Properties: { BucketName: landing }\n';

const CASES: BadInput[] = [
  // ── The cases of the issue ──────────────────────────────────────────────────────────────
  {
    name: 'sandbox: the port is in use',
    args: ['sandbox', '--port', '{busyPort}'],
    exit: 2,
    says: [/--port \d+: port \d+ on 127\.0\.0\.1 is already in use by another process/, /Give another --port \(0: any free port\)/],
  },
  {
    name: 'run: the port is in use',
    args: ['run', '--env', 'local', '--port', '{busyPort}'],
    exit: 2,
    says: [/--port \d+: port \d+ on 127\.0\.0\.1 is already in use/, /Give another --port/],
  },
  {
    name: 'sandbox: the port is out of range',
    args: ['sandbox', '--port', '70000'],
    exit: 2,
    says: [/'--port <port>' argument '70000' is invalid/, /from 1 to 65535 \(or 0 for any free port\)/],
  },
  {
    name: 'run: the port is out of range',
    args: ['run', '--env', 'local', '--port', '65536'],
    exit: 2,
    says: [/'--port <port>' argument '65536' is invalid/, /from 1 to 65535/],
  },
  {
    name: 'RUN_DATE is not a date',
    args: ['run', '--env', 'local'],
    env: { RUN_DATE: 'yesterday' },
    exit: 2,
    says: [
      /RUN_DATE must be a date written YYYY-MM-DD \(got "yesterday"\)/,
      /Set RUN_DATE to a calendar date such as 2026-11-26, or unset it/,
    ],
  },
  {
    name: 'run: no Python 3 with boto3 for the sample lake’s Python router',
    args: ['run', '--env', 'local'],
    env: { POSTFLIGHT_PYTHON: '/nonexistent/python3' },
    exit: 2,
    says: [
      /RouteFileFunction .*found none \(looked for \/nonexistent\/python3\)\. Install it with `apt-get install -y python3 python3-boto3`/,
      /What to do: Install what the message names on this machine, then run again: the template needs no change\./,
    ],
  },
  {
    name: '--reports-dir is a file',
    args: ['run', '--env', 'local', '--reports-dir', '{dir}/a-file'],
    files: { 'a-file': 'not a folder' },
    exit: 2,
    says: [/--reports-dir .*a-file is a file .*, not a folder/, /Give a folder for the reports/],
  },
  {
    name: 'cleanup --older-than cannot be read',
    args: ['cleanup', '--env', 'local', '--older-than', 'soon'],
    exit: 2,
    says: [/--older-than "soon" is not a duration/, new RegExp(DURATION_FORMS.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))],
  },
  {
    name: 'list: a feature file does not parse',
    args: ['list', '--env', 'local', '{dir}/broken.feature'],
    files: { 'broken.feature': 'Feature: broken\n  Scenario: one\n    Given a step\n  this line is no step\n' },
    exit: 2,
    says: [/does not parse as Gherkin/, /broken\.feature:4:3: .*got 'this line is no step'/, /Fix the feature file at that line/],
  },
  {
    name: 'list: a feature path that does not exist',
    args: ['list', '--env', 'local', 'features/no-such-folder'],
    exit: 2,
    says: [
      /The feature path features\/no-such-folder matches nothing: .*features\/no-such-folder does not exist/,
      /relative to the current folder/,
    ],
  },
  {
    name: 'run: a dead --sandbox-endpoint',
    args: ['run', '--env', 'local', '--sandbox-endpoint', 'http://127.0.0.1:{deadPort}'],
    exit: 2,
    says: [
      /No postflight sandbox answers at --sandbox-endpoint http:\/\/127\.0\.0\.1:\d+: nothing listens there \(connection refused\)/,
      /npx postflight sandbox/,
    ],
    neverSays: [/AWS_PROFILE|SSO/],
  },
  {
    name: 'a tag expression with a syntax error',
    args: ['run', '--env', 'local', '--tags', '@smoke and ('],
    exit: 2,
    says: [/Tag expression "@smoke and \(" could not be parsed because of syntax error: Unmatched \(/, /combine @tags with and, or, not/],
    neverSays: [/pickles:filter/],
  },
  {
    name: '--profile that does not exist',
    args: ['list', '--env', 'local', '--profile', 'nosuch'],
    exit: 2,
    says: [/There is no profile "nosuch" in cucumber\.cjs\. Its profiles: default, process, data, smoke/],
  },
  {
    name: '--parallel 0',
    args: ['run', '--env', 'local', '--parallel', '0'],
    exit: 2,
    says: [/'--parallel <n>' argument '0' is invalid/, /at least 1 \(leave --parallel out to run serially\)/],
  },
  {
    name: '--parallel negative',
    args: ['run', '--env', 'local', '--parallel=-2'],
    exit: 2,
    says: [/'--parallel <n>' argument '-2' is invalid/],
  },
  // ── Environment files ───────────────────────────────────────────────────────────────────
  {
    name: 'environment: a required field is missing',
    args: ['list', '--env', '{dir}/missing.yml'],
    files: { 'missing.yml': 'name: catalogue\naccount: "000000000000"\nresources: {}\n' },
    exit: 2,
    says: [/missing\.yml is not a valid environment file/, /- region: missing \(required\): expected string/],
  },
  {
    name: 'environment: a field of the wrong type',
    args: ['list', '--env', '{dir}/wrong-type.yml'],
    files: { 'wrong-type.yml': `${VALID_ENVIRONMENT}protected: "yes"\n` },
    exit: 2,
    says: [/- protected: .*expected boolean/],
  },
  {
    name: 'environment: an unknown field',
    args: ['list', '--env', '{dir}/unknown-field.yml'],
    files: { 'unknown-field.yml': 'name: catalogue\naccount: "000000000000"\nregion: us-east-1\nresource: {}\n' },
    exit: 2,
    says: [/unknown field\(s\) "resource" \(did you mean "resources"\?\); the fields here: name, account, region/],
  },
  {
    name: 'environment: YAML that does not parse',
    args: ['list', '--env', '{dir}/bad.yml'],
    files: { 'bad.yml': 'name: catalogue\naccount: "000000000000"\n  region: us-east-1\n' },
    exit: 2,
    says: [/bad\.yml is not valid YAML: .*line 3, column 1/],
  },
  {
    name: 'environment: an account id without quotes',
    args: ['list', '--env', '{dir}/unquoted.yml'],
    files: { 'unquoted.yml': 'name: catalogue\naccount: 000000000000\nregion: us-east-1\nresources: {}\n' },
    exit: 2,
    says: [/- account: expected string, found the number 0: .*write the value in quotes/],
  },
  {
    name: 'environment: tags that do not parse',
    args: ['list', '--env', '{dir}/tags.yml'],
    files: { 'tags.yml': `${VALID_ENVIRONMENT}tags: "not"\n` },
    exit: 2,
    says: [/- tags: Tag expression "not" could not be parsed because of syntax error: Expected operand/],
  },
  {
    name: 'environment: a session duration nobody can read',
    args: ['list', '--env', '{dir}/session.yml'],
    files: {
      'session.yml': `${VALID_ENVIRONMENT}credentials:\n  roleArn: arn:aws:iam::000000000000:role/r\n  durationSeconds: "2 fortnights"\n`,
    },
    exit: 2,
    says: [/- credentials\.durationSeconds: "2 fortnights" is not a duration \("fortnights" is not a unit\)/],
  },
  {
    name: 'environment: a session too short',
    args: ['list', '--env', '{dir}/short.yml'],
    files: { 'short.yml': `${VALID_ENVIRONMENT}credentials:\n  roleArn: arn:aws:iam::000000000000:role/r\n  durationSeconds: 5m\n` },
    exit: 2,
    says: [/- credentials\.durationSeconds: at least 900 seconds \(15 min\)/],
  },
  {
    name: '--env names a folder',
    args: ['list', '--env', '{dir}/'],
    exit: 2,
    says: [/is a folder; give an environment file \(\.yml\)/],
  },
  {
    name: '--env names no known environment',
    args: ['run', '--env', 'staging'],
    exit: 2,
    says: [/Unknown environment "staging": .*does not exist\. Known environments: .*local/],
  },
  {
    name: 'environment: ${env:VAR} of a variable that is not set',
    args: ['run', '--env', '{dir}/needs-variable.yml'],
    files: {
      'needs-variable.yml':
        'name: catalogue\naccount: "000000000000"\nregion: us-east-1\nresources:\n  buckets: { landing: "${env:POSTFLIGHT_CATALOGUE_UNSET}" }\n',
    },
    exit: 2,
    says: [/resources\.buckets\.landing needs the environment variable POSTFLIGHT_CATALOGUE_UNSET, which is not set/],
  },
  {
    name: 'a protected environment without --confirm',
    args: ['run', '--env', 'prod'],
    exit: 2,
    says: [/Environment "prod" is protected .*: runs against it need --confirm prod/, /Re-run with --confirm prod/],
  },
  {
    name: '--confirm naming another environment',
    args: ['run', '--env', 'local', '--confirm', 'prod'],
    exit: 2,
    says: [/--confirm prod does not match the environment of this run, "local"/, /Check --env/],
  },
  // ── Templates and seed data of sandbox environments ─────────────────────────────────────
  {
    name: 'sandbox: the template does not exist',
    args: ['run', '--env', '{dir}/no-template.yml'],
    files: { 'no-template.yml': SANDBOX_ENVIRONMENT('  stacks: [{ name: lake, template: no/such/template.yaml }]\n') },
    exit: 2,
    says: [/sandbox\.stacks "lake": template no\/such\/template\.yaml does not exist \(looked for /],
  },
  {
    name: 'sandbox: a template with a resource type it cannot honour',
    args: ['run', '--env', '{dir}/unknown-type.yml'],
    files: {
      'unknown-type.yml': SANDBOX_ENVIRONMENT('  stacks: [{ name: lake, template: {dir}/unknown-type.yaml }]\n'),
      'unknown-type.yaml': 'Resources:\n  Fleet:\n    Type: AWS::GameLift::Fleet\n    Properties: {}\n',
    },
    exit: 2,
    says: [/AWS::GameLift::Fleet/, /Fix the template, or tell the sandbox less/],
  },
  {
    name: 'sandbox: seed data that does not exist',
    args: ['run', '--env', '{dir}/no-seed.yml'],
    files: {
      'no-seed.yml': SANDBOX_ENVIRONMENT(
        '  stacks: [{ name: lake, template: {dir}/bucket.yaml }]\n  seed: [{ source: no/such/seed.csv, target: "s3://landing/seed.csv" }]\n',
      ),
      'bucket.yaml': ONE_BUCKET_TEMPLATE,
    },
    exit: 2,
    says: [/sandbox\.seed: no\/such\/seed\.csv does not exist/],
  },
  // ── The command line ────────────────────────────────────────────────────────────────────
  {
    name: 'an unknown command',
    args: ['frobnicate'],
    exit: 2,
    says: [/unknown command 'frobnicate'/, /postflight --help/],
  },
  {
    name: 'an unknown option',
    args: ['run', '--env', 'local', '--frobnicate'],
    exit: 2,
    says: [/unknown option '--frobnicate'/, /postflight run --help/],
  },
  {
    name: 'run without --env',
    args: ['run'],
    exit: 2,
    says: [/required option '--env <name\|path\.yml>' not specified/],
  },
  {
    name: 'a tag without @',
    args: ['list', '--env', 'local', '--tags', 'smoke'],
    exit: 2,
    says: [/"smoke" is not a tag \(did you mean "@smoke"\?\)/],
  },
  {
    name: 'the port is held by a postflight sandbox: reuse it',
    args: ['run', '--env', 'local', '--port', '{sandboxPort}'],
    exit: 2,
    says: [
      /port \d+ on 127\.0\.0\.1 is already in use, by a postflight sandbox/,
      /Reuse that sandbox with --sandbox-endpoint http:\/\/127\.0\.0\.1:\d+/,
    ],
  },
  {
    name: '--sandbox-endpoint is not an address',
    args: ['run', '--env', 'local', '--sandbox-endpoint', 'localhost:4566'],
    exit: 2,
    says: [/--sandbox-endpoint localhost:4566 is not an http:\/\/ address/],
  },
  {
    name: '--sandbox-endpoint answers, but is no sandbox',
    args: ['run', '--env', 'local', '--sandbox-endpoint', '{notSandbox}'],
    exit: 2,
    says: [/something answers there, but not a postflight sandbox \(GET \/_postflight\/health: HTTP 404\)/],
  },
  {
    name: '--sandbox-endpoint with an AWS environment',
    args: ['run', '--env', 'qa', '--sandbox-endpoint', 'http://127.0.0.1:{deadPort}'],
    exit: 2,
    says: [/--sandbox-endpoint is for sandbox environments; "qa" runs against AWS/],
  },
  {
    name: 'sandbox with an AWS environment',
    args: ['sandbox', '--env', 'qa'],
    exit: 2,
    says: [/Environment "qa" is not a sandbox environment/, /e\.g\. --env local/],
  },
  {
    name: 'cleanup without a selection',
    args: ['cleanup', '--env', 'local'],
    exit: 2,
    says: [/Say which runs to clean up: --run-id <id> .* or --older-than 24h/],
  },
  {
    name: 'cleanup: a run id that is none',
    args: ['cleanup', '--env', 'local', '--run-id', 'yesterday'],
    exit: 2,
    says: [/"yesterday" is not a postflight run id \(they look like pf-/],
  },
  {
    name: 'cleanup of a sandbox environment without its endpoint',
    args: ['cleanup', '--env', 'local', '--older-than', '1d'],
    exit: 2,
    says: [/"local" is a sandbox environment, and a freshly started sandbox holds nothing to clean/, /--sandbox-endpoint/],
  },
  {
    name: 'report: --reports-dir is a file',
    args: ['report', '--reports-dir', '{dir}/a-file'],
    files: { 'a-file': 'not a folder' },
    exit: 2,
    says: [/--reports-dir .*a-file is a file .*not the folder a run wrote its reports to/],
  },
  {
    name: 'report: nothing to rebuild',
    args: ['report', '--reports-dir', '{dir}'],
    exit: 2,
    says: [/No results to report on: .*run\.json does not exist\. Run `postflight run --env <name>` first/],
  },
  {
    name: 'a feature path that is not a feature file',
    args: ['list', '--env', 'local', 'README.md'],
    exit: 2,
    says: [/The feature path README\.md is not a feature file/],
  },
  {
    name: 'a glob that matches no feature file',
    args: ['list', '--env', 'local', 'features/**/no-such-*.feature'],
    exit: 2,
    says: [/The feature path features\/\*\*\/no-such-\*\.feature matches nothing: no \.feature file matches it/],
  },
  {
    name: 'a feature folder without features',
    args: ['list', '--env', 'local', '{dir}/empty'],
    files: { 'empty/notes.txt': 'no features here' },
    exit: 2,
    says: [/The feature path .*empty .* holds no \.feature file/],
  },
  {
    name: 'RUN_DATE that is no day of the calendar',
    args: ['run', '--env', 'local'],
    env: { RUN_DATE: '2026-02-30' },
    exit: 2,
    says: [/RUN_DATE must be a date written YYYY-MM-DD \(got "2026-02-30"\)/],
  },
  {
    name: 'a quality gate file that does not exist',
    args: ['run', '--env', 'local'],
    env: { POSTFLIGHT_QUALITY_GATE: '{dir}/no-gate.yml' },
    exit: 2,
    says: [/POSTFLIGHT_QUALITY_GATE names .*no-gate\.yml, which does not exist/],
  },
  {
    name: 'steps: no step mentions the word (exit 1, as grep)',
    args: ['steps', 'teleport'],
    exit: 1,
    says: [/No step mentions "teleport"/],
  },
];

/** What a stack trace looks like on a console: frames, Node's internals, its version banner. */
const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$|node:internal|^Node\.js v\d+/m;

/** Cases also run through bin/postflight.js in a process of their own. */
const THROUGH_THE_REAL_COMMAND = [
  'sandbox: the port is in use',
  'RUN_DATE is not a date',
  'an unknown command',
  'list: a feature file does not parse',
];

describe('the bad-input catalogue: exit code, a message naming the cause, no stack trace', () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-bad-input-'));
  const values: Record<string, string> = { dir: directory };
  const closers: Array<() => Promise<unknown>> = [];
  let harness: CliHarness;

  before(async () => {
    harness = startCliHarness();
    closers.push(() => harness.close());
    // A port held by something that is not a sandbox (a bare TCP listener that never answers).
    const busy = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    values.busyPort = String((busy.address() as net.AddressInfo).port);
    closers.push(() => new Promise((resolve) => busy.close(resolve)));
    // A port nothing listens on.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    values.deadPort = String((probe.address() as net.AddressInfo).port);
    await new Promise((resolve) => probe.close(resolve));
    // An HTTP server that is not a sandbox.
    const other = http.createServer((_request, response) => response.writeHead(404).end('not here'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    values.notSandbox = `http://127.0.0.1:${(other.address() as net.AddressInfo).port}`;
    closers.push(() => new Promise((resolve) => other.close(resolve)));
    // A postflight sandbox (nothing deployed: only its port matters).
    const sandbox = await Sandbox.start();
    values.sandboxPort = new URL(sandbox.endpoint).port;
    closers.push(() => sandbox.stop());
  });

  after(async () => {
    await Promise.all(closers.map((close) => close()));
    fs.rmSync(directory, { recursive: true, force: true });
  });

  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);

  function prepare(testCase: BadInput): { args: string[]; env: Record<string, string> } {
    for (const [file, content] of Object.entries(testCase.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
      fs.writeFileSync(path.join(directory, file), fill(content));
    }
    const env = Object.fromEntries(Object.entries(testCase.env ?? {}).map(([name, value]) => [name, fill(value)]));
    return { args: testCase.args.map(fill), env };
  }

  for (const testCase of CASES) {
    it(`${testCase.name} → exit ${testCase.exit}`, async () => {
      const { args, env } = prepare(testCase);
      assertAnswered(await harness.run(args, { env }), testCase);
    });
  }

  for (const name of THROUGH_THE_REAL_COMMAND) {
    const testCase = CASES.find((candidate) => candidate.name === name)!;
    it(`through the real command: ${name} → exit ${testCase.exit}`, async () => {
      const { args, env } = prepare(testCase);
      assertAnswered(await runPostflight(args, { env, timeoutMs: 60_000 }), testCase);
    });
  }

  it('--debug adds the stack trace under the same message', async () => {
    const result = await runPostflight(['list', '--env', 'staging', '--debug']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Unknown environment "staging"/);
    assert.match(result.stderr, /--debug:\n.*StartupError/);
    assert.match(result.stderr, STACK_TRACE);
  });
});

describe('scenarios written wrong: the run fails (exit 1) as test defects, saying what to fix', () => {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-bad-scenarios-'));
  after(() => fs.rmSync(reports, { recursive: true, force: true }));

  /** Each scenario of test/features/bad-input/scenario-input.feature, and what its message must say. */
  const EXPECTED: Record<string, RegExp> = {
    'A fixture that does not exist':
      /Fixture "positions\/no-such-file\.csv" not found \(looked for .*fixtures\/positions\/no-such-file\.csv\)/,
    'A fixture outside fixtures/': /Fixture "\.\.\/package\.json" is outside fixtures\/: give a path relative to/,
    'A placeholder nobody knows': /Unknown placeholder \$\{no_such_value\}\. Known: \$\{runId\}/,
    'An execution input that is not JSON': /The execution input is not valid JSON/,
    'A duration nobody can read': /"2 fortnights" is not a duration \("fortnights" is not a unit\)\. Write it as one of: 500ms/,
    'SQL that does not parse': /line 1:1: mismatched input 'SELEC'/,
  };

  it('names the cause of each, categorised as test defect, with no stack trace on the console', async () => {
    const result = await runPostflight(
      ['run', '--env', 'local', '--profile', 'selftest', '--reports-dir', reports, 'test/features/bad-input/scenario-input.feature'],
      { timeoutMs: 180_000 },
    );
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.doesNotMatch(result.stdout + result.stderr, STACK_TRACE);
    const results = readScenarioResults(reports);
    assert.deepEqual(results.map((scenario) => scenario.name).sort(), Object.keys(EXPECTED).sort());
    for (const scenario of results) {
      const expected = EXPECTED[scenario.name]!;
      assert.equal(scenario.status, 'FAILED', scenario.name);
      assert.match(scenario.message ?? '', expected, scenario.name);
      assert.match(result.stdout, expected, `the console shows why "${scenario.name}" failed`);
      assert.equal(categorizeFailure(scenario)?.category, 'test defect', `${scenario.name}: ${scenario.message}`);
    }
  });
});

function assertAnswered(result: CliResult, testCase: BadInput): void {
  const output = `${result.stdout}${result.stderr}`;
  const shown = `\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
  assert.equal(result.code, testCase.exit, `exit code${shown}`);
  for (const pattern of testCase.says) assert.match(output, pattern, `the message names the cause${shown}`);
  for (const pattern of testCase.neverSays ?? []) assert.doesNotMatch(output, pattern, `a hint false for this case${shown}`);
  assert.doesNotMatch(output, STACK_TRACE, `no stack trace${shown}`);
}
