import path from 'node:path';
import { StartupError } from '../../model/startup-error';
import { SANDBOX_ONLY_TAG, TEST_CASE_STEP } from '../../model/sandbox-only';
import type { ScenarioWithSteps } from '../cucumber/scenario-steps';

/** On an AWS environment, `@sandbox-only` scenarios are left out unless asked for by tags. */
export function withoutSandboxOnly(environment: { sandbox?: unknown }, tags: string | undefined): string | undefined {
  if (environment.sandbox) return tags;
  if (tags?.includes(SANDBOX_ONLY_TAG)) return tags;
  return tags ? `(${tags}) and not ${SANDBOX_ONLY_TAG}` : `not ${SANDBOX_ONLY_TAG}`;
}

/**
 * An AWS run refuses to start when a selected scenario starts a mocked test case: AWS runs the real
 * integrations, so the scenario would test something else than it says. Nothing is run.
 */
export function refuseTestCasesOnAws(environment: { name: string; sandbox?: unknown }, scenarios: readonly ScenarioWithSteps[]): void {
  if (environment.sandbox) return;
  const refused = scenarios.filter((scenario) => scenario.steps.some((step) => TEST_CASE_STEP.test(step)));
  if (refused.length === 0) return;
  const where = (scenario: ScenarioWithSteps) => `${path.normalize(scenario.uri)}:${scenario.line ?? '?'}`;
  throw new StartupError(
    `${refused.length} selected scenario(s) start a mocked Step Functions test case, which only the sandbox serves; environment "${environment.name}" runs on AWS:\n` +
      refused.map((scenario) => `  ${where(scenario)}  ${scenario.name}`).join('\n'),
    `Tag them ${SANDBOX_ONLY_TAG} (left out of AWS runs by default), or run them against a sandbox environment. Nothing was run.`,
  );
}
