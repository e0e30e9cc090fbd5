import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PROJECT_ROOT } from '../../bin/project-root';
import { loadEnvironment } from '../../runner/environments/load-environment';
import { deriveActions, readSources, isReadAction, UnknownClientError, IMPLIED_ACTIONS } from './iam-actions';
import {
  asList,
  isAllowed,
  readPipelineTemplate,
  resolveTemplate,
  roleStatements,
  wildcardMatch,
  type PolicyStatement,
  type RequestContext,
} from './cloudformation';
import { SHARED_SERVICES, SHARED_SERVICES_ACCOUNT, targetRoleDeployment } from './deployments';

const source = (name: string, text: string) => ({ name, text });

describe('IAM actions derived from the source', () => {
  const cases: Array<{
    name: string;
    files: Array<{ name: string; text: string }>;
    target: string[];
    runner?: string[];
    unauthorized?: number;
  }> = [
    {
      name: 'a command maps to <prefix>:<operation>',
      files: [source('a.ts', "import { StartExecutionCommand } from '@aws-sdk/client-sfn';\nawait c.send(new StartExecutionCommand({}));")],
      target: ['states:StartExecution'],
    },
    {
      name: 'operations IAM authorizes under another name',
      files: [
        source(
          'a.ts',
          "import { ListObjectsV2Command, HeadObjectCommand, DeleteObjectsCommand } from '@aws-sdk/client-s3';\nimport { InvokeCommand } from '@aws-sdk/client-lambda';\n" +
            'new ListObjectsV2Command({}); new HeadObjectCommand({}); new DeleteObjectsCommand({}); new InvokeCommand({});',
        ),
      ],
      target: ['lambda:InvokeFunction', 's3:DeleteObject', 's3:GetObject', 's3:ListBucket'],
    },
    {
      name: 'aliases, namespace imports, and a write with tags',
      files: [
        source('a.ts', "import { PutObjectCommand as Put } from '@aws-sdk/client-s3';\nnew Put({ Bucket, Key, Tagging: tags });"),
        source('b.ts', "import * as glue from '@aws-sdk/client-glue';\nnew glue.GetTableCommand({});"),
      ],
      target: ['glue:GetTable', 's3:PutObject', 's3:PutObjectTagging'],
    },
    {
      name: 'lib-storage Upload: multipart under s3:PutObject, and abort',
      files: [source('a.ts', "import { Upload } from '@aws-sdk/lib-storage';\nawait new Upload({ client, params }).done();")],
      target: ['s3:AbortMultipartUpload', 's3:PutObject'],
    },
    {
      name: 'type-only imports, commented-out calls and other classes are not calls',
      files: [
        source(
          'a.ts',
          "import type { PutObjectCommandInput } from '@aws-sdk/client-s3';\nimport { type GetObjectCommand } from '@aws-sdk/client-s3';\n" +
            '// new GetObjectCommand({})\nconst when = new Date();\nnew Map();',
        ),
      ],
      target: [],
    },
    {
      name: 'Athena brings the catalog reads and the result writes it performs for the caller',
      files: [
        source(
          'a.ts',
          "import { StartQueryExecutionCommand, GetQueryResultsCommand } from '@aws-sdk/client-athena';\nnew StartQueryExecutionCommand({}); new GetQueryResultsCommand({});",
        ),
      ],
      target: ['athena:GetQueryResults', 'athena:StartQueryExecution', ...(IMPLIED_ACTIONS['athena:StartQueryExecution'] ?? [])].sort(),
    },
    {
      name: 'DDL sent through Athena needs Glue table writes',
      files: [
        source(
          'a.ts',
          'const ddl = `CREATE EXTERNAL TABLE ${db}.${name} (a string) LOCATION ...`;\nconst drop = `DROP TABLE IF EXISTS ${name}`;',
        ),
      ],
      target: ['glue:CreateTable', 'glue:DeleteTable'],
    },
    {
      name: "the identity check needs no permission; assuming the role is the runner's",
      files: [
        source('a.ts', "import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';\nnew GetCallerIdentityCommand({});"),
        source(
          'b.ts',
          "import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';\nfromTemporaryCredentials({ params: { RoleArn } });",
        ),
      ],
      target: [],
      runner: ['sts:AssumeRole'],
      unauthorized: 1,
    },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const derived = deriveActions(testCase.files);
      assert.deepEqual([...derived.targetRole.keys()].sort(), [...testCase.target].sort());
      assert.deepEqual([...derived.runnerRole.keys()].sort(), testCase.runner ?? []);
      assert.equal(derived.unauthorized.size, testCase.unauthorized ?? 0);
    });
  }

  it('refuses a client whose IAM prefix it does not know, saying what to do', () => {
    assert.throws(
      () =>
        deriveActions([source('support/x.ts', "import { PutRecordCommand } from '@aws-sdk/client-kinesis';\nnew PutRecordCommand({});")]),
      (error: Error) =>
        error instanceof UnknownClientError &&
        /support\/x\.ts:2 PutRecordCommand.*@aws-sdk\/client-kinesis.*SERVICE_PREFIX/.test(error.message),
    );
  });

  it("finds the framework's calls in support/, bin/ and steps/", () => {
    const derived = deriveActions(readSources(PROJECT_ROOT));
    assert.ok(derived.files.some((file) => file.startsWith('support/')) && derived.files.some((file) => file.startsWith('bin/')));
    for (const action of [
      'cloudformation:DescribeStacks',
      'ssm:GetParameter',
      's3:PutObject',
      's3:GetObject',
      's3:ListBucket',
      'states:StartExecution',
      'lambda:InvokeFunction',
      'logs:FilterLogEvents',
    ]) {
      assert.ok(derived.targetRole.has(action), `${action} is derived (the code calls it)`);
    }
    assert.ok(derived.runnerRole.has('sts:AssumeRole'), 'the environment role is assumed by the runner');
    for (const action of derived.targetRole.keys())
      assert.match(action, /^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/, `${action} is an IAM action name`);
  });
});

