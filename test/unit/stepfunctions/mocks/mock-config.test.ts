import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MockConfigError, parseMockConfig } from '../../../../sandbox/services/stepfunctions/mocks/mock-config';
import { MockedExecution } from '../../../../sandbox/services/stepfunctions/mocks/mocked-task';
import { RuntimeFailure } from '../../../../sandbox/services/stepfunctions/asl/failures';

/** AWS Step Functions Local's mock configuration file, read and checked (mocks/mock-config.ts). */
const problems = (document: unknown) => {
  try {
    parseMockConfig(document, 'MockConfigFile.json');
  } catch (error) {
    assert.ok(error instanceof MockConfigError);
    return error.message;
  }
  assert.fail('expected the file to be refused');
};

describe('mock configuration file (mocks/mock-config)', () => {
  it('reads test cases and expands invocation ranges in order', () => {
    const config = parseMockConfig(
      {
        StateMachines: { Load: { TestCases: { Retry: { Job: 'Busy' } } } },
        MockedResponses: {
          Busy: {
            '2': { Return: { state: 'done' } },
            '0-1': { Throw: { Error: 'Glue.ConcurrentRunsExceededException', Cause: 'busy' } },
          },
        },
      },
      'MockConfigFile.json',
    );
    const states = config.stateMachines.get('Load')?.get('Retry');
    assert.ok(states);
    assert.deepEqual(
      states.get('Job')?.responses.map((response) => response.kind),
      ['throw', 'throw', 'return'],
    );
    const execution = new MockedExecution('Retry', states);
    assert.equal(execution.mocks('Job'), true);
    assert.equal(execution.mocks('Other'), false);
    assert.equal(execution.next('Job').kind, 'throw');
    assert.equal(execution.next('Job').kind, 'throw');
    assert.deepEqual(execution.next('Job'), { kind: 'return', output: { state: 'done' } });
    assert.throws(
      () => execution.next('Job'),
      (error) =>
        error instanceof RuntimeFailure &&
        /The mocked response "Busy" of state 'Job' in test case "Retry" defines invocations 0 to 2; this is invocation 3\./.test(
          error.message,
        ),
    );
  });

  it('names every problem and where it is', () => {
    const message = problems({
      StateMachines: { Load: { TestCases: { Broken: { Job: 'Missing', Other: 7 } } }, Bad: {} },
      MockedResponses: {
        Gap: { '0': { Return: 1 }, '2': { Return: 2 } },
        Both: { '0': { Return: 1, Throw: { Error: 'E', Cause: 'C' } } },
        NoCause: { '0': { Throw: { Error: 'E' } } },
        BadKey: { first: { Return: 1 } },
      },
      Extra: true,
    });
    for (const expected of [
      'Extra: unknown field (the fields are StateMachines and MockedResponses)',
      'MockedResponses.Gap: invocations must be numbered consecutively from 0; invocation 1 is missing',
      'MockedResponses.Both.0: must hold exactly one of Return or Throw',
      'MockedResponses.NoCause.0.Throw: must hold an Error and a Cause, both strings',
      'MockedResponses.BadKey.first: is not an invocation number or range (e.g. "0", "1-3")',
      'StateMachines.Load.TestCases.Broken.Job: names the mocked response "Missing", which MockedResponses does not define',
      'StateMachines.Load.TestCases.Broken.Other: must name a mocked response',
      'StateMachines.Bad: must be an object with TestCases',
    ]) {
      assert.ok(message.includes(expected), `${expected}\nin:\n${message}`);
    }
    assert.match(problems([]), /must hold a JSON object/);
  });
});
