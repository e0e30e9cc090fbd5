/**
 * Turns the timelines captured by `conftest.py` (what each AWS-validated LocalStack Step Functions
 * test did: which definitions it created, which inputs it started, which responses it recorded
 * under which snapshot key) and the snapshots recorded on AWS into the case files beside this
 * folder, one per LocalStack test module. See ../README.md for how to run it.
 *
 *   npx tsx test/parity/sfn/recorded/extractor/vendor.ts <capture-dir> <localstack-checkout>
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Step } from '../../../../sandbox/stepfunctions-recorded/replay';

/** A replayable step, or a call the replay does not make (such cases are not vendored). */
type CapturedStep = Step | { op: 'unsupported'; operation: string };

const COMMIT = '8b9a79f05846835cf4dff63ab7eefdde9df83783';
const V2 = 'tests/aws/services/stepfunctions/v2/';

/** LocalStack test modules replayed here: the language, the integrations, callbacks, activities, distributed Map, mocks. */
const MODULES = [
  'activities/test_activities.py',
  'callback/test_callback.py',
  'error_handling/test_aws_sdk.py',
  'error_handling/test_task_service_dynamodb.py',
  'error_handling/test_task_service_sfn.py',
  'error_handling/test_task_service_sqs.py',
  'local_mocking/test_base_callbacks.py',
  'local_mocking/test_base_scenarios.py',
  'services/test_aws_sdk_task_service.py',
  'services/test_dynamodb_task_service.py',
  'services/test_events_task_service.py',
  'services/test_sfn_task_service.py',
  'services/test_sns_task_service.py',
  'services/test_sqs_task_service.py',
  'test_sfn_api_activities.py',
  'test_sfn_api_express.py',
  'express/test_express_sync.py',
  'test_sfn_api_map_run.py',
  'timeouts/test_heartbeats.py',
  'arguments/test_arguments.py',
  'assign/test_assign_base.py',
  'assign/test_assign_reference_variables.py',
  'base/test_base.py',
  'base/test_wait.py',
  'choice_operators/test_boolean_equals.py',
  'choice_operators/test_is_operators.py',
  'choice_operators/test_numeric.py',
  'choice_operators/test_string_operators.py',
  'choice_operators/test_timestamp_operators.py',
  'comments/test_comments.py',
  'context_object/test_context_object.py',
  'error_handling/test_states_errors.py',
  'error_handling/test_task_lambda.py',
  'error_handling/test_task_service_lambda.py',
  'evaluate_jsonata/test_base_evaluate_expressions.py',
  'intrinsic_functions/test_array.py',
  'intrinsic_functions/test_array_jsonata.py',
  'intrinsic_functions/test_encode_decode.py',
  'intrinsic_functions/test_generic.py',
  'intrinsic_functions/test_hash_calculations.py',
  'intrinsic_functions/test_json_manipulation.py',
  'intrinsic_functions/test_json_manipulation_jsonata.py',
  'intrinsic_functions/test_math_operations.py',
  'intrinsic_functions/test_math_operations_jsonata.py',
  'intrinsic_functions/test_string_operations.py',
  'intrinsic_functions/test_unique_id_generation.py',
  'outputdecl/test_output.py',
  'query_language/test_base_query_language.py',
  'query_language/test_mixed_query_language.py',
  'scenarios/test_base_scenarios.py',
  'scenarios/test_sfn_scenarios.py',
  'services/test_lambda_task.py',
  'services/test_lambda_task_service.py',
  'states_variables/test_error_output.py',
  'test_sfn_api_validation.py',
  'timeouts/test_timeouts.py',
];

type Capture = {
  test: string;
  calls: Array<Record<string, unknown> & { kind: string }>;
  lambdas: Array<{ name: string; handler: string; runtime: string }>;
  templates: string[];
  transformers: Array<Record<string, string>>;
  error: string | null;
  capturedAt: string;
  skips?: string[];
};

/** `⟦call/path⟧` placeholders (what the test got from a call) renumbered from calls to steps. */
function renumber(value: unknown, stepOfCall: ReadonlyMap<number, number>): unknown {
  // Inside JSON text the test built (json.dumps), the brackets are written as \u escapes.
  if (typeof value === 'string')
    return value.replace(/(\u27e6|\\u27e6)(\d+)/g, (whole, bracket: string, call: string) => `${bracket}${stepOfCall.get(Number(call)) ?? call}`);
  if (Array.isArray(value)) return value.map((item) => renumber(item, stepOfCall));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renumber(item, stepOfCall)]));
  return value;
}