// ---------------------------------------------------------------------------------------------
// The sample data lake deployed as datalake-qa in the QA account, as the framework touches it.
const QA = '222222222222';
const at = `us-east-1:${QA}`;
const bucket = {
  landing: 'datalake-qa-landingbucket-1a2b3c4d5e6f',
  curated: 'datalake-qa-curatedbucket-0f9e8d7c6b5a',
  quarantine: 'datalake-qa-quarantinebucket-5a4b3c2d1e0f',
  results: 'datalake-qa-athenaresultsbucket-9a8b7c6d5e4f',
};
const scenario = 'pf-20260102-030405-beef-s1a2b3c';
const s3 = (name: string, key?: string) => `arn:aws:s3:::${name}${key === undefined ? '' : `/${key}`}`;
const testInput = s3(bucket.landing, `positions/date=2026-01-02/${scenario}.csv`);
const curatedOutput = s3(bucket.curated, `positions/as_of_date=2026-01-02/${scenario}.parquet`);
const quarantined = s3(bucket.quarantine, `positions/${scenario}.csv`);
const queryResult = s3(bucket.results, 'postflight/7d3f0c8e-1111-2222-3333-444455556666.csv');
const scratchCopy = s3(bucket.results, `postflight/postflight-tmp/${scenario}/1/positions.csv`);
// The ingest run registers the partition with a query whose results it keeps per landed file.
const ingestQueryResult = s3(bucket.results, `ingest/positions/date=2026-01-02/${scenario}.csv/0c1d2e3f-4444-5555-6666-777788889999.txt`);
const catalog = `arn:aws:glue:${at}:catalog`;
const database = `arn:aws:glue:${at}:database/datalake_qa_curated`;
const table = `arn:aws:glue:${at}:table/datalake_qa_curated/positions`;
const temporaryTable = `arn:aws:glue:${at}:table/datalake_qa_curated/postflight_tmp_${scenario.replace(/-/g, '_')}_1`;
const functionName = 'datalake-qa-ValidatePositionsFunction-AbCdEf123456';
const stateMachine = `arn:aws:states:${at}:stateMachine:datalake-qa-ingest-positions`;
const execution = `arn:aws:states:${at}:execution:datalake-qa-ingest-positions:pf-20260102-030405-beef-1`;
const workgroup = `arn:aws:athena:${at}:workgroup/datalake-qa-analytics`;
const lakeQueue = `arn:aws:sqs:${at}:datalake-qa-RoutingQueue-AbCdEf123456`;
const runQueue = `arn:aws:sqs:${at}:postflight-pf-20260102-030405-beef-topic-1`;
const lakeTopic = `arn:aws:sns:${at}:datalake-qa-AlertTopic-AbCdEf123456`;
const lakeBus = `arn:aws:events:${at}:event-bus/datalake-qa-bus`;
const runRuleOnLakeBus = `arn:aws:events:${at}:rule/datalake-qa-bus/postflight-pf-20260102-030405-beef-bus-1`;
const runRuleOnDefaultBus = `arn:aws:events:${at}:rule/postflight-pf-20260102-030405-beef-bus-2`;
const lakeTable = `arn:aws:dynamodb:${at}:table/datalake-qa-FileStatusTable-AbCdEf123456`;

