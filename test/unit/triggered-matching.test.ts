import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { namesObject, objectReferences } from '../../support/matching/object-references';
import { closestCandidates, inputFits, type ExecutionCandidate } from '../../support/stepfunctions/triggered-execution';
import { contentOf } from '../../support/messaging/queue-messages';
import { expectedFrom, messageFits } from '../../support/messaging/messaging-actions';
import { observedNames, observerName, observerRunId } from '../../model/run-observers';
import { effectiveTags } from '../../runner/startup/protected-run';
import { refuseTestCasesOnAws } from '../../runner/startup/sandbox-only';
import { TEST_CASE_STEP } from '../../model/sandbox-only';
import { StartupError } from '../../model/startup-error';

const object = { bucket: 'landing-bucket', key: 'positions/date=2026-03-01/pf-1 a.csv' };
const eventBridgeObjectCreated = {
  version: '0',
  'detail-type': 'Object Created',
  source: 'aws.s3',
  detail: { bucket: { name: 'landing-bucket' }, object: { key: 'positions/date%3D2026-03-01/pf-1+a.csv', size: 10 } },
};
const s3EventRecord = {
  Records: [
    { eventSource: 'aws:s3', s3: { bucket: { name: 'landing-bucket' }, object: { key: 'positions/date%3D2026-03-01/pf-1+a.csv' } } },
  ],
};

describe('the object an execution input names', () => {
  const shapes: Record<string, unknown> = {
    's3:// URI': { file: 's3://landing-bucket/positions/date=2026-03-01/pf-1 a.csv'.replace(' ', '%20') },
    '{ bucket, key }': { bucket: 'landing-bucket', key: 'positions/date=2026-03-01/pf-1 a.csv' },
    '{ Bucket, Key }': { params: { Bucket: 'landing-bucket', Key: 'positions/date=2026-03-01/pf-1 a.csv' } },
    'S3 event record (URL-encoded key)': s3EventRecord,
    'EventBridge Object Created detail': eventBridgeObjectCreated,
    'SQS record with the EventBridge event as body': { Records: [{ messageId: 'm1', body: JSON.stringify(eventBridgeObjectCreated) }] },
    'SNS notification wrapping an S3 event, in an SQS body': {
      Records: [{ body: JSON.stringify({ Type: 'Notification', Message: JSON.stringify(s3EventRecord) }) }],
    },
    'object ARN': { resources: ['arn:aws:s3:::landing-bucket/positions/date=2026-03-01/pf-1%20a.csv'] },
  };
  for (const [shape, payload] of Object.entries(shapes)) {
    it(`finds it in: ${shape}`, () => assert.ok(namesObject(payload, object), JSON.stringify(objectReferences(payload))));
  }

  it('does not take another bucket, another key or a prefix of it for it', () => {
    assert.equal(namesObject({ bucket: 'other-bucket', key: object.key }, object), false);
    assert.equal(namesObject({ bucket: 'landing-bucket', key: 'positions/date=2026-03-01/pf-1 a.csv.bak' }, object), false);
    assert.equal(namesObject({ bucket: 'landing-bucket', key: 'positions/' }, object), false);
    assert.equal(namesObject('no object here', object), false);
  });

  it('fits an input by text, or by the object it names', () => {
    assert.equal(inputFits(JSON.stringify({ id: 'pf-1-sabc' }), { text: 'pf-1-sabc' }), true);
    assert.equal(inputFits(JSON.stringify({ id: 'pf-1-sabd' }), { text: 'pf-1-sabc' }), false);
    assert.equal(inputFits(JSON.stringify(eventBridgeObjectCreated), { object }), true);
  });

  it('ranks the closest inputs first: same bucket and nearest key, or nearest text', () => {
    const candidate = (name: string, input: unknown): ExecutionCandidate => ({
      executionArn: name,
      name,
      startDate: '',
      status: 'RUNNING',
      input: JSON.stringify(input),
    });
    const candidates = [
      candidate('unrelated', { hello: 'world' }),
      candidate('other-bucket', { bucket: 'elsewhere', key: object.key }),
      candidate('near-key', { bucket: 'landing-bucket', key: 'positions/date=2026-03-01/pf-2 a.csv' }),
    ];
    assert.deepEqual(
      closestCandidates(candidates, { object }).map((c) => c.name),
      ['near-key', 'other-bucket', 'unrelated'],
    );
    assert.equal(closestCandidates(candidates, { text: 'pf-2 a' })[0]?.name, 'near-key');
  });
});

