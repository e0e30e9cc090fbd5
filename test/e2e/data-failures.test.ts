import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Sandbox } from '../../sandbox/sandbox';
import type { ScenarioResult } from '../../model/scenario-result';
import {
  byName,
  readScenarioResults,
  assertMessageCarries,
  runOnSandbox,
  sampleLakeSandbox,
  temporaryDirectory,
  type CliResult,
} from '../helpers/postflight-cli';

/** Each scenario of test/features/data/*.feature: it must fail, and its message must carry the evidence. */
const EXPECTATIONS: Record<string, Array<string | RegExp>> = {
  'A source that differs from the curated table': [
    'does not reconcile with curated.positions where source_file',
    'source rows:           4',
    'target rows:           3',
    'matched keys:          2',
    'missing in target:     1',
    'unexpected in target:  1',
    'duplicate keys:        1 in source, 0 in target',
    /quantity: 1\n\s+market_value: 1/,
    /\| difference\s+\| account_id \| security_id\s+\| quantity \(source\) \| quantity \(target\) \| market_value \(source\) \| market_value \(target\) \|/,
    /\| missing in target\s+\| A-9\s+\| GB0002634946 \| 10\s+\| NULL/,
    /\| unexpected in target \| A-2\s+\| US5949181045 \| NULL\s+\| 40/,
    /\| value mismatch\s+\| A-1\s+\| DE0007164600 \| 250\s+\| 250\s+\| 30125\.52\s+\| 30125\.50/,
    /\| value mismatch\s+\| A-1\s+\| US0378331005 \| 101\s+\| 100/,
  ],
  'Row counts that differ': [/The row count differs: 1 in s3:\/\/.*compare.*\.csv, 3 in curated\.positions where source_file = /],
  'Sums that differ by a cent': [
    /The sum of market_value differs: 65939\.91 in s3:\/\/.*compare.*\.csv, 65939\.90 in curated\.positions where source_file = /,
  ],
  'A currency outside the allowed set': [
    'FAILED: column currency of curated.positions only contains USD',
    'observed: 1 row(s) with other values',
    /\| EUR\s+\| 1\s+\|/,
  ],
  'Quantities outside the range': [
    'FAILED: column quantity of curated.positions is between 0 and 50',
    'observed: 2 row(s) out of range (values from 40 to 250)',
    /DE0007164600/,
  ],
  'An account is not unique': [
    'FAILED: column account_id of curated.positions is unique',
    '1 value(s) occur more than once (2 rows)',
    /\| A-1\s+\| 2\s+\|/,
  ],
  'Identifiers that do not match the pattern': [
    'FAILED: column security_id of curated.positions matches ^US',
    'observed: 1 row(s) do not match',
    'DE0007164600',
  ],
  'Another row count': ['FAILED: curated.positions has 4 rows', 'expected: 4 rows', 'observed: 3 rows'],
  'Another column type': ['FAILED: curated.positions has the columns quantity int', 'quantity is bigint, not int'],
  'A partition that was never registered': [
    'FAILED: curated.positions has the partition as_of_date=1999-01-01',
    'observed: not registered',
  ],
  'Freshness of nothing cannot be measured': [
    'NOT_EVALUATED: the newest ingested_at of curated.positions is at most 1 h old',
    'no value to date it by',
  ],
  'Several checks, two of them failing, in one scan': [
    'FAILED: column currency of curated.positions only contains USD, GBP',
    'FAILED: column quantity of curated.positions is between 0 and 99',
    /queries:\s+[0-9a-f-]{36}/,
  ],
  'A query result that differs': [
    'The query result is not the expected set of rows',
    /expected but missing \(1\):\n.*\n\s+\| A-2\s+\| 41/,
    /present but not expected \(1\):\n.*\n\s+\| A-2\s+\| 40/,
  ],
  'A position on an unknown security': [
    'FAILED: every security_id of curated.positions exists in security_id of reference.securities',
    '1 value(s) in 1 row(s) have no match',
    'JP3633400001',
  ],
};

describe('postflight run: data checks catch bad data and say why', () => {
  let sandbox: Sandbox;
  let run: CliResult;
  let reports: string;
  let results: Map<string, ScenarioResult>;

  before(async () => {
    sandbox = await sampleLakeSandbox();
    reports = temporaryDirectory('data-failures');
    run = await runOnSandbox(sandbox, reports, ['test/features/data']);
    results = byName(readScenarioResults(reports));
  });
  after(async () => {
    await sandbox.stop();
  });

  it('exits 1 and runs every scenario', () => {
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.deepEqual([...results.keys()].sort(), Object.keys(EXPECTATIONS).sort());
  });

  for (const [name, fragments] of Object.entries(EXPECTATIONS)) {
    it(`${name}: fails with the evidence`, () => {
      const result = results.get(name);
      assert.ok(result, `scenario "${name}" did not run`);
      assert.equal(result.status, 'FAILED', result.message);
      assertMessageCarries(name, result.message, fragments);
    });
  }

  it('attaches the reconciliation differences as CSV', () => {
    const ndjson = fs.readFileSync(path.join(reports, 'cucumber.ndjson'), 'utf8');
    const csv = ndjson
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .find((message) => message.attachment?.fileName === 'reconciliation differences.csv');
    assert.ok(csv, 'no reconciliation differences.csv attachment');
    assert.equal(csv.attachment.mediaType, 'text/csv');
    assert.match(csv.attachment.body, /^difference,account_id,security_id,quantity \(source\)/);
    assert.equal(csv.attachment.body.trim().split('\n').length, 5);
  });
});