/** A resource an action is used on, and whether Athena makes the request for the caller. */
type Sample = string | { resource: string; via: 'athena' };
const viaAthena = (resource: string): Sample => ({ resource, via: 'athena' });
const resourceOf = (sample: Sample) => (typeof sample === 'string' ? sample : sample.resource);
const contextOf = (sample: Sample): RequestContext => (typeof sample === 'string' ? {} : { 'aws:CalledVia': ['athena.amazonaws.com'] });
const describeSample = (sample: Sample) => (typeof sample === 'string' ? sample : `${sample.resource} (by Athena)`);

/**
 * Where each action is used on the sample data lake. Glue authorizes a table action on the
 * catalog, the database and the table: all three must be allowed. A new action derived from the
 * code needs its resources here.
 */
const SAMPLES: Record<string, Sample[]> = {
  'cloudformation:DescribeStacks': [`arn:aws:cloudformation:${at}:stack/datalake-qa/5e0c2a10-0b1c-11f0-8f8e-0affd4c2a7b1`],
  'ssm:GetParameter': [`arn:aws:ssm:${at}:parameter/datalake/qa/landing-bucket`],
  's3:GetObject': [testInput, curatedOutput, s3(bucket.curated, 'reference/securities/securities.csv'), queryResult],
  's3:GetObjectTagging': [testInput, curatedOutput],
  's3:ListBucket': [s3(bucket.landing), s3(bucket.curated), s3(bucket.results)],
  's3:GetBucketLocation': [s3(bucket.curated), s3(bucket.results)],
  's3:PutObject': [testInput, viaAthena(queryResult), scratchCopy],
  's3:PutObjectTagging': [testInput, scratchCopy],
  's3:DeleteObject': [testInput, curatedOutput, quarantined, ingestQueryResult, queryResult, scratchCopy],
  's3:AbortMultipartUpload': [testInput, viaAthena(queryResult)],
  's3:ListMultipartUploadParts': [viaAthena(queryResult)],
  's3:ListBucketMultipartUploads': [viaAthena(s3(bucket.results))],
  'lambda:InvokeFunction': [`arn:aws:lambda:${at}:function:${functionName}`],
  'logs:FilterLogEvents': [
    `arn:aws:logs:${at}:log-group:/aws/lambda/${functionName}`,
    `arn:aws:logs:${at}:log-group:/aws/lambda/${functionName}:*`,
  ],
  'states:StartExecution': [stateMachine],
  'states:DescribeExecution': [execution],
  'states:ListExecutions': [stateMachine],
  'states:StopExecution': [execution],
  'states:GetExecutionHistory': [execution],
  'athena:StartQueryExecution': [workgroup],
  'athena:GetQueryExecution': [workgroup],
  'athena:GetQueryResults': [workgroup],
  'glue:GetDatabase': [catalog, database],
  'glue:GetTable': [catalog, database, table],
  'glue:GetTables': [catalog, database, table],
  'glue:GetPartition': [catalog, database, table],
  'glue:GetPartitions': [catalog, database, table],
  'glue:CreateTable': [catalog, database, temporaryTable],
  'glue:DeleteTable': [catalog, database, temporaryTable],
  'sqs:SendMessage': [lakeQueue],
  'sqs:ReceiveMessage': [lakeQueue, runQueue],
  'sqs:ChangeMessageVisibility': [lakeQueue, runQueue],
  'sqs:DeleteMessage': [lakeQueue, runQueue],
  'sqs:CreateQueue': [runQueue],
  'sqs:SetQueueAttributes': [runQueue],
  'sqs:GetQueueAttributes': [runQueue],
  'sqs:DeleteQueue': [runQueue],
  'sqs:ListQueues': [`arn:aws:sqs:${at}:*`],
  'sns:Subscribe': [lakeTopic],
  'sns:Unsubscribe': [lakeTopic],
  'sns:ListSubscriptionsByTopic': [lakeTopic],
  'events:PutEvents': [lakeBus],
  'events:TestEventPattern': ['*'],
  'events:PutRule': [runRuleOnLakeBus, runRuleOnDefaultBus],
  'events:PutTargets': [runRuleOnLakeBus, runRuleOnDefaultBus],
  'events:RemoveTargets': [runRuleOnLakeBus, runRuleOnDefaultBus],
  'events:DeleteRule': [runRuleOnLakeBus, runRuleOnDefaultBus],
  'events:ListRules': [runRuleOnLakeBus],
  'dynamodb:DescribeTable': [lakeTable],
  'dynamodb:GetItem': [lakeTable],
  'dynamodb:PutItem': [lakeTable],
  'dynamodb:DeleteItem': [lakeTable],
};

