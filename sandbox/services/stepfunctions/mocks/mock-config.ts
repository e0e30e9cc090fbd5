import fs from 'node:fs';
import { isJsonObject, type JsonValue } from '../asl/json';

/**
 * AWS Step Functions Local's mock configuration file (`MockConfigFile.json`, see "Using mocked
 * service integrations" in the Step Functions Developer Guide):
 *
 *     { "StateMachines": { "<state machine name>": { "TestCases": { "<test case>": { "<state>": "<mocked response>" } } } },
 *       "MockedResponses": { "<mocked response>": { "0": { "Return": … }, "1-2": { "Throw": { "Error": …, "Cause": … } } } } }
 *
 * A mocked response lists what a state's successive invocations (its first run, its retries, its
 * runs in later Map iterations) answer: keys are invocation numbers from 0, or ranges `"1-3"`,
 * consecutive. The sandbox also finds a state machine deployed from a template by its logical id.
 */
export type MockedResponse = { kind: 'return'; output: JsonValue } | { kind: 'throw'; error: string; cause: string };

export interface MockConfig {
  file: string;
  /** Test cases by state machine name (or logical id), then by test case name: state name → its responses by invocation. */
  stateMachines: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, StateMock>>>;
}

/** One state's mocked responses in a test case, by invocation number. */
export interface StateMock {
  responseName: string;
  responses: readonly MockedResponse[];
}

export class MockConfigError extends Error {}

/** Reads and checks a mock configuration file; every problem is named with where it is. */
export function loadMockConfig(file: string): MockConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new MockConfigError(`The mock configuration file ${file} cannot be read: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new MockConfigError(`The mock configuration file ${file} is not JSON: ${(error as Error).message}`);
  }
  return parseMockConfig(parsed, file);
}

export function parseMockConfig(document: unknown, file: string): MockConfig {
  const problems: string[] = [];
  const problem = (where: string, what: string) => problems.push(`${where}: ${what}`);
  if (!isJsonObject(document)) throw new MockConfigError(`The mock configuration file ${file} must hold a JSON object.`);
  for (const key of Object.keys(document)) {
    if (key !== 'StateMachines' && key !== 'MockedResponses')
      problem(key, 'unknown field (the fields are StateMachines and MockedResponses)');
  }
  const responses = new Map<string, MockedResponse[]>();
  const declared = document.MockedResponses;
  if (!isJsonObject(declared)) problem('MockedResponses', 'must be an object of mocked responses by name');
  else
    for (const [name, byInvocation] of Object.entries(declared))
      responses.set(name, parseResponses(byInvocation, `MockedResponses.${name}`, problem));

  const stateMachines = new Map<string, Map<string, Map<string, StateMock>>>();
  const machines = document.StateMachines;
  if (!isJsonObject(machines)) problem('StateMachines', 'must be an object of state machines by name');
  else {
    for (const [machine, config] of Object.entries(machines)) {
      const where = `StateMachines.${machine}`;
      if (!isJsonObject(config) || !isJsonObject(config.TestCases)) {
        problem(where, 'must be an object with TestCases');
        continue;
      }
      const testCases = new Map<string, Map<string, StateMock>>();
      for (const [testCase, states] of Object.entries(config.TestCases)) {
        const caseWhere = `${where}.TestCases.${testCase}`;
        if (!isJsonObject(states)) {
          problem(caseWhere, 'must map state names to mocked response names');
          continue;
        }
        const mocks = new Map<string, StateMock>();
        for (const [state, responseName] of Object.entries(states)) {
          if (typeof responseName !== 'string') problem(`${caseWhere}.${state}`, 'must name a mocked response');
          else if (!responses.has(responseName))
            problem(`${caseWhere}.${state}`, `names the mocked response "${responseName}", which MockedResponses does not define`);
          else mocks.set(state, { responseName, responses: responses.get(responseName)! });
        }
        testCases.set(testCase, mocks);
      }
      stateMachines.set(machine, testCases);
    }
  }
  if (problems.length) throw new MockConfigError(`The mock configuration file ${file} is not valid:\n  ${problems.join('\n  ')}`);
  return { file, stateMachines };
}

function parseResponses(value: JsonValue, where: string, problem: (where: string, what: string) => void): MockedResponse[] {
  if (!isJsonObject(value)) {
    problem(where, 'must map invocation numbers ("0", "1-2") to a Return or a Throw');
    return [];
  }
  const ranges: Array<{ start: number; end: number; response: MockedResponse }> = [];
  for (const [key, step] of Object.entries(value)) {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(key);
    if (!match) {
      problem(`${where}.${key}`, 'is not an invocation number or range (e.g. "0", "1-3")');
      continue;
    }
    const start = Number(match[1]);
    const end = match[2] === undefined ? start : Number(match[2]);
    if (end < start) problem(`${where}.${key}`, 'is a range that ends before it starts');
    const response = parseResponse(step, `${where}.${key}`, problem);
    if (response) ranges.push({ start, end, response });
  }
  ranges.sort((a, b) => a.start - b.start);
  const responses: MockedResponse[] = [];
  for (const { start, end, response } of ranges) {
    if (start !== responses.length) {
      problem(where, `invocations must be numbered consecutively from 0; invocation ${responses.length} is missing`);
      return responses;
    }
    for (let index = start; index <= end; index += 1) responses.push(response);
  }
  return responses;
}

function parseResponse(step: JsonValue, where: string, problem: (where: string, what: string) => void): MockedResponse | undefined {
  if (!isJsonObject(step) || 'Return' in step === 'Throw' in step || Object.keys(step).length !== 1) {
    problem(where, 'must hold exactly one of Return or Throw');
    return undefined;
  }
  if ('Return' in step) return { kind: 'return', output: step.Return ?? null };
  const thrown = step.Throw;
  if (!isJsonObject(thrown) || typeof thrown.Error !== 'string' || typeof thrown.Cause !== 'string') {
    problem(`${where}.Throw`, 'must hold an Error and a Cause, both strings');
    return undefined;
  }
  return { kind: 'throw', error: thrown.Error, cause: thrown.Cause };
}
