import { describeImportRules } from '../helpers/restricted-imports';

/**
 * The framework's arrows are kept by lint (eslint.config.js, ARCHITECTURE.md): bin → runner →
 * support → model, steps → support and model. An import that points back fails `npm run lint`.
 * Each case lints one line as if it were written in that file.
 */
const refused: Array<{ file: string; line: string; says: RegExp }> = [
  // The scenario library never imports the runner, its reports, bin, steps or the sandbox.
  {
    file: 'support/world.ts',
    line: "import { value } from '../runner/cucumber/run-results';",
    says: /scenario library .* never the runner/,
  },
  {
    file: 'support/s3/objects.ts',
    line: "import type { value } from '../../runner/reports/run-record';",
    says: /never the runner or its reports/,
  },
  {
    file: 'support/data-checks/checks/x.ts',
    line: "import { value } from '../../../runner/startup/protected-run';",
    says: /never the runner/,
  },
  { file: 'support/cucumber/hooks.ts', line: "import { value } from '../../bin/options';", says: /bin\// },
  { file: 'support/world.ts', line: "import { value } from '../steps/s3.steps';", says: /steps\// },
  { file: 'support/aws/clients.ts', line: "import { value } from '../../sandbox/sandbox';", says: /the sandbox/ },
  // Steps call the library: never the SDK, the runner or bin.
  { file: 'steps/s3.steps.ts', line: "import { value } from '@aws-sdk/client-s3';", says: /never the AWS SDK/ },
  { file: 'steps/s3.steps.ts', line: "import { value } from '../runner/run-suite';", says: /never the runner/ },
  { file: 'steps/s3.steps.ts', line: "import { value } from '../bin/options';", says: /never the runner, bin/ },
  // The model imports nothing of the project.
  { file: 'model/scenario-result.ts', line: "import type { value } from '../support/world';", says: /imports nothing of the project/ },
  {
    file: 'model/environment/schema.ts',
    line: "import { value } from '../../runner/environments/load-environment';",
    says: /imports nothing/,
  },
  // The runner never imports bin or steps, and the sandbox only through its entry point.
  { file: 'runner/run-suite.ts', line: "import { value } from '../bin/options';", says: /never bin\// },
  { file: 'runner/cucumber/cucumber-runner.ts', line: "import { value } from '../../steps/s3.steps';", says: /never bin\/ or steps\// },
  { file: 'runner/startup/sandbox-session.ts', line: "import { value } from '../../sandbox/core/aws-error';", says: /entry point/ },
  // bin calls the runner, never the library directly.
  { file: 'bin/commands/run.ts', line: "import { value } from '../../support/world';", says: /bin\/ is the command line/ },
  { file: 'bin/options.ts', line: "import { value } from '../sandbox/sandbox';", says: /runner's business/ },
];
const allowed: Array<{ file: string; line: string }> = [
  { file: 'support/world.ts', line: "import { value } from '../model/run-id';" },
  { file: 'support/data-checks/checks/x.ts', line: "import { value } from '../../../model/duration';" },
  { file: 'support/data-checks/checks/x.ts', line: "import { value } from '../../environment/resources';" },
  { file: 'steps/quality.steps.ts', line: "import { value } from '../support/data-checks/check';" },
  { file: 'steps/quality.steps.ts', line: "import type { value } from '@cucumber/cucumber';" },
  { file: 'model/environment/environment.ts', line: "import type { value } from './schema';" },
  { file: 'model/environment/environment.ts', line: "import type { value } from '../locations';" },
  { file: 'runner/startup/prepare-run.ts', line: "import { value } from '../../support/aws/clients';" },
  { file: 'runner/startup/sandbox-session.ts', line: "import { value } from '../../sandbox/sandbox';" },
  { file: 'runner/reports/formats/allure.ts', line: "import { value } from '../../../model/scenario-result';" },
  { file: 'bin/commands/run.ts', line: "import { value } from '../../runner/run-suite';" },
  { file: 'bin/commands/run.ts', line: "import { value } from '../options';" },
];
describeImportRules('framework wings (lint)', refused, allowed);
