import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfiguration, loadSupport } from '@cucumber/cucumber/api';
import { STEP_CATALOGUE, printStepCatalogue } from '../../support/step-catalogue';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The public contract of step phrasings (docs/STEPS.md). */
const STEPS_CONTRACT = path.join(ROOT, 'docs/STEPS.md');

interface Definition {
  pattern: string;
  matches(text: string): boolean;
}

/** Step lines of the Gherkin examples in a markdown file, without keyword, comment, doc strings or tables. */
function gherkinSteps(markdown: string): string[] {
  const steps: string[] = [];
  const blocks = markdown
    .split('```gherkin')
    .slice(1)
    .map((part) => part.split('```')[0] ?? '');
  for (const block of blocks) {
    let inDocString = false;
    for (const raw of block.split('\n')) {
      const line = raw.trim();
      if (line.startsWith('"""')) {
        inDocString = !inDocString;
        continue;
      }
      if (inDocString || !/^(Given|When|Then|And|But) /.test(line)) continue;
      steps.push(line.replace(/^(Given|When|Then|And|But) /, '').replace(/\s+#.*$/, ''));
    }
  }
  return steps;
}

describe('the step vocabulary', () => {
  let definitions: Definition[];

  before(async () => {
    const { runConfiguration } = await loadConfiguration({ file: 'cucumber.cjs' }, { cwd: ROOT });
    const library = await loadSupport(runConfiguration, { cwd: ROOT });
    const { stepDefinitions } = library as unknown as {
      stepDefinitions: Array<{ pattern: string | RegExp; expression: { match(text: string): unknown } }>;
    };
    definitions = stepDefinitions.map((definition) => ({
      pattern: String(definition.pattern),
      matches: (text: string) => definition.expression.match(text) !== null,
    }));
  });

  it('lists every registered step in the catalogue, and nothing that is not registered', () => {
    const registered = new Set(definitions.map((d) => d.pattern).filter((pattern) => !/ where \{string\}:?$/.test(pattern)));
    const catalogued = new Set(STEP_CATALOGUE.map((entry) => entry.pattern));
    assert.deepEqual(
      [...registered].filter((p) => !catalogued.has(p)),
      [],
      'registered but not in the catalogue',
    );
    assert.deepEqual(
      [...catalogued].filter((p) => !registered.has(p)),
      [],
      'in the catalogue but not registered',
    );
  });

  it('gives each step an example that matches exactly that one definition', () => {
    for (const entry of STEP_CATALOGUE) {
      const firstLine = (entry.example.split('\n')[0] ?? '').replace(/^(Given|When|Then|And|But) /, '');
      const matching = definitions.filter((d) => d.matches(firstLine));
      assert.equal(
        matching.length,
        1,
        `example "${firstLine}" matches ${matching.length} definitions: ${matching.map((d) => d.pattern).join(' | ')}`,
      );
      const pattern = matching[0]?.pattern ?? '';
      assert.ok(
        pattern === entry.pattern || pattern.startsWith(entry.pattern.replace(/:$/, '')),
        `example of "${entry.pattern}" matches "${pattern}"`,
      );
    }
  });

  it('keeps every phrasing of STEPS.md working exactly as written (one definition each)', () => {
    const contract = gherkinSteps(fs.readFileSync(STEPS_CONTRACT, 'utf8'));
    assert.ok(contract.length >= 45, `expected the contract's examples, found ${contract.length}`);
    const problems = contract
      .map((step) => ({ step, count: definitions.filter((d) => d.matches(step)).length }))
      .filter((result) => result.count !== 1)
      .map((result) => `${result.count === 0 ? 'undefined' : 'ambiguous'}: ${result.step}`);
    assert.deepEqual(problems, []);
  });

  it('lists every step in the README', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    assert.deepEqual(
      STEP_CATALOGUE.filter((entry) => !readme.includes(`\`${entry.keyword} ${entry.pattern}\``)).map((entry) => entry.pattern),
      [],
    );
  });

  it('prints the vocabulary, filtered by a word', () => {
    let printed = '';
    assert.equal(
      printStepCatalogue('reconciles', (text) => (printed += text)),
      0,
    );
    assert.match(printed, /reconciles with the table/);
    assert.doesNotMatch(printed, /the invocation succeeds/);
    assert.equal(
      printStepCatalogue('no-such-word', () => undefined),
      1,
    );
  });
});
