import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PROJECT_ROOT } from '../../bin/project-root';
import { parseShard } from '../../model/shard';
import { planScenarios, type PlannedScenario } from '../../runner/cucumber/cucumber-runner';
import { assignShards, planShard, scenarioKeys } from '../../runner/cucumber/shard-selection';

/** `--shard I/N`: the parts are disjoint, and together they are exactly the unsharded selection. */
describe('shard selection', () => {
  const selections: Array<[string, string | undefined]> = [
    ['every scenario', undefined],
    ['not @wip and not @aws-only', 'not @wip and not @aws-only'],
    ['@smoke', '@smoke'],
    ['not @smoke', 'not @smoke'],
  ];
  for (const [label, tags] of selections) {
    it(`splits ${label} into disjoint parts whose union is the selection, for N = 1…7`, async () => {
      const planned = await planScenarios({ projectRoot: PROJECT_ROOT, tags });
      assert.ok(planned.length > 0, `${label} selects scenarios`);
      const all = scenarioKeys(planned);
      assert.equal(new Set(all).size, all.length, 'keys are unique');
      for (let total = 1; total <= 7; total += 1) {
        const parts = Array.from({ length: total }, (_unused, index) => planShard(planned, { index: index + 1, total }));
        const union = parts.flatMap((part) => part.keys);
        assert.equal(union.length, new Set(union).size, `N=${total}: no scenario in two parts`);
        assert.deepEqual([...union].sort(), [...all].sort(), `N=${total}: the parts are the selection`);
        const sizes = parts.map((part) => part.scenarios.length);
        assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `N=${total}: by count, parts differ by one at most (${sizes.join(', ')})`);
        for (const part of parts) {
          assert.deepEqual(
            part.scenarios,
            planned.filter((scenario) => part.scenarios.includes(scenario)),
            'a part keeps the selection order',
          );
          assert.equal(part.selection.digest, parts[0]!.selection.digest, 'every part names the same selection');
        }
      }
    });
  }

  it('is the same on another machine: keys are relative paths and names, and the input order does not matter', async () => {
    const planned = await planScenarios({ projectRoot: PROJECT_ROOT });
    const keys = scenarioKeys(planned);
    assert.ok(
      keys.every((key) => !key.startsWith('/') && key.includes('.feature#')),
      keys[0],
    );
    const again = planShard([...planned], { index: 2, total: 3 });
    assert.deepEqual(planShard(planned, { index: 2, total: 3 }).keys, again.keys);
    const reversed = planShard([...planned].reverse(), { index: 2, total: 3 });
    assert.deepEqual([...reversed.keys].sort(), [...again.keys].sort());
  });

  it('balances by earlier durations when it knows them: one long scenario gets a part of its own', () => {
    const scenarios: PlannedScenario[] = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name, line) => ({
      name,
      uri: 'features/x.feature',
      line,
      tags: [],
    }));
    const durations = new Map([
      ['features/x.feature#a', 60_000],
      ['features/x.feature#b', 10_000],
      ['features/x.feature#c', 10_000],
      ['features/x.feature#d', 10_000],
      ['features/x.feature#e', 10_000],
      ['features/x.feature#f', 10_000],
    ]);
    const split = assignShards(scenarioKeys(scenarios), 2, durations);
    assert.equal(split.balancedBy, 'durations');
    const partOfA = split.parts[0];
    assert.deepEqual(
      split.parts.map((part, index) => (part === partOfA ? scenarios[index]!.name : '')).filter(Boolean),
      ['a'],
      'the 60 s scenario runs alone; g (unknown) counts as the mean',
    );
    assert.ok(Math.abs((split.loads[0] ?? 0) - (split.loads[1] ?? 0)) <= 20_000, split.loads.join(', '));
    assert.equal(assignShards(scenarioKeys(scenarios), 2, new Map()).balancedBy, 'count');
  });

  it('names the rows of a Scenario Outline apart', () => {
    assert.deepEqual(
      scenarioKeys([
        { uri: 'f.feature', name: 'Row' },
        { uri: 'f.feature', name: 'Row' },
        { uri: 'g.feature', name: 'Row' },
      ]),
      ['f.feature#Row', 'f.feature#Row#2', 'g.feature#Row'],
    );
  });

  it('refuses a shard that is not I/N with 1 ≤ I ≤ N', () => {
    assert.deepEqual(parseShard('2/4'), { index: 2, total: 4 });
    for (const [text, problem] of [
      ['2', /write I\/N/],
      ['0/4', /from 1 to 4/],
      ['5/4', /from 1 to 4/],
      ['1/0', /from 1 to 100/],
    ] as const) {
      const parsed = parseShard(text);
      assert.ok('problem' in parsed && problem.test(parsed.problem), `${text}: ${JSON.stringify(parsed)}`);
    }
  });
});
