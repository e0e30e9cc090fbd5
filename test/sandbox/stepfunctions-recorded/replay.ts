import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSONPath } from 'jsonpath-plus';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  StartExecutionCommand,
  ValidateStateMachineDefinitionCommand,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import {
  assertEventMatches,
  assertHistoryMatches,
  assertValueMatches,
  type RecordedEvent,
} from '../../fixtures/stepfunctions/history-parity';
import {
  identity,
  LambdaStandIn,
  PythonError,
  raisesException,
  sleepsFor,
  type StandInHandler,
} from '../../fixtures/stepfunctions/lambda-stand-in';
import { historyOf, ROLE_ARN, waitForExecution } from '../../fixtures/stepfunctions/sfn-client';

/**
 * Replays the AWS-validated LocalStack Step Functions tests vendored in test/parity/sfn/recorded
 * (see its README): each case is the sequence of calls the test made (create a state machine,
 * start an execution, read its history, validate a definition, …) and what AWS answered to the
 * calls whose answer the test recorded. The same calls go to the sandbox through the SDK, and
 * every recorded answer is compared with the sandbox's, event by event for histories.
 */
export type Step =
  | { op: 'create'; definition: string; type: string }
  | { op: 'validate'; definition: string; type: string }
  | { op: 'start'; input: string }
  | { op: 'history' }
  | { op: 'describe' }
  | { op: 'describeStateMachine' }
  | { op: 'match'; key: string; of?: number; path?: string[]; literal?: unknown };

export interface RecordedCase {
  test: string;
  category: string;
  capturedAt: string;
  recordedDate: string;
  validatedDate: string | null;
  templates: string[];
  lambdas: Array<{ name: string; handler: string }>;
  transformers: Transformer[];
  steps: Step[];
  recording: Record<string, unknown>;
}

/** A LocalStack snapshot transformer: what the test replaced in AWS's answer before recording it. */
export type Transformer =
  { kind: 'regex'; pattern: string; replacement: string } | { kind: 'jsonpath'; jsonpath: string; replacement: string };

export interface CaseFile {
  source: { repo: string; commit: string; test: string; snapshot: string };
  cases: RecordedCase[];
}

const RECORDED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../parity/sfn/recorded');

/** Every vendored case file, by its path under recorded/ (e.g. `base/test_wait.json`). */
export function caseFiles(): Array<{ name: string; file: CaseFile }> {
  const found: Array<{ name: string; file: CaseFile }> = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) {
        if (entry !== 'extractor') walk(full);
      } else if (entry.endsWith('.json')) {
        found.push({ name: path.relative(RECORDED, full), file: JSON.parse(readFileSync(full, 'utf8')) as CaseFile });
      }
    }
  };
  walk(RECORDED);
  return found;
}

/** The test Lambdas, written for Node from LocalStack's Python handlers, answering as those do. */
const HANDLERS: Record<string, StandInHandler> = {
  'tests/aws/services/stepfunctions/templates/services/lambdafunctions/id_function.py': identity,
  'tests/aws/services/stepfunctions/lambda_functions/base/id_function.py': identity,
  'tests/aws/services/stepfunctions/lambda_functions/base/echo_function.py': async () => ({ Return: 'HelloWorld' }),
  'tests/aws/services/stepfunctions/templates/services/lambdafunctions/return_decorated_input.py': async (event) =>
    `input-event-${pythonRepr(event)}`,
  'tests/aws/services/stepfunctions/templates/errorhandling/lambdafunctions/raise_exception.py': raisesException,
  'tests/aws/services/stepfunctions/templates/errorhandling/lambdafunctions/raise_custom_exception.py': async () => {
    // The exception sets an attribute, not its args: Python's str(e), the errorMessage, is empty.
    throw new PythonError('CustomException', '', ['  File "/var/task/handler.py", line 9, in handler\n    raise CustomException()\n']);
  },
  // The Python runtime sends returned bytes as the payload itself: b'"HelloWorld!"' is the JSON string.
  'tests/aws/services/stepfunctions/templates/services/lambdafunctions/return_bytes_str.py': async () => 'HelloWorld!',
  'tests/aws/services/stepfunctions/templates/errorhandling/lambdafunctions/large_output_string.py': async () => 'a'.repeat(257 * 1024),
  'tests/aws/services/stepfunctions/templates/timeouts/lambdafunctions/wait_60_seconds.py': sleepsFor(60_000),
};