/** The Step Functions API calls the replay makes through the SFN client as named steps. */
const SFN_STEPS: Record<string, (args: Record<string, unknown>) => CapturedStep> = {
  validate_state_machine_definition: (args) => ({
    op: 'validate',
    definition: args.definition as string,
    type: String(args.type ?? 'STANDARD'),
  }),
  start_execution: (args) => ({ op: 'start', input: (args.input as string | undefined) ?? '{}', stateMachineArn: args.stateMachineArn as string }),
  get_execution_history: (args) => ({ op: 'history', executionArn: args.executionArn as string | undefined }),
  describe_execution: (args) => ({ op: 'describe', executionArn: args.executionArn as string | undefined }),
  describe_state_machine: () => ({ op: 'describeStateMachine' }),
};

function stepsOf(capture: Capture): CapturedStep[] {
  const steps: CapturedStep[] = [];
  const stepOfCall = new Map<number, number>();
  capture.calls.forEach((call, index) => {
    stepOfCall.set(index, steps.length);
    const name = typeof call.name === 'string' ? { name: call.name } : {};
    if (call.kind === 'create' || call.kind === 'create_state_machine') {
      steps.push({ op: 'create', definition: call.definition as string, type: String(call.type ?? 'STANDARD'), ...name });
    } else if (call.kind === 'start') {
      steps.push({ op: 'start', input: call.input as string, ...(typeof call.testCase === 'string' ? { testCase: call.testCase } : {}) });
    } else if (call.kind === 'history') steps.push({ op: 'history' });
    else if (call.kind === 'describe') steps.push({ op: 'describe' });
    else if (call.kind === 'start-sync') {
      steps.push({ op: 'startSync', input: call.input as string, ...(typeof call.testCase === 'string' ? { testCase: call.testCase } : {}) });
    } else if (call.kind === 'api') {
      const args = call.args as Record<string, unknown>;
      const named = call.service === 'stepfunctions' ? SFN_STEPS[String(call.operation)] : undefined;
      steps.push(named ? named(args) : { op: 'call', service: String(call.service), operation: String(call.operation), args });
    } else if (call.kind === 'fixture') {
      steps.push({ op: 'fixture', name: String(call.name), args: call.args as unknown[], kwargs: call.kwargs as Record<string, unknown> });
    } else if (call.kind === 'thread') steps.push({ op: 'thread', target: String(call.target), args: call.args as unknown[] });
    else if (call.kind === 'await') steps.push({ op: 'await', until: String(call.until), execution: call.execution as string });
    else if (call.kind === 'mock-config') steps.push({ op: 'mockConfig', config: call.config as Record<string, unknown> });
    else if (call.kind === 'match') {
      const source = call.source as number | null;
      steps.push({
        op: 'match',
        key: call.key as string,
        ...(source !== null ? { of: stepOfCall.get(source), path: call.path as string[] } : {}),
        ...(source === null && call.literal !== null ? { literal: call.literal } : {}),
      });
    } else steps.push({ op: 'unsupported', operation: call.kind });
  });
  return renumber(steps, stepOfCall) as CapturedStep[];
}

/**
 * Tests that cannot be replayed here, and why: AWS hung on one (the recording stops after
 * ExecutionStarted; LocalStack skips verifying it); another needs what the sandbox does not do.
 */
const NOT_REPLAYABLE: Record<string, string> = {
  'scenarios/test_base_scenarios.py::TestBaseScenarios::test_max_concurrency_path_negative': 'AWS stalled; nothing to compare',
  'base/test_base.py::TestSnfBase::test_event_bridge_events_base':
    'records the execution status-change events Step Functions sends to EventBridge, which the sandbox does not send',
};

/**
 * Tests that rework an answer in Python before recording it: the replay reworks the sandbox's
 * answer the same way (`NORMALISERS` in the replay) and compares it with the recording.
 */
const REWORKED: Record<string, { key: string; normalise: NonNullable<Extract<Step, { op: 'match' }>['normalise']> }> = {
  // Keeps only Key, Size and StorageClass of each listed object in the last two events' output, sorted by Key.
  'scenarios/test_base_scenarios.py::TestBaseScenarios::test_map_item_reader_base_list_objects_v2': {
    key: 'get_execution_history',
    normalise: 'listedObjectsOutput',
  },
  // Keeps only the activities the test created.
  'test_sfn_api_activities.py::TestSnfApiActivities::test_list_activities': { key: 'list_activities_response', normalise: 'ownActivities' },
};