/**
 * Actions IAM cannot scope to the resources the framework uses (Service Authorization Reference):
 * TestEventPattern names no resource; ListQueues is scoped to the account at most.
 */
const UNSCOPABLE: Readonly<Record<string, string>> = {
  'events:TestEventPattern': '*',
  'sqs:ListQueues': 'arn:aws:sqs:us-east-1:222222222222:*',
};

/** What a test run must never be able to do, in either variant. */
const NEVER: Array<[string, string]> = [
  ['s3:PutObject', s3(bucket.landing, 'positions/date=2026-01-02/daily-feed.csv')],
  ['s3:DeleteObject', s3(bucket.curated, 'positions/as_of_date=2026-01-02/part-00000.parquet')],
  ['s3:DeleteObject', s3(bucket.landing, 'positions/date=2026-01-02/daily-feed.csv')],
  ['s3:DeleteObject', s3(bucket.results, 'results/3a4b5c6d-0000-1111-2222-333344445555.csv')],
  ['s3:DeleteObject', s3(bucket.results, 'ingest/positions/date=2026-01-02/daily-feed.csv/0c1d2e3f.txt')],
  // Only Athena writes query results; the role's own requests cannot.
  ['s3:PutObject', queryResult],
  ['s3:PutObject', s3(bucket.results, 'results/other-team/report.csv')],
  ['s3:PutObject', s3('datalake-prod-landingbucket-aaaabbbbcccc', `positions/${scenario}.csv`)],
  ['s3:GetObject', s3('payments-ledger', 'statements/2026-01.csv')],
  ['s3:ListBucket', s3('payments-ledger')],
  ['glue:DeleteTable', table],
  ['glue:CreateTable', `arn:aws:glue:${at}:table/payments/postflight_tmp_x`],
  ['lambda:InvokeFunction', `arn:aws:lambda:${at}:function:payments-ledger-close`],
  ['states:StartExecution', `arn:aws:states:${at}:stateMachine:billing-run`],
  ['athena:StartQueryExecution', `arn:aws:athena:${at}:workgroup/primary`],
  ['ssm:GetParameter', `arn:aws:ssm:${at}:parameter/payments/db-password`],
  ['cloudformation:DescribeStacks', `arn:aws:cloudformation:${at}:stack/payments/0a1b2c3d`],
  ['s3:PutBucketPolicy', s3(bucket.landing)],
  ['iam:PassRole', `arn:aws:iam::${QA}:role/postflight-test-runner`],
  ['sqs:SendMessage', `arn:aws:sqs:${at}:payments-settlement-queue`],
  ['sqs:DeleteMessage', `arn:aws:sqs:${at}:payments-settlement-queue`],
  ['sqs:PurgeQueue', lakeQueue],
  ['sqs:DeleteQueue', lakeQueue],
  ['sqs:CreateQueue', `arn:aws:sqs:${at}:anything-else`],
  ['sns:Publish', lakeTopic],
  ['sns:Subscribe', `arn:aws:sns:${at}:payments-alerts`],
  ['events:PutRule', `arn:aws:events:${at}:rule/datalake-qa-bus/datalake-qa-ObjectCreatedRule`],
  ['events:PutTargets', `arn:aws:events:${at}:rule/datalake-qa-bus/datalake-qa-ObjectCreatedRule`],
  ['events:PutEvents', `arn:aws:events:${at}:event-bus/payments`],
  ['dynamodb:PutItem', `arn:aws:dynamodb:${at}:table/payments-ledger`],
  ['dynamodb:DeleteTable', lakeTable],
];

