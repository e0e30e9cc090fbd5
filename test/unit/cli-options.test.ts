import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError } from 'commander';
import { portNumber, workerCount } from '../../bin/options';
import { planWorkers } from '../../runner/cucumber/worker-plan';
import { tagExpressionProblem } from '../../model/tag-expression';

describe('--parallel: validated, and fitted to the machine and the suite', () => {
  for (const given of ['0', '-1', '1.5', 'two', '', ' ']) {
    it(`refuses --parallel "${given}"`, () => assert.throws(() => workerCount(given), InvalidArgumentError));
  }
  for (const given of ['1', '2', '16']) it(`takes --parallel ${given}`, () => assert.equal(workerCount(given), Number(given)));

  const PLANS: Array<{ name: string; in: [requested: number, scenarios: number, cores: number]; workers: number; warnings: RegExp[] }> = [
    { name: 'within both bounds: as asked, no warning', in: [2, 25, 2], workers: 2, warnings: [] },
    {
      name: 'more workers than scenarios: one per scenario',
      in: [100, 1, 2],
      workers: 1,
      warnings: [/only 1 scenario\(s\) are selected, so 1 worker\(s\)/],
    },
    {
      name: 'far more workers than cores: warned',
      in: [40, 60, 2],
      workers: 40,
      warnings: [/this machine has 2 core\(s\); more than 8 workers slow each other down.*Try --parallel 4/],
    },
    {
      name: 'both at once',
      in: [100, 25, 2],
      workers: 25,
      warnings: [/only 25 scenario\(s\) are selected/, /this machine has 2 core\(s\)/],
    },
    { name: 'four per core is still fine', in: [8, 25, 2], workers: 8, warnings: [] },
  ];
  for (const plan of PLANS) {
    it(plan.name, () => {
      const result = planWorkers(...plan.in);
      assert.equal(result.workers, plan.workers);
      assert.equal(result.warnings.length, plan.warnings.length, result.warnings.join('\n'));
      plan.warnings.forEach((pattern, index) => assert.match(result.warnings[index] ?? '', pattern));
    });
  }
});

describe('--port', () => {
  for (const given of ['-1', '65536', '70000', '80.5', 'http']) {
    it(`refuses --port ${given}`, () => assert.throws(() => portNumber(given), /from 1 to 65535 \(or 0 for any free port\)/));
  }
  for (const given of ['0', '1', '4566', '65535']) it(`takes --port ${given}`, () => assert.equal(portNumber(given), Number(given)));
});

describe('tag expressions: what is wrong, in words about tags', () => {
  const CASES: Array<{ in: string; out: RegExp | undefined }> = [
    { in: '@smoke', out: undefined },
    { in: 'not @wip and not @aws-only', out: undefined },
    { in: '(@epic:process or @story:schema) and not @severity:minor', out: undefined },
    { in: '@req=DL-101', out: undefined },
    { in: '@a and (', out: /could not be parsed because of syntax error: Unmatched \(\. Tag expressions combine @tags/ },
    { in: 'not', out: /Expected operand/ },
    { in: '', out: /the tag expression is empty/ },
    { in: 'smoke', out: /"smoke" is not a tag \(did you mean "@smoke"\?\)/ },
    { in: '@a and wip', out: /"wip" is not a tag/ },
  ];
  for (const testCase of CASES) {
    it(`"${testCase.in}" → ${testCase.out ?? 'usable'}`, () => {
      const problem = tagExpressionProblem(testCase.in);
      if (testCase.out) assert.match(problem ?? '', testCase.out);
      else assert.equal(problem, undefined);
    });
  }
});
