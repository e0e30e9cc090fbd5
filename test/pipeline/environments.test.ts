import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../bin/project-root';
import { loadEnvironment } from '../../runner/environments/load-environment';
import type { LoadedEnvironment } from '../../model/environment/environment';
import { readTemplate } from '../../sandbox/deployer/template-file';
import { PROD_SAFE_TAG, checkConfirmation } from '../../runner/startup/protected-run';
import { isAllowed, readPipelineTemplate, resolveTemplate, roleStatements } from './cloudformation';
import { SHARED_SERVICES, targetRoleDeployment } from './deployments';

/** The AWS environments: one account each, the sample data lake deployed as stack datalake-<name>. */
const AWS_ENVIRONMENTS = ['dev', 'qa', 'uat', 'prod'];
const load = (name: string) => loadEnvironment(name, PROJECT_ROOT);

/** Every string of a document, with where it is. */
function strings(value: unknown, where = ''): Array<{ where: string; text: string }> {
  if (typeof value === 'string') return [{ where, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => strings(item, `${where}[${index}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => strings(item, where ? `${where}.${key}` : key));
  return [];
}

const placeholders = (environment: LoadedEnvironment, kind: 'cfn' | 'ssm') =>
  strings({ ...environment, file: undefined }).flatMap(({ where, text }) =>
    [...text.matchAll(new RegExp(`\\$\\{${kind}:([^}]+)\\}`, 'g'))].map((match) => ({ where, reference: match[1] ?? '' })),
  );

/** An s3:// location of the environment file with its logical bucket name replaced by the bucket's value. */
function physical(environment: LoadedEnvironment, url: string): string {
  const [, bucket = '', key = ''] = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url) ?? [];
  return `s3://${environment.resources.buckets[bucket] ?? bucket}/${key}`;
}

describe('environment files', () => {
  const sample = readTemplate(path.join(PROJECT_ROOT, 'sample-datalake/template.yaml')) as {
    Outputs: Record<string, unknown>;
    Resources: Record<string, { Type: string; Properties?: { Name?: unknown } }>;
  };
  const local = load('local');

  for (const name of AWS_ENVIRONMENTS) {
    describe(`${name}.yml`, () => {
      const environment = load(name);

      it('loads with the real loader, under its own name', () => {
        assert.equal(environment.name, name);
        assert.equal(environment.sandbox, undefined, 'served by AWS, not by the sandbox');
      });

      it('assumes the target-account role of its own account', () => {
        const roleName = readPipelineTemplate('target-account-role.yaml').Parameters!.RoleName!.Default;
        assert.equal(environment.credentials?.roleArn, `arn:aws:iam::${environment.account}:role/${roleName}`);
      });

      it(`resolves resources from the outputs of stack datalake-${name} and its SSM parameter`, () => {
        const cfn = placeholders(environment, 'cfn');
        assert.ok(cfn.length >= 8);
        for (const { where, reference } of cfn) {
          const [stack, output = ''] = reference.split('.');
          assert.equal(stack, `datalake-${name}`, `${where}: ${reference}`);
          assert.ok(output in sample.Outputs, `${where}: sample-datalake/template.yaml has no output ${output}`);
        }
        const ssm = placeholders(environment, 'ssm');
        const parameterName = sample.Resources.LandingBucketParameter!.Properties?.Name as { 'Fn::Sub': string };
        assert.deepEqual([...new Set(ssm.map(({ reference }) => reference))], [parameterName['Fn::Sub'].replace('${EnvName}', name)]);
      });

      it('names the same resources as the local sandbox, so the features run unchanged', () => {
        assert.deepEqual(Object.keys(environment.resources.stateMachines).sort(), Object.keys(local.resources.stateMachines).sort());
        assert.deepEqual(Object.keys(environment.resources.functions).sort(), Object.keys(local.resources.functions).sort());
        assert.deepEqual(Object.keys(environment.resources.buckets).sort(), Object.keys(local.resources.buckets).sort());
        assert.deepEqual(Object.keys(environment.resources.athena.databases).sort(), Object.keys(local.resources.athena.databases).sort());
      });

      it('writes Athena results inside its writable prefixes', () => {
        const output = environment.resources.athena.outputLocation;
        assert.ok(output, 'an Athena output location');
        assert.ok(
          environment.writablePrefixes.some((prefix) => physical(environment, output).startsWith(physical(environment, prefix))),
          `${output} is under one of ${environment.writablePrefixes.join(', ')}`,
        );
      });
    });
  }

  it("gives each environment its own account, none of them the sandbox's", () => {
    const accounts = AWS_ENVIRONMENTS.map((name) => load(name).account);
    assert.equal(new Set(accounts).size, accounts.length);
    assert.ok(!accounts.includes(local.account));
  });

  it('matches the accounts the pipeline stack may assume roles in (the example deployment)', () => {
    const byParameter: Record<string, string> = { dev: 'DevAccountId', qa: 'QaAccountId', uat: 'UatAccountId', prod: 'ProdAccountId' };
    for (const name of AWS_ENVIRONMENTS) assert.equal(SHARED_SERVICES.parameters[byParameter[name] ?? ''], load(name).account, name);
  });

  it('protects prod: read-only runs of @prod-safe scenarios only, writing nowhere but Athena results', () => {
    const prod = load('prod');
    assert.equal(prod.protected, true);
    assert.throws(() => checkConfirmation(prod, undefined), /protected/);
    assert.doesNotThrow(() => checkConfirmation(prod, 'prod'), 'the buildspec passes --confirm <TARGET_ENV>');
    const conjuncts = (prod.tags ?? '').split(/\s+and\s+/).map((term) => term.trim());
    assert.ok(!/\bor\b/.test(prod.tags ?? ''), `no alternative can select a scenario without ${PROD_SAFE_TAG}`);
    assert.ok(conjuncts.includes(PROD_SAFE_TAG), `tags "${prod.tags}" require ${PROD_SAFE_TAG}`);
    assert.deepEqual(
      prod.writablePrefixes.map((prefix) => physical(prod, prefix)),
      [physical(prod, prod.resources.athena.outputLocation!)],
    );
    assert.deepEqual(prod.cleanup.outputPrefixes, []);
    for (const name of ['dev', 'qa', 'uat']) assert.equal(load(name).protected, false, name);
  });

  it('does not run work-in-progress scenarios anywhere on AWS', () => {
    for (const name of AWS_ENVIRONMENTS) assert.match(load(name).tags ?? '', /\bnot @wip\b/, name);
  });
});

describe('what the features write, on AWS', () => {
  /** Every S3 location a step writes to in features/ (STEPS.md "S3"). */
  const writes = fs
    .readdirSync(path.join(PROJECT_ROOT, 'features'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.feature'))
    .flatMap((file) => {
      const text = fs.readFileSync(path.join(PROJECT_ROOT, 'features', file), 'utf8');
      return [
        ...text.matchAll(/(?:is uploaded to|are uploaded as CSV to) "(s3:\/\/[^"]+)"|the object "(s3:\/\/[^"]+)" is written with/g),
      ].map((match) => ({ file, target: match[1] ?? match[2] ?? '' }));
    });
  const render = (target: string) =>
    target
      .replace(/\$\{today(?:[+-]\d+d)?\}/g, '2026-01-02')
      .replace(/\$\{scenarioId\}/g, 'pf-20260102-030405-beef-s1a2b3c')
      .replace(/\$\{runId\}/g, 'pf-20260102-030405-beef');

  it('are found', () => {
    assert.ok(writes.length > 0, 'the features upload test files');
  });

  for (const name of ['dev', 'qa', 'uat']) {
    it(`are swept from the cleanup prefixes of ${name}.yml with the role's permission`, () => {
      const environment = load(name);
      const role = roleStatements(
        resolveTemplate(
          readPipelineTemplate('target-account-role.yaml'),
          targetRoleDeployment(name, environment.account, { readOnly: false }),
        ),
        'TestRunnerRole',
      );
      assert.ok(environment.cleanup.outputPrefixes.length > 0);
      for (const prefix of environment.cleanup.outputPrefixes) {
        const [, bucket = '', key = ''] = /^s3:\/\/([^/]+)\/(.*)$/.exec(prefix)!;
        const bucketName = `datalake-${name}-${bucket.replace(/-/g, '')}bucket-1a2b3c4d5e6f`;
        assert.ok(environment.writablePrefixes.includes(prefix), `${prefix} is one of writablePrefixes`);
        assert.ok(isAllowed(role, 's3:ListBucket', `arn:aws:s3:::${bucketName}`), `list ${bucketName}`);
        const output = `arn:aws:s3:::${bucketName}/${key}date=2026-01-02/${render('${scenarioId}')}.parquet`;
        assert.ok(isAllowed(role, 's3:DeleteObject', output), `delete ${output}`);
      }
    });

    it(`lie under the writable prefixes of ${name}.yml and are allowed by its role`, () => {
      const environment = load(name);
      const role = roleStatements(
        resolveTemplate(
          readPipelineTemplate('target-account-role.yaml'),
          targetRoleDeployment(name, environment.account, { readOnly: false }),
        ),
        'TestRunnerRole',
      );
      for (const { file, target } of writes) {
        assert.ok(
          environment.writablePrefixes.some((prefix) => target.startsWith(prefix)),
          `${file}: ${target} is outside writablePrefixes`,
        );
        const [, bucket = '', key = ''] = /^s3:\/\/([^/]+)\/(.*)$/.exec(render(target))!;
        // The sample lake's buckets are named <stack>-<logical id>-<suffix> by CloudFormation.
        const bucketName = `datalake-${name}-${bucket.replace(/-/g, '')}bucket-1a2b3c4d5e6f`;
        for (const action of ['s3:PutObject', 's3:PutObjectTagging', 's3:DeleteObject']) {
          assert.ok(isAllowed(role, action, `arn:aws:s3:::${bucketName}/${key}`), `${file}: ${action} on ${bucketName}/${key}`);
        }
      }
    });
  }
});
