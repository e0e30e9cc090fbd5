import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Sandbox } from '../../sandbox/sandbox';
import { countResults } from '../../runner/reports/result-counts';
import type { RunRecord } from '../../runner/reports/run-record';
import { localRunArguments, readScenarioResults, runPostflight, sampleLakeSandbox, temporaryDirectory } from '../helpers/postflight-cli';

interface Signoff {
  verdict: string;
  gate: { rules: Array<{ rule: string; outcome: string; observed: string }> };
}

const FEATURES = ['test/features/gate', 'test/features/process/failures.feature'];
const SHARDS = 3;

/** `run --shard I/N` then `report --merge`: the same counts and verdict as one unsharded run. */
describe('sharded runs merged into one report', () => {
  let sandbox: Sandbox;
  let root: string;
  const read = (directory: string) => ({
    record: JSON.parse(fs.readFileSync(path.join(directory, 'run.json'), 'utf8')) as RunRecord,
    signoff: JSON.parse(fs.readFileSync(path.join(directory, 'signoff/signoff.json'), 'utf8')) as Signoff,
    junit: fs.readFileSync(path.join(directory, 'junit.xml'), 'utf8'),
  });
  const junitCounts = (xml: string) => {
    const open = /<testsuite\b[^>]*>/.exec(xml)?.[0] ?? '';
    return Object.fromEntries(
      ['tests', 'failures', 'skipped', 'errors'].map((name) => [name, new RegExp(`${name}="(\\d+)"`).exec(open)?.[1]]),
    );
  };
  const run = (reports: string, ...rest: string[]) =>
    runPostflight(localRunArguments(sandbox.endpoint, reports, '--profile', 'selftest', ...rest, ...FEATURES));

  before(async () => {
    sandbox = await sampleLakeSandbox();
    root = temporaryDirectory('shards');
  });
  after(async () => {
    await sandbox.stop();
  });

  it('merges the shards into reports that count and judge as the unsharded run', async () => {
    const unsharded = await run(path.join(root, 'unsharded'));
    const shardRuns = [];
    for (let index = 1; index <= SHARDS; index += 1)
      shardRuns.push(await run(path.join(root, `shard-${index}`), '--shard', `${index}/${SHARDS}`));
    for (const shard of shardRuns) assert.match(shard.stdout, /shard \d\/3: \d+ of \d+ selected scenarios/, shard.stdout + shard.stderr);
    const merge = await runPostflight([
      'report',
      '--reports-dir',
      path.join(root, 'merged'),
      '--merge',
      ...Array.from({ length: SHARDS }, (_unused, index) => path.join(root, `shard-${index + 1}`)),
    ]);
    const expected = read(path.join(root, 'unsharded'));
    const merged = read(path.join(root, 'merged'));
    assert.equal(merge.code, unsharded.code, merge.stdout + merge.stderr);
    assert.equal(merged.signoff.verdict, expected.signoff.verdict);
    assert.equal(expected.signoff.verdict, 'NO-GO', 'the selection holds failures: the verdict is worth comparing');
    assert.deepEqual(countResults(merged.record.results), countResults(expected.record.results));
    assert.deepEqual(
      merged.record.results.map((result) => `${result.uri}#${result.name}: ${result.status}`).sort(),
      expected.record.results.map((result) => `${result.uri}#${result.name}: ${result.status}`).sort(),
    );
    assert.deepEqual(junitCounts(merged.junit), junitCounts(expected.junit));
    assert.deepEqual(
      countResults(readScenarioResults(path.join(root, 'merged'))),
      countResults(expected.record.results),
      'the merged message stream folds to the same results',
    );
    const rulesOf = (signoff: Signoff) =>
      signoff.gate.rules.filter((rule) => rule.rule !== 'allShardsReported').map((rule) => [rule.rule, rule.outcome]);
    assert.deepEqual(rulesOf(merged.signoff), rulesOf(expected.signoff));
    assert.equal(merged.signoff.gate.rules.find((rule) => rule.rule === 'allShardsReported')?.outcome, 'PASSED');
    assert.ok(fs.existsSync(path.join(root, 'merged', 'allure-report', 'index.html')), 'one Allure report');
    assert.ok(!fs.existsSync(path.join(root, 'shard-1', 'allure-report')), 'a shard leaves the report to the merge');
    assert.equal(
      fs.readdirSync(path.join(root, 'merged', 'allure-results')).filter((file) => file.endsWith('-result.json')).length,
      expected.record.results.length,
    );
  });

  it('gives NO-GO naming a shard that is missing, even when every scenario that ran passed', async () => {
    // Shards of a passing selection, one of them never collected.
    const passing = (index: number) =>
      runPostflight([
        'run',
        '--env',
        'local',
        '--sandbox-endpoint',
        sandbox.endpoint,
        '--reports-dir',
        path.join(root, `ok-${index}`),
        '--shard',
        `${index}/3`,
        'features/process',
      ]);
    const first = await passing(1);
    const third = await passing(3);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.equal(third.code, 0, third.stdout + third.stderr);
    const merge = await runPostflight([
      'report',
      '--reports-dir',
      path.join(root, 'ok-merged'),
      '--merge',
      path.join(root, 'ok-1'),
      path.join(root, 'ok-3'),
    ]);
    assert.equal(merge.code, 1, merge.stdout + merge.stderr);
    const { signoff } = read(path.join(root, 'ok-merged'));
    assert.equal(signoff.verdict, 'NO-GO');
    const rule = signoff.gate.rules.find((candidate) => candidate.rule === 'allShardsReported');
    assert.equal(rule?.outcome, 'FAILED');
    assert.match(rule?.observed ?? '', /2 of 3 shards; shard 2\/3 missing/);
    assert.match(merge.stdout, /missing: shard 2\/3/);
  });

  it('refuses to merge folders that hold no shard results (exit 2), saying which', async () => {
    const merge = await runPostflight(['report', '--reports-dir', path.join(root, 'none'), '--merge', path.join(root, 'no-such-shard')]);
    assert.equal(merge.code, 2);
    assert.match(merge.stderr, /no-such-shard: the folder does not exist/);
  });
});
