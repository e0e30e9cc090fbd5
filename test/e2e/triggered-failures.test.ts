import { describeFailingFeature, type ScenarioExpectation } from '../helpers/failing-features';

const SCENARIO_ID = 'pf-\\d{8}-\\d{6}-[0-9a-f]{4}-s[0-9a-f]{6}';

/**
 * Each scenario of test/features/process/triggered-failures.feature: its expected status and what its message
 * must say — what was expected, and the candidates observed instead (executions, messages,
 * notifications, events, items, log lines), so that a reader sees why nothing matched.
 */
const EXPECTATIONS: Record<string, ScenarioExpectation> = {
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

describeFailingFeature(
  'postflight run: triggered work that did not happen says what was seen instead',
  'test/features/process/triggered-failures.feature',
  EXPECTATIONS,
);
