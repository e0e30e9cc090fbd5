import type { Envelope, Pickle, TestStepResult } from '@cucumber/messages';

export type ScenarioStatus = 'PASSED' | 'FAILED' | 'SKIPPED' | 'UNDEFINED' | 'AMBIGUOUS' | 'PENDING' | 'UNKNOWN';

export interface ScenarioResult {
  id: string;
  name: string;
  feature: string;
  uri: string;
  line?: number;
  tags: string[];
  status: ScenarioStatus;
  durationMs: number;
  /** The failing step's text and message, for failures. */
  failedStep?: string;
  message?: string;
  /** Name of the exception (e.g. AssertionError, WaitTimeoutError): feeds failure categories. */
  exceptionType?: string;
}

const SEVERITY: ScenarioStatus[] = ['PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'FAILED'];

/**
 * Folds the cucumber message stream into one result per scenario: what the progress lines,
 * the summary, the quality gate and the sign-off report all read.
 */
export class RunResults {
  private readonly pickles = new Map<string, Pickle>();
  private readonly features = new Map<string, string>();
  private readonly testCases = new Map<string, { pickleId: string; steps: Map<string, string> }>();
  private readonly started = new Map<
    string,
    { testCaseId: string; startedAt: number; worst: ScenarioStatus; failedStep?: string; message?: string; exceptionType?: string }
  >();
  readonly results: ScenarioResult[] = [];

  constructor(private readonly onScenarioFinished?: (result: ScenarioResult) => void) {}

  handle(envelope: Envelope): void {
    if (envelope.gherkinDocument?.feature && envelope.gherkinDocument.uri) {
      this.features.set(envelope.gherkinDocument.uri, envelope.gherkinDocument.feature.name);
    }
    if (envelope.pickle) this.pickles.set(envelope.pickle.id, envelope.pickle);
    if (envelope.testCase) {
      const pickle = this.pickles.get(envelope.testCase.pickleId);
      const steps = new Map<string, string>();
      for (const step of envelope.testCase.testSteps) {
        const text = step.pickleStepId ? pickle?.steps.find((candidate) => candidate.id === step.pickleStepId)?.text : undefined;
        steps.set(step.id, text ?? 'a hook');
      }
      this.testCases.set(envelope.testCase.id, { pickleId: envelope.testCase.pickleId, steps });
    }
    if (envelope.testCaseStarted) {
      this.started.set(envelope.testCaseStarted.id, {
        testCaseId: envelope.testCaseStarted.testCaseId,
        startedAt: toMillis(envelope.testCaseStarted.timestamp),
        worst: 'PASSED',
      });
    }
    if (envelope.testStepFinished) {
      const state = this.started.get(envelope.testStepFinished.testCaseStartedId);
      if (state) this.recordStep(state, envelope.testStepFinished.testStepId, envelope.testStepFinished.testStepResult);
    }
    if (envelope.testCaseFinished) {
      const state = this.started.get(envelope.testCaseFinished.testCaseStartedId);
      if (!state || envelope.testCaseFinished.willBeRetried) return;
      const testCase = this.testCases.get(state.testCaseId);
      const pickle = testCase ? this.pickles.get(testCase.pickleId) : undefined;
      const result: ScenarioResult = {
        id: pickle?.id ?? state.testCaseId,
        name: pickle?.name ?? 'unknown scenario',
        feature: this.features.get(pickle?.uri ?? '') ?? pickle?.uri ?? '',
        uri: pickle?.uri ?? '',
        line: undefined,
        tags: pickle?.tags.map((tag) => tag.name) ?? [],
        status: state.worst,
        durationMs: toMillis(envelope.testCaseFinished.timestamp) - state.startedAt,
        failedStep: state.failedStep,
        message: state.message,
        exceptionType: state.exceptionType,
      };
      this.results.push(result);
      this.onScenarioFinished?.(result);
    }
  }

  counts(): Record<ScenarioStatus, number> & { total: number } {
    const counts = { PASSED: 0, FAILED: 0, SKIPPED: 0, UNDEFINED: 0, AMBIGUOUS: 0, PENDING: 0, UNKNOWN: 0, total: this.results.length };
    for (const result of this.results) counts[result.status] += 1;
    return counts;
  }

  private recordStep(
    state: { testCaseId: string; worst: ScenarioStatus; failedStep?: string; message?: string; exceptionType?: string },
    stepId: string,
    result: TestStepResult,
  ): void {
    const status = (result.status as ScenarioStatus) ?? 'UNKNOWN';
    if (SEVERITY.indexOf(status) > SEVERITY.indexOf(state.worst)) {
      state.worst = status;
      if (status !== 'SKIPPED') {
        state.failedStep = this.testCases.get(state.testCaseId)?.steps.get(stepId);
        state.message = result.exception?.message ?? result.message;
        state.exceptionType = result.exception?.type;
      }
    }
  }
}

function toMillis(timestamp: { seconds: number; nanos: number }): number {
  return timestamp.seconds * 1000 + Math.round(timestamp.nanos / 1e6);
}
