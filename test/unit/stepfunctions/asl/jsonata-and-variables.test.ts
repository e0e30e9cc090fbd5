import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { formatDiagnostics, validateDefinition } from '../../../../sandbox/services/stepfunctions/asl/validate';
import { localProvider, typesOf } from '../../../fixtures/stepfunctions/local-provider';

/**
 * JSONata states and workflow variables through a whole execution (outcome and history), for what
 * the AWS recordings (test/parity/sfn/recorded) do not cover: AWS's added functions, `$eval`, the
 * scope rules and the order in which Assign and Output see variables.
 */
const jsonata = (states: Record<string, unknown>) => ({ QueryLanguage: 'JSONata', StartAt: Object.keys(states)[0], States: states });
const output = (expression: string) => jsonata({ P: { Type: 'Pass', Output: `{% ${expression} %}`, End: true } });

describe('JSONata functions AWS adds (asl/jsonata)', () => {
  const { run } = localProvider();
  const cases: Array<{ in: string; out: unknown }> = [
    { in: '$partition([1, 2, 3, 4, 5], 2)', out: [[1, 2], [3, 4], [5]] },
    { in: '$range(0, 10, 5)', out: [0, 5, 10] },
    { in: "$hash('hello', 'SHA-256')", out: createHash('sha256').update('hello').digest('hex') },
    { in: `$parse('{"a": [1, true]}')`, out: { a: [1, true] } },
    { in: '$random() < 1', out: true },
  ];
  for (const { in: expression, out } of cases) {
    it(`${expression} is ${JSON.stringify(out)}`, async () => {
      const outcome = await run(output(expression));
      assert.equal(outcome.status, 'SUCCEEDED', outcome.cause);
      assert.deepEqual(outcome.output, out);
    });
  }

  it('$uuid() is a version 4 UUID', async () => {
    const outcome = await run(output('$uuid()'));
    assert.match(outcome.output as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('refuses $eval: the state fails with States.QueryEvaluationError after an EvaluationFailed event', async () => {
    const outcome = await run(output("$eval('1 + 1')"));
    assert.equal(outcome.status, 'FAILED');
    assert.equal(outcome.error, 'States.QueryEvaluationError');
    assert.match(
      outcome.cause ?? '',
      /The JSONata expression '\$eval\('1 \+ 1'\)' specified for the field 'Output' threw an error.*\$eval is not supported/,
    );
    assert.deepEqual(typesOf(outcome.events), ['ExecutionStarted', 'PassStateEntered', 'EvaluationFailed', 'ExecutionFailed']);
  });

  it("refuses JSONata 2.1's ?? and ?: operators when the state machine is created (AWS runs the 2.0 specification)", () => {
    for (const expression of ['$x ?? 1', '$x ?: 1']) {
      assert.match(
        formatDiagnostics(validateDefinition(JSON.stringify(output(expression))).diagnostics),
        /^SCHEMA_VALIDATION_FAILED: The JSONata expression '.*' is invalid: .* at \/States\/P\/Output$/,
      );
    }
  });

  it('a Catch in JSONata sees $states.errorOutput, and its Output defaults to it', async () => {
    const outcome = await run(
      jsonata({
        T: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:000000000000:function:missing',
          Catch: [{ ErrorEquals: ['States.ALL'], Assign: { error: '{% $states.errorOutput.Error %}' }, Next: 'Done' }],
          End: true,
        },
        Done: { Type: 'Pass', Output: '{% [$error, $states.input.Error] %}', End: true },
      }),
    );
    assert.deepEqual(outcome.output, ['Lambda.ResourceNotFoundException', 'Lambda.ResourceNotFoundException']);
  });
});

describe('Workflow variables (asl/variables)', () => {
  const { run } = localProvider();

  it('Assign and Output of one state both see the values from before the state', async () => {
    const outcome = await run(
      jsonata({
        First: { Type: 'Pass', Assign: { x: 1 }, Next: 'Second' },
        Second: { Type: 'Pass', Assign: { x: '{% $x + 1 %}', y: '{% $x %}' }, Output: '{% $x %}', Next: 'Third' },
        Third: { Type: 'Pass', Output: '{% [$x, $y] %}', End: true },
      }),
    );
    assert.deepEqual(outcome.output, [2, 1]);
    const second = outcome.events.find((event) => event.stateExitedEventDetails?.name === 'Second');
    assert.deepEqual(second?.stateExitedEventDetails?.assignedVariables, { x: '2', y: '1' });
    assert.deepEqual(second?.stateExitedEventDetails?.output, '1');
  });

  it('JSONPath states reference variables in paths and intrinsic functions; `$` in Assign is the state result', async () => {
    const outcome = await run({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Result: { n: 3 }, Assign: { 'n.$': '$.n', label: 'items' }, Next: 'B' },
        B: { Type: 'Pass', Parameters: { 'text.$': "States.Format('{} {}', $n, $label)", 'same.$': '$n' }, End: true },
      },
    });
    assert.deepEqual(outcome.output, { text: '3 items', same: 3 });
  });

  it('a Map iteration reads outer variables, and what it assigns stays inside it', async () => {
    const outcome = await run(
      jsonata({
        Set: { Type: 'Pass', Assign: { base: 10 }, Next: 'Each' },
        Each: {
          Type: 'Map',
          Items: [1, 2],
          ItemProcessor: {
            StartAt: 'Add',
            States: {
              Add: { Type: 'Pass', Assign: { mine: '{% $states.input + $base %}' }, Next: 'Show' },
              Show: { Type: 'Pass', Output: '{% $mine %}', End: true },
            },
          },
          Next: 'After',
        },
        After: { Type: 'Pass', Output: "{% {'items': $states.input, 'mine': $exists($mine)} %}", End: true },
      }),
    );
    assert.deepEqual(outcome.output, { items: [11, 12], mine: false });
  });

  it('a Parallel branch that assigns a variable of the outer scope fails the execution with States.Runtime', async () => {
    const outcome = await run({
      StartAt: 'Set',
      States: {
        Set: { Type: 'Pass', Assign: { x: 1 }, Next: 'Fan' },
        Fan: { Type: 'Parallel', Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass', Assign: { x: 2 }, End: true } } }], End: true },
      },
    });
    assert.equal(outcome.status, 'FAILED');
    assert.equal(outcome.error, 'States.Runtime');
    assert.match(outcome.cause ?? '', /Cannot bind value '2' to variable 'x' as it belongs to an outer scope\./);
  });

  it('a reference to a variable nobody assigned fails with States.Runtime', async () => {
    const outcome = await run({ StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'v.$': '$nothing' }, End: true } } });
    assert.equal(outcome.error, 'States.Runtime');
    assert.match(outcome.cause ?? '', /The variable 'nothing' is not defined\./);
  });

  it('refuses variables larger than 256 KiB in one state', async () => {
    const outcome = await run(
      jsonata({ P: { Type: 'Pass', Assign: { big: "{% $join($map([1..300000], function($i) { 'a' }), '') %}" }, End: true } }),
    );
    assert.equal(outcome.error, 'States.Runtime');
    assert.match(outcome.cause ?? '', /exceed the maximum size of 256 KiB/);
  });

  it('refuses variables that together exceed 10 MiB', async () => {
    const states: Record<string, unknown> = {};
    for (let index = 0; index < 42; index += 1) {
      states[`S${index}`] = { Type: 'Pass', Assign: { [`v${index}`]: "{% $pad('', 250000, 'a') %}" }, Next: `S${index + 1}` };
    }
    states.S42 = { Type: 'Succeed' };
    const outcome = await run(jsonata(states));
    assert.equal(outcome.error, 'States.Runtime');
    assert.match(outcome.cause ?? '', /An error occurred while executing the state 'S41'.*maximum combined size of 10 MiB/);
  });
});