/** The category a case counts under in the conformance summary (../README.md). */
export function categoryOf(module: string, test: string, steps: readonly CapturedStep[]): string {
  const name = (test.split('::').pop() ?? '').toLowerCase();
  const definitions = steps.flatMap((step) => ('definition' in step ? [step.definition] : []));
  if (definitions.some((definition) => /"Mode":\s*"DISTRIBUTED"/.test(definition)) || module === 'test_sfn_api_map_run.py') return 'distributed map';
  if (module.startsWith('local_mocking/')) return 'mocks';
  if (module.startsWith('callback/') || module === 'timeouts/test_heartbeats.py') return 'callbacks';
  if (module.startsWith('activities/') || module === 'test_sfn_api_activities.py') return 'activities';
  if (/^(services\/test_(sns|sqs|dynamodb|events|sfn|aws_sdk)_|error_handling\/test_(aws_sdk|task_service_(dynamodb|sfn|sqs))\.py)/.test(module))
    return 'integrations';
  if (/jsonata/.test(module) || /^(arguments|outputdecl|query_language|evaluate_jsonata|states_variables)\//.test(module)) return 'JSONata';
  if (module.startsWith('assign/')) return 'variables';
  if (module.startsWith('choice_operators/')) return 'choice';
  if (module.startsWith('intrinsic_functions/')) return 'intrinsics';
  if (module.startsWith('context_object/')) return 'context object';
  if (module === 'base/test_wait.py') return 'wait';
  if (module.startsWith('error_handling/') || module.startsWith('timeouts/')) return 'retry/catch';
  if (module.startsWith('services/')) return 'Lambda tasks';
  if (module === 'test_sfn_api_validation.py') return 'validation errors';
  // A definition AWS refused at CreateStateMachine: the test records that error.
  if (steps.some((step) => step.op === 'match' && step.of === undefined && step.literal === undefined)) return 'validation errors';
  if (/jsonata/.test(name)) return 'JSONata';
  if (/map/.test(name)) return 'map (inline)';
  if (/parallel/.test(name)) return 'parallel';
  if (/retry|catch|timeout|error/.test(name)) return 'retry/catch';
  if (/wait/.test(name)) return 'wait';
  if (/fail/.test(name)) return 'fail';
  if (/choice|path_based/.test(name)) return 'choice';
  if (/lambda/.test(name)) return 'Lambda tasks';
  return 'pass/IO';
}

/**
 * The AWS service a definition's Task calls that the sandbox does not serve (its test needs that
 * service's resources: a secret, an ECS cluster, an API), if any.
 */
function unservedService(definition: string): string | undefined {
  for (const [, resource = ''] of definition.matchAll(/"Resource":\s*"([^"]*)"/g)) {
    const service = /^arn:aws:states:::(?:aws-sdk:)?([a-z0-9-]+):/.exec(resource)?.[1];
    if (service && !['lambda', 'states', 'sfn', 's3', 'sqs', 'sns', 'dynamodb', 'events', 'eventbridge', 'athena', 'glue'].includes(service)) return service;
  }
  return undefined;
}