/**
 * Writes even the read-only variant makes: Athena's query results, which Athena writes for the
 * caller, and which the run removes after each scenario (its cleanup fails the scenario otherwise).
 */
const QUERY_WRITES: Array<[string, Sample]> = [
  ['athena:StartQueryExecution', workgroup],
  ['s3:PutObject', viaAthena(queryResult)],
  ['s3:AbortMultipartUpload', viaAthena(queryResult)],
  ['s3:DeleteObject', queryResult],
  ['s3:DeleteObject', scratchCopy],
];
const isQueryWrite = (action: string, sample: Sample) =>
  QUERY_WRITES.some(([a, r]) => a === action && JSON.stringify(r) === JSON.stringify(sample));

const derived = deriveActions(readSources(PROJECT_ROOT));
const required = [...derived.targetRole.keys()].sort();
const roleTemplate = readPipelineTemplate('target-account-role.yaml');

function statementsOf(readOnly: boolean): PolicyStatement[] {
  return roleStatements(resolveTemplate(roleTemplate, targetRoleDeployment('qa', QA, { readOnly })), 'TestRunnerRole');
}

function grantedActions(statements: PolicyStatement[]): string[] {
  return [...new Set(statements.filter((s) => s.Effect === 'Allow').flatMap((s) => asList(s.Action)))].sort();
}

const reasonsOf = (action: string) => [...(derived.targetRole.get(action) ?? [])].slice(0, 3).join('; ');

describe('the target-account role allows what the framework calls, and no more', () => {
  const statements = statementsOf(false);

  it('has a sample resource for every derived action', () => {
    const missing = required.filter((action) => !SAMPLES[action]);
    assert.deepEqual(
      missing,
      [],
      `add sample resources to SAMPLES in test/pipeline/iam.test.ts for: ${missing.map((a) => `${a} (${reasonsOf(a)})`).join(', ')}`,
    );
  });

  for (const action of required) {
    it(`allows ${action}`, () => {
      for (const sample of SAMPLES[action] ?? []) {
        assert.ok(
          isAllowed(statements, action, resourceOf(sample), contextOf(sample)),
          `${action} on ${describeSample(sample)} is denied; the code needs it: ${reasonsOf(action)}`,
        );
      }
    });
  }

  it('allows no action the code does not need', () => {
    const unneeded = grantedActions(statements).filter((action) => !derived.targetRole.has(action));
    assert.deepEqual(unneeded, [], 'pipeline/target-account-role.yaml allows actions nothing in support/, bin/ or steps/ calls');
  });

  it('uses no wildcard action, no "*" resource, no NotAction/NotResource and no Deny', () => {
    for (const statement of statements) {
      assert.equal(statement.Effect, 'Allow');
      assert.equal(statement.NotAction, undefined);
      assert.equal(statement.NotResource, undefined);
      for (const action of asList(statement.Action)) assert.doesNotMatch(action, /\*/, `${statement.Sid}: ${action}`);
      const actions = asList(statement.Action);
      for (const resource of asList(statement.Resource)) {
        if (actions.every((action) => UNSCOPABLE[action] === resource)) continue;
        assert.notEqual(resource, '*', `${statement.Sid} applies to every resource`);
        const [, partition, service, region, account, name] = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.*)$/.exec(resource) ?? [];
        assert.ok(partition && service && name, `${statement.Sid}: ${resource} is an ARN`);
        assert.doesNotMatch(
          `${partition}:${service}:${region}:${account}`,
          /\*/,
          `${statement.Sid}: ${resource} leaves the partition, service, region or account open`,
        );
        assert.doesNotMatch(name, /^\*/, `${statement.Sid}: ${resource} names every resource of its type`);
      }
    }
  });

  it('writes objects only under test-owned keys and the Athena result location', () => {
    const writable = targetRoleDeployment('qa', QA, { readOnly: false }).parameters.WritableObjectArns!.split(',');
    const results = `arn:aws:s3:::${targetRoleDeployment('qa', QA, { readOnly: false }).parameters.AthenaResultsBucket}/postflight/`;
    for (const statement of statements) {
      const writes = asList(statement.Action).filter((action) => action.startsWith('s3:') && !isReadAction(action));
      if (!writes.length) continue;
      for (const resource of asList(statement.Resource)) {
        assert.ok(writable.includes(resource) || resource.startsWith(results), `${statement.Sid}: ${writes.join(', ')} on ${resource}`);
      }
    }
  });

  for (const [action, resource] of NEVER) {
    it(`denies ${action} on ${resource.replace(/^arn:aws:/, '')}`, () => {
      assert.equal(isAllowed(statements, action, resource), false);
    });
  }
});

