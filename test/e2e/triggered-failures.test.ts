import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Sandbox } from '../../sandbox/sandbox';
import type { ScenarioResult } from '../../model/scenario-result';
import {
  assertMessageCarries,
  byName,
  readScenarioResults,
  runOnSandbox,
  sampleLakeSandbox,
  temporaryDirectory,
  type CliResult,
} from '../helpers/postflight-cli';

const SCENARIO_ID = 'pf-\\d{8}-\\d{6}-[0-9a-f]{4}-s[0-9a-f]{6}';

/**
 * Each scenario of test/features/process/triggered-failures.feature: its expected status and what its message
 * must say — what was expected, and the candidates observed instead (executions, messages,
 * notifications, events, items, log lines), so that a reader sees why nothing matched.
 */
const EXPECTATIONS: Record<string, { status: string; message?: Array<string | RegExp> }> = {
  'Control — a dropped file is followed to its status item': { status: 'PASSED' },
  'The execution was never started': {
    status: 'FAILED',
    message: [
      new RegExp(
        `No execution of "ingest-positions" whose input names s3://datalake-landingbucket-[0-9a-f]+/positions/date=[-0-9]+/${SCENARIO_ID}\\.csv started within 3 s`,
      ),
      /looked at: [1-9]\d* execution\(s\) started/,
      new RegExp(`closest inputs:[\\s\\S]*"key": "positions/inbound/date=[-0-9]+/${SCENARIO_ID}-routed\\.csv"`),
    ],
  },
  'Another message arrived': {
    status: 'FAILED',
    message: [
      'No message containing {"sentBy":',
      'arrived on the queue "routing-dlq" within 30 s',
      /1 other message\(s\) seen \(left for their consumers\)/,
      new RegExp(`"note":"not a file event","sentBy":"${SCENARIO_ID}"`),
    ],
  },
  'The notification was never published': {
    status: 'FAILED',
    message: [
      'was published to the topic "ingest-alerts" within 3 s',
      /other notification\(s\) seen/,
      new RegExp(`"key":"positions/inbound/date=[-0-9]+/${SCENARIO_ID}-bad\\.csv"`),
      "seen through the run's subscription",
    ],
  },
  'The item is in another state': {
    status: 'FAILED',
    message: [
      /The item of the DynamoDB table "file-status" with key \{"pk":"positions\/inbound\/date=[-0-9]+\/pf-[^"]+\.csv"\} is in another state after 3 s/,
      '$.status',
      'CURATED',
      'FAILED',
    ],
  },
  'The event was never seen on the bus': {
    status: 'FAILED',
    message: [
      'was seen on the bus "datalake" within 3 s',
      // The events seen are shown (their detail is cut after the first 400 characters, past the resources).
      /[1-9]\d* other event\(s\) seen \(left for their consumers\)[\s\S]*"detail-type":"FileCurated","source":"datalake\.ingest"/,
      "seen through the run's rule",
    ],
  },
  'The log never says it': {
    status: 'FAILED',
    message: [
      /The log of the Lambda function "route-file" has no line containing "cannot route message carrying pf-[^"]+" within 2 s/,
      /looked at: [1-9]\d* line\(s\) of \/aws\/lambda\/datalake-RouteFileFunction-/,
      new RegExp(`routed s3://datalake-landingbucket-[0-9a-f]+/positions/inbound/date=[-0-9]+/${SCENARIO_ID}\\.csv`),
    ],
  },
  'A message arrived that should not have': {
    status: 'FAILED',
    message: [
      /A message containing "pf-[^"]+" arrived on the queue "routing-dlq" \(expected none within 30 s\)/,
      'not a file event either',
      'message id:',
    ],
  },
};

describe('postflight run: triggered work that did not happen says what was seen instead', () => {
  let sandbox: Sandbox;
  let run: CliResult;
  let results: Map<string, ScenarioResult>;

  before(async () => {
    sandbox = await sampleLakeSandbox();
    const reports = temporaryDirectory('triggered-failures');
    run = await runOnSandbox(sandbox, reports, ['test/features/process/triggered-failures.feature']);
    results = byName(readScenarioResults(reports));
  });
  after(async () => {
    await sandbox.stop();
  });

  it('exits 1: the gate fails', () => {
    assert.equal(run.code, 1, run.stdout + run.stderr);
  });

  it('ran exactly the scenarios of the feature', () => {
    assert.deepEqual([...results.keys()].sort(), Object.keys(EXPECTATIONS).sort());
  });

  for (const [name, expectation] of Object.entries(EXPECTATIONS)) {
    it(`${name}: ${expectation.status}`, () => {
      const result = results.get(name);
      assert.ok(result, `scenario "${name}" did not run`);
      assert.equal(result.status, expectation.status, result.message);
      assertMessageCarries(name, result.message, expectation.message ?? []);
    });
  }
});