function main(): void {
  const [captureDir, checkout] = process.argv.slice(2);
  if (!captureDir || !checkout) throw new Error('usage: vendor.ts <capture-dir> <localstack-checkout>');
  const captures = readdirSync(captureDir).map((file) => {
    const full = path.join(captureDir, file);
    return { ...(JSON.parse(readFileSync(full, 'utf8')) as Capture), capturedAt: statSync(full).mtime.toISOString() };
  });
  const outDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  const skipped: string[] = [];
  for (const module of MODULES) {
    const testFile = V2 + module;
    const snapshotFile = testFile.replace(/\.py$/, '.snapshot.json');
    const validationFile = testFile.replace(/\.py$/, '.validation.json');
    const snapshots = JSON.parse(readFileSync(path.join(checkout, snapshotFile), 'utf8')) as Record<
      string,
      { 'recorded-date': string; 'recorded-content': Record<string, unknown> }
    >;
    const validations = existsSync(path.join(checkout, validationFile))
      ? (JSON.parse(readFileSync(path.join(checkout, validationFile), 'utf8')) as Record<string, { last_validated_date?: string }>)
      : {};
    const cases = [];
    for (const capture of captures.filter((candidate) => candidate.test.startsWith(testFile + '::'))) {
      const steps = stepsOf(capture);
      // A test that expects a call to fail (pytest.raises) stops where the stub did not fail: the
      // error it then records is the last call's.
      if (capture.error?.includes('DID NOT RAISE')) {
        const recordedKeys = Object.keys(snapshots[capture.test]?.['recorded-content'] ?? {});
        const matched = new Set(steps.flatMap((step) => (step.op === 'match' ? [step.key] : [])));
        for (const key of recordedKeys.filter((candidate) => !matched.has(candidate))) steps.push({ op: 'match', key });
      }
      const reworked = REWORKED[capture.test.slice(V2.length)];
      if (reworked) {
        const match = steps.find((step) => step.op === 'match' && step.key === reworked.key);
        const historyStep = steps.map((step) => step.op).lastIndexOf('history');
        if (match?.op === 'match') match.normalise = reworked.normalise;
        // The test matched a value the capture could not compute (its Python failed on a placeholder).
        else steps.push({ op: 'match', key: reworked.key, of: historyStep, path: [], normalise: reworked.normalise });
      }
      const snapshotKey = snapshots[capture.test]
        ? capture.test
        : Object.keys(snapshots).find((key) => key.startsWith(testFile + '::') && key.endsWith('::' + capture.test.split('::').pop()));
      // An answer in LocalStack's own words (its Python exception) was recorded on LocalStack, not AWS.
      const recordedOnLocalStack = /Error=[A-Za-z]+ Args=\[/.test(JSON.stringify(snapshots[snapshotKey ?? '']?.['recorded-content'] ?? {}));
      const unserved = steps.flatMap((step) => ('definition' in step ? [unservedService(step.definition)] : [])).find(Boolean);
      const reason = !snapshotKey
        ? 'no snapshot'
        : NOT_REPLAYABLE[capture.test.slice(V2.length)]
          ? NOT_REPLAYABLE[capture.test.slice(V2.length)]
          : capture.error?.startsWith('Skipped: ')
            ? `LocalStack skips it (${capture.error.slice('Skipped: '.length)})`
          : recordedOnLocalStack
            ? "recorded on LocalStack, not AWS (the answer is LocalStack's Python exception)"
          : steps.some((step) => step.op === 'unsupported')
            ? `calls ${steps.flatMap((step) => (step.op === 'unsupported' ? [step.operation] : [])).join(', ')}`
            : unserved && !module.startsWith('local_mocking/')
              ? `calls ${unserved}, which the sandbox does not serve`
              : !steps.some((step) => step.op === 'match')
                ? 'records nothing'
                : undefined;
      if (reason || !snapshotKey) {
        skipped.push(`${capture.test}: ${reason}`);
        continue;
      }
      const snapshot = snapshots[snapshotKey]!;
      cases.push({
        test: capture.test,
        category: categoryOf(module, capture.test, steps),
        ...(snapshotKey !== capture.test ? { snapshotKey } : {}),
        recordedDate: snapshot['recorded-date'],
        validatedDate: validations[capture.test]?.last_validated_date ?? validations[snapshotKey]?.last_validated_date ?? null,
        // Inputs a test computed from the clock (a timestamp days ahead) are shifted by the replay.
        capturedAt: capture.capturedAt,
        templates: [...new Set(capture.templates)],
        lambdas: capture.lambdas.map(({ name, handler }) => ({ name, handler })),
        // The test's snapshot transformers (what LocalStack replaced in AWS's answer): the replay
        // applies them to the sandbox's answer too.
        transformers: capture.transformers,
        // The snapshot paths LocalStack does not compare for this test (its skip_snapshot_verify).
        skips: capture.skips ?? [],
        steps,
        recording: snapshot['recorded-content'],
      });
    }
    cases.sort((a, b) => (a.test < b.test ? -1 : 1));
    const target = path.join(outDir, module.replace(/\.py$/, '.json'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(
      target,
      JSON.stringify({ source: { repo: 'localstack/localstack', commit: COMMIT, test: testFile, snapshot: snapshotFile }, cases }, null, 1) +
        '\n',
    );
    console.log(`${module}: ${cases.length} cases`);
  }
  writeFileSync(path.join(outDir, 'not-vendored.txt'), skipped.sort().join('\n') + '\n');
}

main();
