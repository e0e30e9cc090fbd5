import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StepDeclaration } from '../../support/cucumber/define-steps';
import {
  loadStepCatalogue,
  printStepCatalogue,
  README_STEPS_END,
  README_STEPS_START,
  stepListMarkdown,
} from '../../runner/cucumber/step-catalogue';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The public contract of step phrasings (docs/STEPS.md). */
const STEPS_CONTRACT = path.join(ROOT, 'docs/STEPS.md');

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
  let definitions: Awaited<ReturnType<typeof loadStepCatalogue>>['definitions'];
  let declared: StepDeclaration[];

  before(async () => {
    ({ definitions, steps: declared } = await loadStepCatalogue(ROOT));
  });

  it('lists every registered step in the catalogue, and nothing that is not registered', () => {
    const registered = new Set(definitions.map((d) => d.pattern).filter((pattern) => !/ where \{string\}:?$/.test(pattern)));
    const catalogued = new Set(declared.map((entry) => entry.pattern));
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
    for (const entry of declared) {
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

  it('registers every declared data step also with ` where "<predicate>"`, and no other step', () => {
    const registered = new Set(definitions.map((d) => d.pattern));
    for (const entry of declared) {
      const withWhere = entry.pattern.endsWith(':') ? `${entry.pattern.slice(0, -1)} where {string}:` : `${entry.pattern} where {string}`;
      assert.equal(
        registered.has(withWhere),
        entry.scopable,
        `${entry.pattern}: where variant ${entry.scopable ? 'missing' : 'unexpected'}`,
      );
    }
  });

  it('keeps the README step list as `npm run docs` generates it from the declarations', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf(README_STEPS_START);
    const end = readme.indexOf(README_STEPS_END);
    assert.ok(start >= 0 && end > start, 'README.md has the generated step list markers');
    assert.equal(
      readme.slice(start + README_STEPS_START.length, end).trim(),
      stepListMarkdown(declared).trim(),
      'README.md is not current: run `npm run docs`',
    );
    for (const entry of declared) assert.ok(readme.includes(`\`${entry.keyword} ${entry.pattern}\``), entry.pattern);
  });

  it('prints the vocabulary, filtered by a word', () => {
    let printed = '';
    assert.equal(
      printStepCatalogue(declared, 'reconciles', (text) => (printed += text)),
      0,
    );
    assert.match(printed, /reconciles with the table/);
    assert.doesNotMatch(printed, /the invocation succeeds/);
    assert.equal(
      printStepCatalogue(declared, 'no-such-word', () => undefined),
      1,
    );
  });
});
