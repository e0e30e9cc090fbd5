import type { DataTable } from '@cucumber/cucumber';
import type { PostflightWorld } from '../support/world';
import { stepSection } from '../support/cucumber/define-steps';
import { expectTriggeredExecution } from '../support/stepfunctions/triggered-actions';
import { expectFunctionLogContains } from '../support/lambda/function-log';
import {
  expectedFrom,
  expectEvent,
  expectMessageOnQueue,
  expectNoMessageOnQueue,
  expectNotification,
  putEvent,
  sendToQueue,
} from '../support/messaging/messaging-actions';
import { expectItemMatches, expectNoItem, jsonObject, putItem } from '../support/dynamodb/items';
import { parseJsonDocString } from '../support/json-docstring';
import { pathRows } from '../support/matching/match-table';

const triggered = stepSection('Triggered work: executions, logs, queues, topics, events and DynamoDB items', 8);

triggered.Then(
  'the state machine {string} is started for {string} within {duration}',
  {
    example:
      'Then the state machine "ingest-positions" is started for "s3://landing/positions/date=${today}/${scenarioId}.csv" within 2 minutes',
    note: 'an execution started since the previous step whose input names the object (s3:// URI, {bucket, key}, S3 event record, EventBridge "Object Created", in SQS/SNS bodies); it becomes "the execution"',
  },
  async function (this: PostflightWorld, stateMachine: string, url: string, timeoutMs: number) {
    await expectTriggeredExecution(this, this.template(stateMachine), { object: this.resources.s3Location(this.template(url)) }, timeoutMs);
  },
);

triggered.Then(
  'the state machine {string} is started with input containing {string} within {duration}',
  {
    example: 'Then the state machine "ingest-positions" is started with input containing "${scenarioId}" within 2 minutes',
    note: 'an execution started since the previous step whose input carries the text; several fitting fail the step',
  },
  async function (this: PostflightWorld, stateMachine: string, text: string, timeoutMs: number) {
    await expectTriggeredExecution(this, this.template(stateMachine), { text: this.template(text) }, timeoutMs);
  },
);

triggered.Then(
  'the log of the Lambda function {string} contains {string} within {duration}',
  {
    example: 'Then the log of the Lambda function "route-file" contains "${scenarioId}" within 1 minute',
    note: "any invocation's log since the scenario started (the function's log group /aws/lambda/<name>)",
  },
  async function (this: PostflightWorld, functionName: string, text: string, timeoutMs: number) {
    await expectFunctionLogContains(this, this.template(functionName), this.template(text), timeoutMs);
  },
);

triggered.Given(
  'this message is sent to the queue {string}:',
  {
    example:
      'Given this message is sent to the queue "routing":\n  """json\n  { "bucket": "${bucket:landing}", "key": "positions/${scenarioId}.csv" }\n  """',
    note: 'JSON or text; on a FIFO queue the group id is the scenario id',
  },
  async function (this: PostflightWorld, queue: string, body: string) {
    await sendToQueue(this, this.template(queue), this.template(body));
  },
);

triggered.Then(
  'a message arrives on the queue {string} within {duration} containing:',
  {
    example:
      'Then a message arrives on the queue "failures" within 1 minute containing:\n  """json\n  { "key": "positions/${scenarioId}.csv" }\n  """',
    note: 'deep partial match (or a text); only the matching message is deleted, every other one is made visible again at once',
  },
  async function (this: PostflightWorld, queue: string, timeoutMs: number, expected: string) {
    await expectMessageOnQueue(this, this.template(queue), expectedFrom(this.template(expected)), timeoutMs);
  },
);

triggered.Then(
  'no message containing {string} arrives on the queue {string} within {duration}',
  { example: 'Then no message containing "${scenarioId}" arrives on the queue "routing-dlq" within 20 seconds' },
  async function (this: PostflightWorld, text: string, queue: string, timeoutMs: number) {
    await expectNoMessageOnQueue(this, this.template(queue), this.template(text), timeoutMs);
  },
);

triggered.Then(
  'a notification is published to the topic {string} within {duration} containing:',
  {
    example:
      'Then a notification is published to the topic "ingest-alerts" within 1 minute containing:\n  """json\n  { "status": "FAILED" }\n  """',
    note: "seen through the run's own subscription (an SQS queue); the Message is matched",
  },
  async function (this: PostflightWorld, topic: string, timeoutMs: number, expected: string) {
    await expectNotification(this, this.template(topic), expectedFrom(this.template(expected)), timeoutMs);
  },
);

triggered.Given(
  'this event is put on the bus {string}:',
  {
    example:
      'Given this event is put on the bus "datalake":\n  """json\n  { "source": "datalake.tests", "detail-type": "FileLanded", "detail": { "key": "positions/${scenarioId}.csv" } }\n  """',
    note: 'PutEvents',
  },
  async function (this: PostflightWorld, bus: string, event: string) {
    await putEvent(this, this.template(bus), parseJsonDocString(this.template(event), 'event'));
  },
);

triggered.Then(
  'an event matching this pattern is published on the bus {string} within {duration}:',
  {
    example:
      'Then an event matching this pattern is published on the bus "datalake" within 1 minute:\n  """json\n  { "source": ["datalake.ingest"], "detail-type": ["FileCurated"], "detail": { "key": [{ "suffix": "${scenarioId}.parquet" }] } }\n  """',
    note: "an EventBridge event pattern, evaluated by EventBridge (TestEventPattern) on what the run's own rule on the bus received",
  },
  async function (this: PostflightWorld, bus: string, timeoutMs: number, pattern: string) {
    await expectEvent(this, this.template(bus), parseJsonDocString(this.template(pattern), 'event pattern'), timeoutMs);
  },
);

triggered.Given(
  'this item is put in the DynamoDB table {string}:',
  {
    example:
      'Given this item is put in the DynamoDB table "file-status":\n  """json\n  { "pk": "positions/${scenarioId}.csv", "status": "NEW" }\n  """',
    note: 'plain JSON; refused if an item with its key exists; deleted after the scenario',
  },
  async function (this: PostflightWorld, table: string, item: string) {
    await putItem(this, this.template(table), jsonObject(parseJsonDocString(this.template(item), 'item'), 'item'));
  },
);

triggered.Then(
  'the item of the DynamoDB table {string} with key {} matches within {duration}:',
  {
    example:
      'Then the item of the DynamoDB table "file-status" with key {"pk": "positions/${scenarioId}.csv"} matches within 1 minute:\n  | path      | value   |\n  | $.status  | CURATED |',
    note: 'the key is JSON; read with strong consistency until it matches',
  },
  async function (this: PostflightWorld, table: string, key: string, timeoutMs: number, rows: DataTable) {
    await expectItemMatches(this, this.template(table), itemKey(this, key), this.templateDeep(pathRows(rows)), timeoutMs);
  },
);

triggered.Then(
  'the DynamoDB table {string} has no item with key {}',
  { example: 'Then the DynamoDB table "file-status" has no item with key {"pk": "positions/${scenarioId}.csv"}' },
  async function (this: PostflightWorld, table: string, key: string) {
    await expectNoItem(this, this.template(table), itemKey(this, key));
  },
);

function itemKey(world: PostflightWorld, written: string): Record<string, unknown> {
  return jsonObject(parseJsonDocString(world.template(written), 'item key'), 'item key');
}
