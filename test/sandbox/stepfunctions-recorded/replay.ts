import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSONPath } from 'jsonpath-plus';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
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
  pythonJson,
  raisesException,
  sleepsFor,
  type StandInHandler,
} from '../../fixtures/stepfunctions/lambda-stand-in';
import { historyOf, ROLE_ARN, waitForExecution } from '../../fixtures/stepfunctions/sfn-client';
import { ACTORS, FIXTURES, serviceCall, type FixtureContext, type Produced, type ReplayClients } from './actions';

/**
 * Replays the AWS-validated LocalStack Step Functions tests vendored in test/parity/sfn/recorded
 * (see its README): each case is the sequence of calls the test made (create a state machine,
 * start an execution, read its history, validate a definition, …) and what AWS answered to the
 * calls whose answer the test recorded. The same calls go to the sandbox through the SDK, and
 * every recorded answer is compared with the sandbox's, event by event for histories.
 */
export type Step =
  | { op: 'create'; definition: string; type: string; name?: string }
  | { op: 'validate'; definition: string; type: string }
  | { op: 'start'; input: string; testCase?: string; stateMachineArn?: string }
  /** StartSyncExecution of the latest state machine created (EXPRESS). */
  | { op: 'startSync'; input: string; testCase?: string }
  | { op: 'history'; executionArn?: string }
  | { op: 'describe'; executionArn?: string }
  | { op: 'describeStateMachine' }
  /** A call the test made to an AWS service (boto3's service and operation names, its arguments). */
  | { op: 'call'; service: string; operation: string; args: Record<string, unknown> }
  /** A LocalStack fixture the test called (it creates a resource, or starts a worker). */
  | { op: 'fixture'; name: string; args: unknown[]; kwargs: Record<string, unknown> }
  /** A thread the test started (a worker answering a callback), by its function's name. */
  | { op: 'thread'; target: string; args: unknown[] }
  | { op: 'await'; until: string; execution: string }
  /** The mock configuration file the test wrote (the rest of the case runs on a sandbox with it). */
  | { op: 'mockConfig'; config: Record<string, unknown> }
  | { op: 'match'; key: string; of?: number; path?: string[]; literal?: unknown; normalise?: keyof typeof NORMALISERS };

export interface RecordedCase {
  test: string;
  category: string;
  capturedAt: string;
  recordedDate: string;
  validatedDate: string | null;
  templates: string[];
  lambdas: Array<{ name: string; handler: string }>;
  transformers: Transformer[];
  /** Paths LocalStack does not compare for this test; the replay leaves out those of SKIPPED_PATHS. */
  skips?: string[];
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
let caseCounter = 0;

/** A sandbox of the replay's own, for cases that need one (a mock configuration file). */
export type SandboxFactory = (options: { mockConfigFile?: string }) => Promise<ReplayClients & { stop(): Promise<void> }>;

/**
 * `⟦step/path⟧` in the timeline: what the test got from an earlier call. A string that is only a
 * placeholder becomes that value; one that contains placeholders gets their text.
 */
function resolvePlaceholders<T>(value: T, outcomes: readonly Outcome[], escape: (text: string) => string = (text) => text): T {
  const read = (step: string, path: string): unknown =>
    path
      .split('/')
      .filter((part) => part !== '')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], outcomes[Number(step)]?.value);
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const whole = /^\u27e6(\d+)((?:\/[^\u27e7]*)?)\u27e7$/.exec(node);
      if (whole) return read(whole[1]!, whole[2]!);
      // In JSON text the test built (json.dumps) the brackets are \u escapes, and the value goes in escaped.
      return node
        .replace(/\u27e6(\d+)((?:\/[^\u27e7]*)?)\u27e7/g, (_match, step: string, path: string) => {
          const found = read(step, path);
          return escape(typeof found === 'string' ? found : JSON.stringify(found));
        })
        .replace(/\\u27e6(\d+)((?:\/[^\\]*)?)\\u27e7/g, (_match, step: string, path: string) => {
          const found = read(step, path);
          return escape(JSON.stringify(typeof found === 'string' ? found : JSON.stringify(found)).slice(1, -1));
        });
    }
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walk(item)]));
    return node;
  };
  return walk(value) as T;
}

/**
 * Run the case's calls against the sandbox and compare every recorded answer. Resource names the
 * test derived from short_uid() are made unique to the case; a case that writes a mock
 * configuration file continues on a sandbox started with it.
 */