describe('the read-only variant (protected environments)', () => {
  const statements = statementsOf(true);
  const reads = required.filter(isReadAction);

  it('still allows every read the code makes', () => {
    for (const action of reads) {
      for (const sample of SAMPLES[action] ?? [])
        assert.ok(isAllowed(statements, action, resourceOf(sample), contextOf(sample)), `${action} on ${describeSample(sample)}`);
    }
  });

  it("allows no write but Athena's query results: written only by Athena, removed by the run", () => {
    for (const action of grantedActions(statements).filter((granted) => !isReadAction(granted))) {
      assert.ok(
        QUERY_WRITES.some(([queryAction]) => queryAction === action),
        `the read-only role allows ${action}`,
      );
    }
    const results = `arn:aws:s3:::${targetRoleDeployment('qa', QA, { readOnly: true }).parameters.AthenaResultsBucket}/postflight/*`;
    for (const statement of statements) {
      const s3Writes = asList(statement.Action).filter((action) => action.startsWith('s3:') && !isReadAction(action));
      if (!s3Writes.length) continue;
      assert.deepEqual(asList(statement.Resource), [results], `${statement.Sid}: ${s3Writes.join(', ')} only on the query results`);
      if (!s3Writes.every((action) => action === 's3:DeleteObject')) {
        assert.deepEqual(
          statement.Condition,
          { 'ForAnyValue:StringEquals': { 'aws:CalledVia': 'athena.amazonaws.com' } },
          `${statement.Sid}: only Athena writes`,
        );
      }
    }
    for (const action of required.filter((candidate) => !isReadAction(candidate))) {
      for (const sample of SAMPLES[action] ?? []) {
        assert.equal(
          isAllowed(statements, action, resourceOf(sample), contextOf(sample)),
          isQueryWrite(action, sample),
          `${action} on ${describeSample(sample)}`,
        );
      }
    }
    for (const [action, sample] of QUERY_WRITES)
      assert.ok(
        isAllowed(statements, action, resourceOf(sample), contextOf(sample)),
        `${action} on ${describeSample(sample)}: Athena could not run`,
      );
  });

  for (const [action, resource] of NEVER) {
    it(`denies ${action} on ${resource.replace(/^arn:aws:/, '')}`, () => {
      assert.equal(isAllowed(statements, action, resource), false);
    });
  }

  it('grants a subset of the writable variant', () => {
    const writable = new Set(grantedActions(statementsOf(false)));
    for (const action of grantedActions(statements)) assert.ok(writable.has(action), action);
  });
});

