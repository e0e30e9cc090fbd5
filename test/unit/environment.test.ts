import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadEnvironment, EnvironmentError } from '../../runner/environments/load-environment';
import { resolveEnvironment } from '../../runner/environments/resolve-environment';

const valid = `
name: qa
account: "222222222222"
region: us-east-1
resources:
  buckets: { landing: "\${env:PF_TEST_BUCKET}" }
`;

describe('environment files', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-env-'));
    fs.mkdirSync(path.join(root, 'environments'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  function write(name: string, text: string): void {
    fs.writeFileSync(path.join(root, 'environments', `${name}.yml`), text);
  }

  const invalid: Array<{ name: string; text: string; message: RegExp }> = [
    { name: 'account-not-quoted', text: valid.replace('"222222222222"', '222222222222'), message: /account: .*expected string/ },
    { name: 'account-short', text: valid.replace('"222222222222"', '"12345"'), message: /account: a 12-digit AWS account id/ },
    { name: 'bad-region', text: valid.replace('us-east-1', 'Virginia'), message: /region: an AWS region/ },
    { name: 'typo-field', text: `${valid}resourcs: {}\n`, message: /unknown field\(s\) "resourcs"/ },
    { name: 'no-resources', text: 'name: qa\naccount: "222222222222"\nregion: us-east-1\n', message: /resources: .*expected object/ },
    {
      name: 'bad-bucket-type',
      text: valid.replace('"${env:PF_TEST_BUCKET}"', '42'),
      message: /resources\.buckets\.landing: .*expected string/,
    },
    { name: 'bad-role', text: `${valid}credentials: { roleArn: "role/x" }\n`, message: /credentials\.roleArn: an IAM role ARN/ },
    { name: 'bad-prefix', text: `${valid}writablePrefixes: ["landing/x"]\n`, message: /writablePrefixes\.0: an S3 location/ },
    { name: 'not-yaml', text: 'name: [unclosed', message: /is not valid YAML/ },
    { name: 'empty-stacks', text: `${valid}sandbox: { stacks: [] }\n`, message: /sandbox\.stacks: at least one stack/ },
  ];
  for (const testCase of invalid) {
    it(`refuses ${testCase.name}, naming the file and the field`, () => {
      write(testCase.name, testCase.text);
      assert.throws(
        () => loadEnvironment(testCase.name, root),
        (error: Error) =>
          error instanceof EnvironmentError && error.message.includes(`${testCase.name}.yml`) && testCase.message.test(error.message),
      );
    });
  }

  it('names the known environments when asked for an unknown one', () => {
    write('qa', valid);
    assert.throws(() => loadEnvironment('qaa', root), /Unknown environment "qaa".*Known environments: .*qa/s);
  });

  it('loads a valid file with defaults, by name or by path', () => {
    write('qa', valid);
    const byName = loadEnvironment('qa', root);
    assert.equal(byName.protected, false);
    assert.equal(byName.resources.athena.workgroup, 'primary');
    assert.deepEqual(loadEnvironment(path.join(root, 'environments', 'qa.yml'), root).resources, byName.resources);
  });

  it('resolves ${env:VAR} and names a variable that is not set', async () => {
    write('qa', valid);
    const loaded = loadEnvironment('qa', root);
    process.env.PF_TEST_BUCKET = 'qa-landing';
    assert.equal((await resolveEnvironment(loaded, undefined, ['env'])).resources.buckets.landing, 'qa-landing');
    delete process.env.PF_TEST_BUCKET;
    await assert.rejects(resolveEnvironment(loaded, undefined, ['env']), /needs the environment variable PF_TEST_BUCKET, which is not set/);
  });

  it('refuses an unknown placeholder kind with the known ones', async () => {
    write('qa', valid.replace('${env:PF_TEST_BUCKET}', '${vault:secret}'));
    await assert.rejects(resolveEnvironment(loadEnvironment('qa', root), undefined, ['env']), /\$\{vault:…\}; known placeholders are/);
  });
});
