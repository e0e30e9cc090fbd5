/**
 * Scenarios that can only run in the sandbox: those starting a mocked Step Functions test case
 * (STEPS.md, "Mocked service integrations"). On an AWS environment the run leaves out
 * `@sandbox-only` scenarios by default, and refuses to start when a selected scenario uses a
 * test-case step anyway (runner/startup/sandbox-only.ts).
 */
export const SANDBOX_ONLY_TAG = '@sandbox-only';

/** The test-case steps, as written in a scenario (steps/mocked-integrations.steps.ts). */
export const TEST_CASE_STEP = /^the state machine "[^"]*" is started with test case "[^"]*" and input\b/;