describe('who can assume the target-account role', () => {
  type Trust = { Statement: Array<PolicyStatement & { Principal: Record<string, unknown> }> };
  const trustOf = (parameters: Record<string, string> = {}) => {
    const deployment = targetRoleDeployment('qa', QA, { readOnly: false });
    const resolved = resolveTemplate(roleTemplate, { ...deployment, parameters: { ...deployment.parameters, ...parameters } });
    return resolved.resources.TestRunnerRole!.Properties.AssumeRolePolicyDocument as Trust;
  };

  it("is only the shared-services account's CodeBuild role", () => {
    const trust = trustOf();
    assert.equal(trust.Statement.length, 1);
    const statement = trust.Statement[0]!;
    assert.equal(statement.Effect, 'Allow');
    assert.deepEqual(asList(statement.Action), ['sts:AssumeRole']);
    assert.deepEqual(statement.Principal, { AWS: `arn:aws:iam::${SHARED_SERVICES_ACCOUNT}:role/postflight-codebuild` });
    assert.equal(statement.Condition, undefined);
  });

  it('requires the external id when one is set', () => {
    const statement = trustOf({ ExternalId: 'postflight-qa-7f3a' }).Statement[0]!;
    assert.deepEqual(statement.Condition, { StringEquals: { 'sts:ExternalId': 'postflight-qa-7f3a' } });
  });

  it("trusts the role the pipeline stack creates, which may assume each environment's role and no other", () => {
    const pipeline = resolveTemplate(readPipelineTemplate('post-deploy-pipeline.yaml'), SHARED_SERVICES);
    const codeBuildRole = pipeline.resources.CodeBuildRole!.Properties as { RoleName: string };
    assert.equal(codeBuildRole.RoleName, roleTemplate.Parameters!.CodeBuildRoleName!.Default);
    const runner = roleStatements(pipeline, 'CodeBuildRole');
    for (const name of ['dev', 'qa', 'uat', 'prod']) {
      const environment = loadEnvironment(name, PROJECT_ROOT);
      const roleArn = environment.credentials?.roleArn ?? '';
      assert.ok(
        roleArn.endsWith(`:role/${roleTemplate.Parameters!.RoleName!.Default}`),
        `${name}: ${roleArn} is the role target-account-role.yaml creates`,
      );
      for (const action of derived.runnerRole.keys()) assert.ok(isAllowed(runner, action, roleArn), `${action} on ${roleArn}`);
    }
    assert.equal(isAllowed(runner, 'sts:AssumeRole', `arn:aws:iam::${QA}:role/OrganizationAccountAccessRole`), false);
    assert.equal(isAllowed(runner, 'sts:AssumeRole', 'arn:aws:iam::555555555555:role/postflight-test-runner'), false);
  });

  it('gives the sessions time to finish the run', () => {
    for (const name of ['dev', 'qa', 'uat', 'prod']) {
      const duration = loadEnvironment(name, PROJECT_ROOT).credentials?.durationSeconds ?? 3600;
      assert.ok(
        duration <= Number(roleTemplate.Parameters!.MaxSessionDuration!.Default),
        `${name}: durationSeconds ${duration} exceeds the role's MaxSessionDuration`,
      );
    }
  });
});

describe('wildcardMatch (IAM semantics)', () => {
  const cases: Array<{ pattern: string; value: string; out: boolean }> = [
    { pattern: 'arn:aws:s3:::b-*/positions/*pf-*', value: 'arn:aws:s3:::b-1/positions/date=2026-01-02/pf-1.csv', out: true },
    { pattern: 'arn:aws:s3:::b-*/positions/*pf-*', value: 'arn:aws:s3:::b-1/positions/date=2026-01-02/feed.csv', out: false },
    { pattern: 'arn:aws:s3:::b?', value: 'arn:aws:s3:::b1', out: true },
    { pattern: 'arn:aws:s3:::b?', value: 'arn:aws:s3:::b12', out: false },
    { pattern: 'arn:aws:s3:::a.b', value: 'arn:aws:s3:::axb', out: false },
  ];
  for (const testCase of cases) {
    it(`${testCase.pattern} ${testCase.out ? 'matches' : 'does not match'} ${testCase.value}`, () => {
      assert.equal(wildcardMatch(testCase.pattern, testCase.value), testCase.out);
    });
  }
});
