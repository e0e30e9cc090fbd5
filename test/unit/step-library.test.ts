import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../../bin/project-root';
import { StartupError } from '../../model/startup-error';
import { dryRunScenarios } from '../../runner/cucumber/cucumber-runner';
import { compileStepLibrary, expandSupportPaths, workerNodeOptions } from '../../runner/cucumber/step-library';
import { temporaryDirectory } from '../helpers/postflight-cli';

/** A project of its own: support files that need no package, so that it compiles anywhere. */
function project(files: Record<string, string>): { root: string; files: string[] } {
  const root = temporaryDirectory('step-library');
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return { root, files: Object.keys(files).map((file) => path.join(root, file)) };
}

const probe = globalThis as { postflightProbe?: Record<string, unknown> };

describe('the compiled step library', () => {
  it('is compiled once, reused while its sources are unchanged, and compiled again when one changes', async () => {
    const { root, files } = project({
      'support/first.ts': 'export const first: number = 1;\n',
      'steps/second.steps.ts': "import { first } from '../support/first';\n(globalThis as any).postflightProbe = { order: first };\n",
    });
    const compiled = await compileStepLibrary(root, files);
    assert.equal(compiled.compiled, true);
    const reused = await compileStepLibrary(root, files);
    assert.deepEqual(reused, { file: compiled.file, compiled: false });

    fs.writeFileSync(files[0]!, 'export const first: number = 22;\n');
    const changed = await compileStepLibrary(root, files);
    assert.equal(changed.compiled, true);
    assert.notEqual(changed.file, compiled.file, 'a new file: a run that chose the old one goes on reading it');
    await import(pathToFileURL(changed.file).href);
    assert.deepEqual(probe.postflightProbe, { order: 22 });
  });

  it('evaluates the support files in the order given, as cucumber imports them', async () => {
    const { root, files } = project({
      'b.ts': "((globalThis as any).postflightProbe ??= { seen: [] as string[] }).seen.push('b');\n",
      'a.ts': "((globalThis as any).postflightProbe ??= { seen: [] as string[] }).seen.push('a');\n",
    });
    delete probe.postflightProbe;
    await import(pathToFileURL((await compileStepLibrary(root, files)).file).href);
    assert.deepEqual(probe.postflightProbe, { seen: ['b', 'a'] });
  });

  it('keeps import.meta naming each support file, not the compiled one', async () => {
    const { root, files } = project({
      'steps/fixtures.steps.ts':
        '(globalThis as any).postflightProbe = { url: import.meta.url, dirname: import.meta.dirname, filename: import.meta.filename };\n',
    });
    await import(pathToFileURL((await compileStepLibrary(root, files)).file).href);
    assert.deepEqual(probe.postflightProbe, {
      url: pathToFileURL(files[0]!).href,
      dirname: path.dirname(files[0]!),
      filename: files[0],
    });
  });

  it("maps a stack trace back to the support file's own line", async () => {
    const { root, files } = project({
      'support/thrower.ts': [
        '// line 1',
        'export function fail(reason: string): never {',
        '  throw new Error(reason);',
        '}',
        '(globalThis as any).postflightProbe = { fail };',
        '',
      ].join('\n'),
    });
    await import(pathToFileURL((await compileStepLibrary(root, files)).file).href);
    const fail = probe.postflightProbe?.fail as (reason: string) => never;
    const error = (() => {
      try {
        fail('mapped');
      } catch (caught) {
        return caught as Error;
      }
    })();
    assert.match(error?.stack ?? '', /support\/thrower\.ts:3:\d+/, 'the frame names the source file and line');
    assert.doesNotMatch(error?.stack ?? '', /step-library\/[0-9a-f]+\.mjs/);
  });

  it('names the file, line and column of a support file that does not compile, and what to do', async () => {
    const { root, files } = project({ 'steps/broken.steps.ts': "import assert from 'node:assert';\nassert.ok(true);\nconst total = ;\n" });
    await assert.rejects(compileStepLibrary(root, files), (error: unknown) => {
      assert.ok(error instanceof StartupError, String(error));
      assert.match(error.message, /do not compile/);
      assert.match(error.message, /steps\/broken\.steps\.ts:3:15: Unexpected ";"/);
      assert.match(error.message, /const total = ;/);
      assert.match(error.hint ?? '', /Fix the file at that line/);
      return true;
    });
  });

  it("compiles the project's library: the SDK in (loaded on first use), cucumber and Allure outside, a map of the project's files only", async () => {
    const patterns = (createRequire(import.meta.url)(path.join(PROJECT_ROOT, 'cucumber.cjs')) as { default: { import: string[] } }).default
      .import;
    const { file } = await compileStepLibrary(PROJECT_ROOT, expandSupportPaths(PROJECT_ROOT, patterns));
    const code = fs.readFileSync(file, 'utf8');
    assert.match(code, /^import .* from "@cucumber\/cucumber";$/m, 'cucumber: the very instance the run uses');
    assert.match(code, /from "allure-(js-commons|cucumberjs)"/);
    assert.doesNotMatch(code, /from "@aws-sdk\//, 'the SDK is compiled in');
    const sdkBindings = code.match(/^var import_client_[\w$]+ = .*$/gm) ?? [];
    assert.ok(sdkBindings.length >= 10, `the support code imports the SDK's clients (${sdkBindings.length})`);
    for (const binding of sdkBindings)
      assert.match(binding, /= postflightLazyModule\(\(\) => __toESM\(require_/, 'each loaded on first use');

    const map = JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
    const sources = map.sources.map((source) => path.relative(PROJECT_ROOT, path.resolve(path.dirname(file), source)));
    assert.ok(sources.includes(path.join('steps', 's3.steps.ts')), sources.slice(0, 5).join(', '));
    assert.deepEqual(
      sources.filter((source) => source.split(path.sep).includes('node_modules')),
      [],
      "the map names the project's files only",
    );
  });
});

describe('support paths and worker options', () => {
  it('expands the patterns as cucumber does: each sorted, directories to their JavaScript files, duplicates once', () => {
    const { root } = project({
      'steps/b.steps.ts': '',
      'steps/a.steps.ts': '',
      'support/hooks.ts': '',
      'extra/one.mjs': '',
      'extra/nested/two.js': '',
      'extra/skip.ts': '',
    });
    const expanded = expandSupportPaths(root, ['support/**/*.ts', 'steps/**/*.ts', 'extra', 'steps/a.steps.ts']);
    assert.deepEqual(
      expanded.map((file) => path.relative(root, file)),
      ['support/hooks.ts', 'steps/a.steps.ts', 'steps/b.steps.ts', 'extra/nested/two.js', 'extra/one.mjs'],
    );
  });

  it("leaves the TypeScript loader out of the workers' options and keeps the user's own", () => {
    const loader = import.meta.resolve('tsx');
    assert.equal(workerNodeOptions(`--max-old-space-size=4096 --import "${loader}"`), '--max-old-space-size=4096');
    assert.equal(workerNodeOptions(`--import ${loader} --trace-warnings`), '--trace-warnings');
    assert.equal(workerNodeOptions(''), '');
  });
});

describe('a project whose compiled step library cannot be written', () => {
  it('still runs its scenarios, from the sources, and says why', async () => {
    const { root } = project({
      'cucumber.cjs': "module.exports = { default: { paths: ['features/**/*.feature'], import: ['steps/**/*.ts'] } };\n",
      'features/one.feature': 'Feature: One\n  Scenario: Defined\n    Given a defined step\n',
      'steps/one.steps.ts': "import { Given } from '@cucumber/cucumber';\nGiven('a defined step', () => undefined);\n",
    });
    // The packages are the project's; the cache folder is a file, so nothing can be written under it.
    fs.mkdirSync(path.join(root, 'node_modules'));
    fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules', '@cucumber'), path.join(root, 'node_modules', '@cucumber'));
    fs.writeFileSync(path.join(root, 'node_modules', '.cache'), 'not a folder');
    const warnings: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((text: string) => (warnings.push(String(text)), true)) as typeof process.stderr.write;
    try {
      const scenarios = await dryRunScenarios({ projectRoot: root });
      assert.deepEqual(
        scenarios.map((scenario) => [scenario.name, scenario.undefinedSteps]),
        [['Defined', []]],
      );
    } finally {
      process.stderr.write = write;
    }
    assert.match(warnings.join(''), /the step library could not be compiled into .*step-library \(ENOTDIR\); loading the sources instead/);
  });
});
