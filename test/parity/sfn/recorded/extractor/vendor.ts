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

/** LocalStack test modules replayed here: the language, not the service integrations or the API surface. */
const MODULES = [
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
};

function stepsOf(capture: Capture): CapturedStep[] {
  const steps: CapturedStep[] = [];
  const stepOfCall = new Map<number, number>();
  capture.calls.forEach((call, index) => {
    stepOfCall.set(index, steps.length);
    if (call.kind === 'create' || call.kind === 'create_state_machine') {
      steps.push({ op: 'create', definition: call.definition as string, type: String(call.type ?? 'STANDARD') });
    } else if (call.kind === 'start') steps.push({ op: 'start', input: call.input as string });
    else if (call.kind === 'history') steps.push({ op: 'history' });
    else if (call.kind === 'describe') steps.push({ op: 'describe' });
    else if (call.kind === 'api') {
      const args = call.args as Record<string, unknown>;
      switch (call.operation) {
        case 'validate_state_machine_definition':
          steps.push({ op: 'validate', definition: args.definition as string, type: String(args.type ?? 'STANDARD') });
          break;
        case 'start_execution':
          steps.push({ op: 'start', input: (args.input as string | undefined) ?? '{}' });
          break;
        case 'get_execution_history':
          steps.push({ op: 'history' });
          break;
        case 'describe_execution':
          steps.push({ op: 'describe' });
          break;
        case 'describe_state_machine':
          steps.push({ op: 'describeStateMachine' });
          break;
        default:
          steps.push({ op: 'unsupported', operation: String(call.operation) });
      }
    } else if (call.kind === 'match') {
      const source = call.source as number | null;
      steps.push({
        op: 'match',
        key: call.key as string,
        ...(source !== null ? { of: stepOfCall.get(source), path: call.path as string[] } : {}),
        ...(source === null && call.literal !== null ? { literal: call.literal } : {}),
      });
    } else steps.push({ op: 'unsupported', operation: call.kind });
  });
  return steps;
}

/**
 * Tests that cannot be replayed here, and why: AWS hung on this one (the recording stops after
 * ExecutionStarted; LocalStack skips verifying it).
 */
const NOT_REPLAYABLE: Record<string, string> = {
  'scenarios/test_base_scenarios.py::TestBaseScenarios::test_max_concurrency_path_negative': 'AWS stalled; nothing to compare',
};

/** The category a case counts under in the conformance summary (../README.md). */
export function categoryOf(module: string, test: string, steps: readonly CapturedStep[]): string {
  const name = (test.split('::').pop() ?? '').toLowerCase();
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

/** Task resources other than Lambda: those cases belong to the integrations, replayed elsewhere. */
function usesOtherIntegrations(definition: string): boolean {
  const resources = [...definition.matchAll(/"Resource":\s*"([^"]*)"/g)].map((match) => match[1] ?? '');
  return resources.some((resource) => !/^arn:aws:lambda:|^arn:aws:states:::lambda:invoke$|^_tbd_$/.test(resource));
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
      const snapshotKey = snapshots[capture.test]
        ? capture.test
        : Object.keys(snapshots).find((key) => key.startsWith(testFile + '::') && key.endsWith('::' + capture.test.split('::').pop()));
      const reason = !snapshotKey
        ? 'no snapshot'
        : NOT_REPLAYABLE[capture.test.slice(V2.length)]
          ? NOT_REPLAYABLE[capture.test.slice(V2.length)]
          : steps.some((step) => step.op === 'create' && /"Mode":\s*"DISTRIBUTED"/.test(step.definition))
            ? 'Distributed Map (replayed with the later Distributed Map work)'
        : steps.some((step) => step.op === 'unsupported')
          ? `calls ${steps.flatMap((step) => (step.op === 'unsupported' ? [step.operation] : [])).join(', ')}`
          : steps.some((step) => (step.op === 'create' || step.op === 'validate') && usesOtherIntegrations(step.definition))
            ? 'uses a service integration other than Lambda'
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