describe('messages a scenario looks for', () => {
  it('reads the JSON a body carries, unwrapping an SNS notification', () => {
    assert.deepEqual(contentOf(JSON.stringify({ Type: 'Notification', Message: '{"status":"FAILED"}' })), { status: 'FAILED' });
    assert.deepEqual(contentOf('{"a":1}'), { a: 1 });
    assert.equal(contentOf('plain text'), 'plain text');
  });

  it('fits by deep partial match, or by text', () => {
    const message = { body: '{"key":"k1","status":"FAILED","extra":[1,2]}', content: { key: 'k1', status: 'FAILED', extra: [1, 2] } };
    assert.equal(messageFits(message, expectedFrom('{ "status": "FAILED" }')), true);
    assert.equal(messageFits(message, expectedFrom('{ "status": "OK" }')), false);
    assert.equal(messageFits(message, expectedFrom('k1')), true);
    assert.equal(messageFits(message, expectedFrom('k2')), false);
  });
});

describe('what a run observes and refuses before it starts', () => {
  it('observes the topics and buses its scenarios name literally in the observing steps', () => {
    const steps = [
      'a notification is published to the topic "alerts" within 1 minute containing:',
      'a notification is published to the topic "alerts" within 2 minutes containing:',
      'an event matching this pattern is published on the bus "datalake" within 1 minute:',
      'this event is put on the bus "other":',
    ];
    assert.deepEqual(observedNames(steps), { topics: ['alerts'], buses: ['datalake'] });
  });

  it('names its observers with the run id, and recognises only those', () => {
    const name = observerName('pf-20260102-030405-beef', 'bus', 2);
    assert.equal(name, 'postflight-pf-20260102-030405-beef-bus-2');
    assert.equal(observerRunId(name), 'pf-20260102-030405-beef');
    assert.equal(observerRunId('datalake-qa-RoutingQueue-AbC'), undefined);
    assert.equal(observerRunId('postflight-something-else'), undefined);
  });

  it('leaves @sandbox-only scenarios out of AWS runs unless the tags ask for them', () => {
    assert.equal(effectiveTags({ protected: false }, undefined), 'not @sandbox-only');
    assert.equal(effectiveTags({ protected: false }, '@smoke'), '(@smoke) and not @sandbox-only');
    assert.equal(effectiveTags({ protected: false }, '@sandbox-only'), '@sandbox-only');
    assert.equal(effectiveTags({ protected: false, sandbox: {} }, '@smoke'), '@smoke');
    assert.equal(effectiveTags({ protected: true }, undefined), '(@prod-safe) and not @sandbox-only');
  });

  it('refuses test-case scenarios on AWS only', () => {
    const scenarios = [
      {
        name: 'mocked',
        uri: 'features/a.feature',
        line: 3,
        tags: [],
        steps: ['the state machine "ingest" is started with test case "HappyPath" and input:'],
      },
      { name: 'real', uri: 'features/a.feature', line: 9, tags: [], steps: ['the state machine "ingest" is started with input:'] },
    ];
    assert.throws(
      () => refuseTestCasesOnAws({ name: 'qa' }, scenarios),
      (error: Error) =>
        error instanceof StartupError && /features\/a\.feature:3 +mocked/.test(error.message) && !/real/.test(error.message),
    );
    assert.doesNotThrow(() => refuseTestCasesOnAws({ name: 'local', sandbox: {} }, scenarios));
    assert.equal(TEST_CASE_STEP.test('the state machine "x" is started with test case "Y" and input from "f.json"'), true);
    assert.equal(TEST_CASE_STEP.test('the state machine "x" is started with input from "f.json"'), false);
  });
});
