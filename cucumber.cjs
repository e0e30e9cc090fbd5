// cucumber-js profiles. `postflight run` loads this file, then adds the environment (World
// parameters), the tag expression and the report targets; run the suite through it, not
// through `cucumber-js` directly.
const common = {
  paths: ['features/**/*.feature'],
  import: ['support/cucumber/**/*.ts', 'steps/**/*.ts'],
  strict: true,
};

module.exports = {
  default: { ...common },
  process: { ...common, paths: ['features/process/**/*.feature'] },
  data: { ...common, paths: ['features/data/**/*.feature'] },
  smoke: { ...common, tags: '@smoke' },
  // The framework's own tests (test/e2e): the real steps plus test-only ones.
  selftest: { ...common, paths: ['test/features/**/*.feature'], import: [...common.import, 'test/features/steps/**/*.ts'] },
};