export async function replayCase(
  clients: ReplayClients,
  recorded: RecordedCase,
  options: { lambda: LambdaStandIn; newSandbox?: SandboxFactory },
): Promise<void> {
  const { newSandbox } = options;
  caseCounter += 1;
  const token = `c${caseCounter.toString(16).padStart(5, '0')}`;
  registerLambdas(options.lambda, JSON.parse(JSON.stringify(recorded).replaceAll('f00dca', token)) as RecordedCase);
  const steps = JSON.parse(JSON.stringify(recorded.steps).replaceAll('f00dca', token)) as Step[];
  const caseTransformers = JSON.parse(JSON.stringify(recorded.transformers).replaceAll('f00dca', token)) as Transformer[];
  const outcomes: Outcome[] = [];
  const produced: Produced = new Map();
  const background: Array<Promise<unknown>> = [];
  const caseOver = new AbortController();
  const mockFolders: string[] = [];
  let current = clients;
  let own: (ReplayClients & { stop(): Promise<void> }) | undefined;
  let stateMachineArn: string | undefined;
  let executionArn: string | undefined;
  let latestQueue: string | undefined;
  const histories: unknown[] = [];
  let unique = 0;
  const fixtureContext = (): FixtureContext => ({
    clients: current,
    background: (work) => background.push(work.catch((error: unknown) => error)),
    caseOver: caseOver.signal,
    unique: (prefix) => `${prefix}-${token}${(unique += 1)}`,
  });
  const attempt = async (call: () => Promise<unknown>): Promise<Outcome> => {
    try {
      return { value: await call() };
    } catch (error) {
      const failure = error as Error & { $metadata?: { httpStatusCode?: number } };
      return { error: { name: failure.name, message: failure.message, httpStatusCode: failure.$metadata?.httpStatusCode } };
    }
  };
  const createMachine = async (definition: string, type: string, name: string | undefined) => {
    machineCounter += 1;
    const created = await current.sfn.send(
      new CreateStateMachineCommand({
        name: name ?? `recorded-${machineCounter}`,
        roleArn: ROLE_ARN,
        definition,
        type: type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
      }),
    );
    stateMachineArn = created.stateMachineArn;
    return created;
  };
  try {
    for (const [index, raw] of steps.entries()) {
      const step = raw.op === 'match' ? raw : resolvePlaceholders(raw, outcomes);
      let outcome: Outcome = {};
      switch (step.op) {
        case 'create':
          outcome = await attempt(() => createMachine(step.definition, step.type, step.name));
          break;
        case 'validate':
          outcome = await attempt(() =>
            current.sfn.send(
              new ValidateStateMachineDefinitionCommand({
                definition: step.definition,
                type: step.type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
              }),
            ),
          );
          break;
        case 'start':
          outcome = await attempt(async () => {
            const machine = step.stateMachineArn ?? stateMachineArn;
            assert.ok(machine, `${recorded.test}: the state machine was created`);
            const input = shiftTimestamps(step.input, Date.now() - Date.parse(recorded.capturedAt));
            const started = await current.sfn.send(
              new StartExecutionCommand({ stateMachineArn: step.testCase ? `${machine}#${step.testCase}` : machine, input }),
            );
            executionArn = started.executionArn;
            const pending = recordedHistoryAfter(recorded, index);
            if (pending && !TERMINAL.test(pending.at(-1)?.type ?? '')) await waitForEvents(current.sfn, executionArn!, pending.length);
            else await waitForExecution(current.sfn, executionArn!, 120_000);
            return started;
          });
          break;
        case 'startSync':
          outcome = await attempt(async () => {
            const machine = stateMachineArn;
            assert.ok(machine, `${recorded.test}: the state machine was created`);
            return current.sfn.send(
              new StartSyncExecutionCommand({
                stateMachineArn: step.testCase ? `${machine}#${step.testCase}` : machine,
                input: step.input,
              }),
            );
          });
          break;
        case 'history':
          outcome = await attempt(async () => ({ events: await historyOf(current.sfn, step.executionArn ?? executionArn!) }));
          histories.push(outcome.value);
          break;
        case 'describe':
          outcome = await attempt(() =>
            current.sfn.send(new DescribeExecutionCommand({ executionArn: step.executionArn ?? executionArn })),
          );
          break;
        case 'describeStateMachine':
          outcome = await attempt(() => current.sfn.send(new DescribeStateMachineCommand({ stateMachineArn })));
          break;
        case 'call':
          outcome = await attempt(() => serviceCall(current, step.service, step.operation, step.args));
          if (step.service === 'stepfunctions' && step.operation === 'start_execution')
            executionArn = (outcome.value as { executionArn?: string } | undefined)?.executionArn ?? executionArn;
          break;
        case 'fixture': {
          const fixture = FIXTURES[step.name];
          if (!fixture) throw new Error(`The replay has no stand-in for LocalStack's fixture ${step.name}`);
          outcome = await attempt(() => fixture(fixtureContext(), step.args, step.kwargs));
          if (step.name === 'sqs_create_queue' || step.name === 'events_to_sqs_queue') latestQueue = outcome.value as string;
          break;
        }
        case 'thread': {
          const actor = ACTORS[step.target];
          if (!actor) throw new Error(`The replay has no stand-in for the test's worker ${step.target}`);
          assert.ok(latestQueue, `${recorded.test}: the worker ${step.target} has a queue to watch`);
          background.push(actor(current, latestQueue, produced).catch((error: unknown) => error));
          break;
        }
        case 'await':
          outcome = await attempt(() => waitForExecution(current.sfn, step.execution, 120_000));
          break;
        case 'mockConfig': {
          assert.ok(newSandbox, `${recorded.test}: the replay can start a sandbox with a mock configuration`);
          const folder = mkdtempSync(path.join(tmpdir(), 'sfn-mock-'));
          mockFolders.push(folder);
          const file = path.join(folder, 'MockConfigFile.json');
          writeFileSync(file, JSON.stringify(step.config));
          await own?.stop();
          own = await newSandbox({ mockConfigFile: file });
          current = own;
          outcome = { value: file };
          break;
        }
        case 'match': {
          caseOver.abort();
          await Promise.all(background);
          // The test's transformers may name what it got from a call (a queue URL): the sandbox's value.
          const transformers = caseTransformers.map((transformer) =>
            transformer.kind === 'regex'
              ? {
                  ...transformer,
                  pattern: resolvePlaceholders(transformer.pattern, outcomes, (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
                }
              : transformer,
          );
          try {
            compare(step, { ...recorded, transformers }, outcomes, histories, produced);
          } catch (error) {
            // What went wrong before (a call the sandbox refused) usually explains a difference.
            const failed = outcomes.flatMap((earlier, at) =>
              earlier.error && steps[at]?.op !== 'match'
                ? [`step ${at} (${steps[at]?.op}): ${earlier.error.name}: ${earlier.error.message}`]
                : [],
            );
            if (failed.length && error instanceof Error) error.message += `\n  after failed steps:\n  ${failed.join('\n  ')}`;
            throw error;
          }
          break;
        }
      }
      outcomes.push(outcome);
    }
  } finally {
    caseOver.abort();
    await Promise.race([Promise.all(background), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    await own?.stop();
    for (const folder of mockFolders) rmSync(folder, { recursive: true, force: true });
  }
}

function compare(
  step: Extract<Step, { op: 'match' }>,
  recorded: RecordedCase,
  outcomes: Outcome[],
  histories: unknown[],
  produced: Produced,
): void {
  const expected = recorded.recording[step.key];
  const label = `${recorded.test} [${step.key}]`;
  if (produced.has(step.key)) {
    // What a worker of the test collected (the messages it received): compared as the test recorded it.
    assertValueMatches(transformed(produced.get(step.key), recorded.transformers, recorded.recordedDate), expected, label);
    return;
  }
  if (step.of !== undefined) {
    const outcome = outcomes[step.of];
    assert.ok(outcome, `${label}: the recorded call was made`);
    if (outcome.error) assert.fail(`${label}: the sandbox answered ${outcome.error.name}: ${outcome.error.message}`);
    const answer = (step.path ?? []).reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], outcome.value);
    const raw = step.normalise ? NORMALISERS[step.normalise](structuredClone(answer), outcomes) : answer;
    const { $metadata: _metadata, ...members } = withoutSkipped(
      transformed(raw, recorded.transformers, recorded.recordedDate),
      recorded.skips,
    ) as Record<string, unknown>;
    const { ResponseMetadata: _responseMetadata, ...wanted } = withoutSkipped(structuredClone(expected), recorded.skips) as Record<
      string,
      unknown
    >;
    if (Array.isArray(members.events))
      assertRecordedHistory(
        asChainedThen(members.events as HistoryEvent[], recorded.recordedDate),
        wanted.events as RecordedEvent[],
        label,
      );
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
  const message = transformed(failed.error.message, recorded.transformers, recorded.recordedDate) as string;
  if (wanted.Error) {
    assert.equal(failed.error.name, wanted.Error.Code, `${label}: error code`);
    assertValueMatches(message, wanted.Error.Message, `${label}: error message`);
  } else if (wanted.exception_typename) {
    assert.equal(failed.error.name, wanted.exception_typename, `${label}: error type`);
    assertValueMatches(message, /: (.*)$/s.exec(wanted.exception_value ?? '')?.[1] ?? '', `${label}: error message`);
  } else assert.fail(`${label}: unknown recorded error shape ${JSON.stringify(expected)}`);
}

/** What a test did to an answer before recording it, done to the sandbox's answer (see REWORKED in the extractor). */
const NORMALISERS = {
  /**
   * test_map_item_reader_base_list_objects_v2: the last two events' output (the listed objects)
   * keeps Key, Size and StorageClass of each object, with a fixed Etag and LastModified, sorted by Key.
   */
  listedObjectsOutput: (history: unknown, _outcomes: readonly Outcome[]): unknown => {
    const events = (history as { events: Array<Record<string, { output?: string } | undefined>> }).events;
    const succeeded = events.at(-1)?.executionSucceededEventDetails;
    const exited = events.at(-2)?.stateExitedEventDetails;
    if (!succeeded?.output || !exited) return history;
    const objects = JSON.parse(succeeded.output) as Array<{ Key: string; Size: number; StorageClass: string }>;
    const normalised = objects
      .map(({ Key, Size, StorageClass }) => ({ Etag: `<Etag-${Key}>`, LastModified: '<date>', Key, Size, StorageClass }))
      .sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
    succeeded.output = exited.output = pythonJson(normalised);
    return history;
  },
  /** test_list_activities: the listing keeps the activities the test created. */
  ownActivities: (listing: unknown, outcomes: readonly Outcome[]): unknown => {
    const created = new Set(outcomes.map((outcome) => (outcome.value as { activityArn?: string } | undefined)?.activityArn));
    const { activities = [] } = listing as { activities?: Array<{ activityArn: string }> };
    return { ...(listing as object), activities: activities.filter((activity) => created.has(activity.activityArn)) };
  },
};

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

/**
 * What LocalStack's test does not compare (its skip_snapshot_verify) and the replay leaves out too:
 * the SDK's transport metadata of a service integration's result — its Content-Length counts the
 * bytes of resource names the replay cannot reproduce — and, in Step Functions Local's mocked
 * executions, what a mocked response does not declare (the redrive members of a nested execution's
 * description, the answer of the call that submitted a mocked callback or job).
 */
const SKIPPED_PATHS = new Set([
  // Billed durations: the replay runs waits and retry intervals a thousand times faster.
  '$..billingDetails',
  '$..SdkHttpMetadata',
  '$..SdkResponseMetadata',
  '$..ExecutedVersion',
  '$..RedriveCount',
  '$..RedriveStatus',
  '$..RedriveStatusReason',
  '$..events..taskSubmittedEventDetails.output',
]);

function withoutSkipped(value: unknown, skips: readonly string[] | undefined): unknown {
  for (const path of skips ?? []) {
    if (!SKIPPED_PATHS.has(path) || value === null || typeof value !== 'object') continue;
    JSONPath({
      path,
      json: value as object,
      resultType: 'all',
      callback: (found: { parent: Record<string, unknown> | null; parentProperty: string }) => {
        if (found.parent) delete found.parent[found.parentProperty];
      },
    });
  }
  return value;
}

/** Since November 2024 a distributed Map's MapStateExited chains from its MapRunStarted event, before from its MapRunSucceeded. */
const MAP_EXIT_CHAINING_CHANGE = '2024-11-01';

/** The sandbox's history, chained as AWS chained it when the case was recorded. */
export function asChainedThen(events: HistoryEvent[], recordedDate: string): HistoryEvent[] {
  if (isoDate(recordedDate) >= MAP_EXIT_CHAINING_CHANGE) return events;
  const types = new Map(events.map((event) => [event.id, event.type]));
  return events.map((event) => {
    if (event.type !== 'MapStateExited' || types.get(event.previousEventId) !== 'MapRunStarted') return event;
    const succeeded = events.find(
      (candidate) => candidate.type === 'MapRunSucceeded' && candidate.previousEventId === event.previousEventId,
    );
    return succeeded ? { ...event, previousEventId: succeeded.id } : event;
  });
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