/** Python's `str()` of a JSON value, as an f-string shows it. */
function pythonRepr(value: unknown): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, member]) => `'${key}': ${pythonRepr(member)}`)
      .join(', ')}}`;
  }
  return String(value);
}

export function registerLambdas(lambda: LambdaStandIn, recorded: RecordedCase): void {
  for (const { name, handler } of recorded.lambdas) {
    const implementation = HANDLERS[handler];
    if (!implementation) throw new Error(`No Node stand-in for the Lambda handler ${handler}`);
    lambda.register(name, implementation, { python: true });
  }
}

const TERMINAL = /^Execution(Succeeded|Failed|Aborted|TimedOut)$/;

/** The events of the next recorded history, if the case records one after this step. */
function recordedHistoryAfter(recorded: RecordedCase, index: number): Array<{ type?: string }> | undefined {
  const match = recorded.steps.slice(index + 1).find((step) => step.op === 'match' && step.of !== undefined);
  const value = match?.op === 'match' ? recorded.recording[match.key] : undefined;
  return (value as { events?: Array<{ type?: string }> } | undefined)?.events;
}

/** An execution the recording caught while still running (a long Wait): wait for as many events. */
async function waitForEvents(sfn: SFNClient, executionArn: string, count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await historyOf(sfn, executionArn)).length < count && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
}

/**
 * A test that computed a timestamp from its clock (days ahead) ran at `capturedAt`: move such
 * timestamps by the time since, so the replay waits as long as the recorded run did.
 */
function shiftTimestamps(text: string, elapsedMs: number): string {
  return text.replace(/"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)"/g, (whole, stamp: string) => {
    const millis = Date.parse(stamp);
    if (Number.isNaN(millis) || millis < Date.now() - elapsedMs) return whole;
    return JSON.stringify(new Date(millis + elapsedMs).toISOString());
  });
}

type Outcome = { value?: unknown; error?: { name: string; message: string; httpStatusCode?: number } };

let machineCounter = 0;

/** Run the case's calls against the sandbox and compare every recorded answer. */
export async function replayCase(sfn: SFNClient, recorded: RecordedCase): Promise<void> {
  const outcomes: Outcome[] = [];
  let stateMachineArn: string | undefined;
  let executionArn: string | undefined;
  const histories: unknown[] = [];
  const attempt = async (call: () => Promise<unknown>): Promise<Outcome> => {
    try {
      return { value: await call() };
    } catch (error) {
      const failure = error as Error & { $metadata?: { httpStatusCode?: number } };
      return { error: { name: failure.name, message: failure.message, httpStatusCode: failure.$metadata?.httpStatusCode } };
    }
  };
  for (const [index, step] of recorded.steps.entries()) {
    let outcome: Outcome = {};
    switch (step.op) {
      case 'create':
        machineCounter += 1;
        outcome = await attempt(async () => {
          const created = await sfn.send(
            new CreateStateMachineCommand({
              name: `recorded-${machineCounter}`,
              roleArn: ROLE_ARN,
              definition: step.definition,
              type: step.type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
            }),
          );
          stateMachineArn = created.stateMachineArn;
          return created;
        });
        break;
      case 'validate':
        outcome = await attempt(() =>
          sfn.send(
            new ValidateStateMachineDefinitionCommand({
              definition: step.definition,
              type: step.type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
            }),
          ),
        );
        break;
      case 'start':
        outcome = await attempt(async () => {
          assert.ok(stateMachineArn, `${recorded.test}: the state machine was created`);
          const input = shiftTimestamps(step.input, Date.now() - Date.parse(recorded.capturedAt));
          const started = await sfn.send(new StartExecutionCommand({ stateMachineArn, input }));
          executionArn = started.executionArn;
          const pending = recordedHistoryAfter(recorded, index);
          if (pending && !TERMINAL.test(pending.at(-1)?.type ?? '')) await waitForEvents(sfn, executionArn!, pending.length);
          else await waitForExecution(sfn, executionArn!, 120_000);
          return started;
        });
        break;
      case 'history':
        outcome = await attempt(async () => ({ events: await historyOf(sfn, executionArn!) }));
        histories.push(outcome.value);
        break;
      case 'describe':
        outcome = await attempt(() => sfn.send(new DescribeExecutionCommand({ executionArn })));
        break;
      case 'describeStateMachine':
        outcome = await attempt(() => sfn.send(new DescribeStateMachineCommand({ stateMachineArn })));
        break;
      case 'match':
        compare(step, recorded, outcomes, histories);
        break;
    }
    outcomes.push(outcome);
  }
}

function compare(step: Extract<Step, { op: 'match' }>, recorded: RecordedCase, outcomes: Outcome[], histories: unknown[]): void {
  const expected = recorded.recording[step.key];
  const label = `${recorded.test} [${step.key}]`;
  if (step.of !== undefined) {
    const outcome = outcomes[step.of];
    assert.ok(outcome, `${label}: the recorded call was made`);
    if (outcome.error) assert.fail(`${label}: the sandbox answered ${outcome.error.name}: ${outcome.error.message}`);
    const raw = (step.path ?? []).reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], outcome.value);
    const { $metadata: _metadata, ...members } = transformed(raw, recorded.transformers, recorded.recordedDate) as Record<string, unknown>;
    const { ResponseMetadata: _responseMetadata, ...wanted } = expected as Record<string, unknown>;
    if (Array.isArray(members.events)) assertRecordedHistory(members.events as HistoryEvent[], wanted.events as RecordedEvent[], label);
    else assertValueMatches(members, wanted, label);
    return;
  }
  if (Array.isArray(step.literal) && Array.isArray(expected)) {
    // The choice-operator tests record [{input, output}] where output is the execution's output.
    assert.equal(histories.length, expected.length, `${label}: executions`);
    expected.forEach((item, index) => {
      const events = (histories[index] as { events: Array<{ executionSucceededEventDetails?: { output?: string } }> }).events;
      const output = events.find((event) => event.executionSucceededEventDetails)?.executionSucceededEventDetails?.output;
      assertValueMatches(output, (item as { output: unknown }).output, `${label}[${index}].output`);
    });
    return;
  }
  // A recorded error (pytest.raises): the last call that failed.
  const failed = [...outcomes].reverse().find((outcome) => outcome.error);
  assert.ok(failed?.error, `${label}: AWS answered an error (${JSON.stringify(expected)}), the sandbox did not`);
  const wanted = expected as { Error?: { Code: string; Message: string }; exception_typename?: string; exception_value?: string };
  if (wanted.Error) {
    assert.equal(failed.error.name, wanted.Error.Code, `${label}: error code`);
    assertValueMatches(failed.error.message, wanted.Error.Message, `${label}: error message`);
  } else if (wanted.exception_typename) {
    assert.equal(failed.error.name, wanted.exception_typename, `${label}: error type`);
    const message = /: (.*)$/s.exec(wanted.exception_value ?? '')?.[1] ?? '';
    assertValueMatches(failed.error.message, message, `${label}: error message`);
  } else assert.fail(`${label}: unknown recorded error shape ${JSON.stringify(expected)}`);
}

/**
 * AWS added `$$.Execution.RedriveCount` with redrives (2023-11-15); in a recording made before
 * (`recordedDate` as LocalStack writes it, `dd-mm-yyyy`), the sandbox's value is compared without it.
 */
const REDRIVE_LAUNCH = '2023-11-15';

/** LocalStack writes `dd-mm-yyyy, hh:mm:ss`. */
function isoDate(recordedDate: string): string {
  const match = /^(\d{2})-(\d{2})-(\d{4})/.exec(recordedDate);
  return match ? `${match[3]}-${match[2]}-${match[1]}` : recordedDate;
}

export function withoutLaterFields(value: unknown, recordedDate: string): unknown {
  if (isoDate(recordedDate) >= REDRIVE_LAUNCH) return value;
  const strip = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(strip);
    else if (node !== null && typeof node === 'object' && !(node instanceof Date)) {
      const object = node as Record<string, unknown>;
      const execution = object.Execution as Record<string, unknown> | undefined;
      if (execution && typeof execution === 'object' && 'RoleArn' in execution) delete execution.RedriveCount;
      Object.values(object).forEach(strip);
    }
  };
  strip(value);
  return value;
}

/**
 * The sandbox's answer as LocalStack records AWS's: JSON strings that begin with `{` parsed, then
 * the test's transformers applied (regex replacements in every string, JSONPath replacements).
 */
function transformed(value: unknown, transformers: readonly Transformer[], recordedDate: string): unknown {
  const regexes = transformers.flatMap((transformer) =>
    transformer.kind === 'regex' ? [{ pattern: new RegExp(transformer.pattern, 'g'), replacement: transformer.replacement }] : [],
  );
  // Inside a parsed JSON string, strings stay strings (LocalStack parses one level only).
  const walk = (node: unknown, parse: boolean): unknown => {
    if (typeof node === 'string') {
      if (parse && node.startsWith('{')) {
        try {
          return walk(JSON.parse(node), false);
        } catch {
          // not JSON after all: a plain string
        }
      }
      return regexes.reduce((text, { pattern, replacement }) => text.replace(pattern, () => replacement), node);
    }
    if (Array.isArray(node)) return node.map((item) => walk(item, parse));
    if (node !== null && typeof node === 'object' && !(node instanceof Date)) {
      return Object.fromEntries(Object.entries(node).map(([key, member]) => [walk(key, false) as string, walk(member, parse)]));
    }
    return node;
  };
  const out = withoutLaterFields(walk(value, true), recordedDate);
  for (const transformer of transformers) {
    if (transformer.kind !== 'jsonpath') continue;
    JSONPath({
      path: transformer.jsonpath,
      json: out as object,
      resultType: 'all',
      callback: (found: { parent: Record<string, unknown>; parentProperty: string }) => {
        found.parent[found.parentProperty] = transformer.replacement;
      },
    });
  }
  return out;
}

const PARALLEL_CLOSING = new Set(['ParallelStateSucceeded', 'ParallelStateAborted', 'ParallelStateExited', 'ParallelStateFailed']);

/**
 * LocalStack's SfnNoneRecursiveParallelTransformer, applied to the recordings of tests with
 * Parallel states: the events between ParallelStateStarted and the closing event get id `[0]`
 * and previousEventId 0 and are sorted (branch order is not deterministic). Its slice assignment
 * also drops events (ParallelStateSucceeded, and more when Parallels nest); the same rewrite is
 * applied to the sandbox's history, so the two compare like for like.
 */
export function normaliseParallelEvents(events: readonly HistoryEvent[]): RecordedEvent[] {
  const out = events.map((event) => ({ ...event }) as RecordedEvent);
  let start = 0;
  let sublist: RecordedEvent[] = [];
  let inSublist = false;
  for (let index = 0; index < out.length; index += 1) {
    const event = out[index]!;
    const type = String(event.type);
    if (PARALLEL_CLOSING.has(type)) {
      const removed = index - start;
      out.splice(start, removed, ...sublist);
      index += sublist.length - removed;
      inSublist = false;
    } else if (type === 'ParallelStateStarted') {
      inSublist = true;
      sublist = [];
      start = index + 1;
    } else if (inSublist) {
      event.id = [0];
      event.previousEventId = 0;
      sublist.push(event);
    }
  }
  return out;
}

/** Event by event; runs of `[0]` events (see normaliseParallelEvents) compare in any order. */
function assertRecordedHistory(actual: HistoryEvent[], recorded: RecordedEvent[], label: string): void {
  const normalised = recorded.some((event) => Array.isArray(event.id));
  if (!normalised) return assertHistoryMatches(actual, recorded, label);
  const events = normaliseParallelEvents(actual);
  const summary = (list: readonly { type?: unknown }[]) => list.map((event) => event.type).join(', ');
  assert.equal(
    events.length,
    recorded.length,
    `${label}: ${events.length} events (${summary(events)}), AWS recorded ${recorded.length} (${summary(recorded)})`,
  );
  for (let index = 0; index < recorded.length;) {
    if (!Array.isArray(recorded[index]!.id)) {
      assertEventMatches(events[index] as unknown as HistoryEvent, recorded[index]!, `${label} event #${index + 1}`);
      index += 1;
      continue;
    }
    let end = index;
    while (end < recorded.length && Array.isArray(recorded[end]!.id)) end += 1;
    const pending = events.slice(index, end);
    for (const expected of recorded.slice(index, end)) {
      const found = pending.findIndex((candidate) => {
        try {
          assertEventMatches(candidate as unknown as HistoryEvent, expected, 'branch event');
          return true;
        } catch {
          return false;
        }
      });
      assert.ok(
        found >= 0,
        `${label}: no branch event of the sandbox matches the recorded ${JSON.stringify(expected)} among ${JSON.stringify(pending)}`,
      );
      pending.splice(found, 1);
    }
    index = end;
  }
}
