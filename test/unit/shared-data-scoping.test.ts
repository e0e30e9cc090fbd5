import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import type { Pickle } from '@cucumber/messages';
import { PROJECT_ROOT } from '../helpers/postflight-cli';

/**
 * Scenarios of one run write into the same tables and partitions at the same time (--parallel),
 * and so do other runs on a shared environment: an assertion over a whole table or partition —
 * a row count, a uniqueness check — would count another scenario's rows. Every row-level check and
 * query the shipped suite makes on the curated tables (what scenarios ingest into) is scoped to
 * the scenario's own rows, through ${scenarioId} or a value remembered from it (README, "Writing
 * scenarios"). Catalog checks (columns, partitions) and queries expected to fail need no scope.
 */
const SHARED_TABLE = /"curated\.|\$\{table:curated\./;
const CATALOG_ONLY = /has the columns|has the partition/;

function scopingNames(pickle: Pickle): string[] {
  const names = ['scenarioId'];
  for (const step of pickle.steps) {
    const remembered = /^the value "(.*)" is remembered as "(.+)"$/.exec(step.text);
    if (remembered?.[1]?.includes('${scenarioId}') && remembered[2]) names.push(remembered[2]);
  }
  return names;
}

function unscopedSteps(pickle: Pickle): string[] {
  const scopes = scopingNames(pickle).map((name) => `\${${name}}`);
  const expectsFailure = pickle.steps.some((step) => step.text.startsWith('the query fails with an error containing'));
  return pickle.steps
    .filter((step) => {
      const text = `${step.text}\n${step.argument?.docString?.content ?? ''}`;
      if (!SHARED_TABLE.test(text) || CATALOG_ONLY.test(step.text)) return false;
      if (step.argument?.docString && expectsFailure) return false;
      return !scopes.some((scope) => text.includes(scope));
    })
    .map((step) => step.text);
}

describe('the shipped suite under concurrency', () => {
  const pickles: Pickle[] = [];

  before(async () => {
    const { runConfiguration } = await loadConfiguration({ file: 'cucumber.cjs', provided: { dryRun: true } }, { cwd: PROJECT_ROOT });
    runConfiguration.formats = { stdout: 'summary', files: {}, publish: false, options: {} };
    const quiet = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    await runCucumber(runConfiguration, { cwd: PROJECT_ROOT, stdout: quiet, stderr: quiet }, (envelope) => {
      if (envelope.pickle) pickles.push(envelope.pickle);
    });
  });

  it('reads the shipped features', () => {
    assert.ok(pickles.length >= 20, `${pickles.length} scenarios`);
  });

  it("scopes every row-level check and query on a shared table to the scenario's own rows", () => {
    const unscoped = pickles.flatMap((pickle) => unscopedSteps(pickle).map((step) => `${pickle.uri} › ${pickle.name}: ${step}`));
    assert.deepEqual(unscoped, []);
  });

  it('recognises an unscoped check (the rule can fail)', () => {
    const step = (text: string) => ({ id: '', text, astNodeIds: [] });
    const pickle = {
      steps: [
        step('the table "curated.positions" has 3 rows where "as_of_date = DATE \'2026-01-01\'"'),
        step('the table "curated.positions" has the partition "as_of_date=2026-01-01"'),
      ],
    } as unknown as Pickle;
    assert.deepEqual(unscopedSteps(pickle), ['the table "curated.positions" has 3 rows where "as_of_date = DATE \'2026-01-01\'"']);
  });
});
