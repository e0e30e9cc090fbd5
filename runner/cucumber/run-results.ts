import type { Envelope, Pickle, TestStepResult } from '@cucumber/messages';
import type { ScenarioResult, ScenarioStatus } from '../../model/scenario-result';
import { NOT_STARTED_HOOK } from '../../model/interruption';

const INTERRUPTED_ERROR = 'InterruptedError';

interface ScenarioState {
  testCaseId: string;
  startedAt: number;
  worst: ScenarioStatus;
  failedStep?: string;
  message?: string;
  exceptionType?: string;
  interrupted?: ScenarioResult['interrupted'];
  interruptedStep?: string;
  interruptedMessage?: string;
}

const SEVERITY: ScenarioStatus[] = ['PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'FAILED'];

/**
 * Folds the cucumber message stream into one result per scenario: what the progress lines,
 * the summary, the quality gate and the sign-off report all read.
 */
export class RunResults {
  private readonly pickles = new Map<string, Pickle>();
  private readonly features = new Map<string, string>();
  private readonly testCases = new Map<string, { pickleId: string; steps: Map<string, string>; hooks: Map<string, string> }>();
  private readonly hookNames = new Map<string, string>();
  private readonly started = new Map<string, ScenarioState>();
  readonly results: ScenarioResult[] = [];

  constructor(private readonly onScenarioFinished?: (result: ScenarioResult) => void) {}

  handle(envelope: Envelope): void {
    if (envelope.gherkinDocument?.feature && envelope.gherkinDocument.uri) {
      this.features.set(envelope.gherkinDocument.uri, envelope.gherkinDocument.feature.name);
    }
    if (envelope.pickle) this.pickles.set(envelope.pickle.id, envelope.pickle);
    if (envelope.hook?.name) this.hookNames.set(envelope.hook.id, envelope.hook.name);
    if (envelope.testCase) {
      const pickle = this.pickles.get(envelope.testCase.pickleId);
      const steps = new Map<string, string>();
      const hooks = new Map<string, string>();
      for (const step of envelope.testCase.testSteps) {
        const text = step.pickleStepId ? pickle?.steps.find((candidate) => candidate.id === step.pickleStepId)?.text : undefined;
        steps.set(step.id, text ?? 'a hook');
        const hookName = step.hookId ? this.hookNames.get(step.hookId) : undefined;
        if (hookName) hooks.set(step.id, hookName);
      }
      this.testCases.set(envelope.testCase.id, { pickleId: envelope.testCase.pickleId, steps, hooks });
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
        startedAt: new Date(state.startedAt).toISOString(),
        durationMs: toMillis(envelope.testCaseFinished.timestamp) - state.startedAt,
        failedStep: state.failedStep,
        message: state.message,
        exceptionType: state.exceptionType,
      };
      if (state.interrupted) {
        result.interrupted = state.interrupted;
        // Cut short with nothing else wrong: not a failure of the system, a scenario that did not finish.
        if (state.worst === 'PASSED' || state.worst === 'SKIPPED') {
          Object.assign(result, {
            status: 'SKIPPED',
            failedStep: state.interruptedStep,
            message: state.interruptedMessage,
            exceptionType: INTERRUPTED_ERROR,
          });
        }
      }
      this.results.push(result);
      this.onScenarioFinished?.(result);
    }
  }

  counts(): Record<ScenarioStatus, number> & { total: number } {
    const counts = { PASSED: 0, FAILED: 0, SKIPPED: 0, UNDEFINED: 0, AMBIGUOUS: 0, PENDING: 0, UNKNOWN: 0, total: this.results.length };
    for (const result of this.results) counts[result.status] += 1;
    return counts;
  }

  private recordStep(state: ScenarioState, stepId: string, result: TestStepResult): void {
    const status = (result.status as ScenarioStatus) ?? 'UNKNOWN';
    const testCase = this.testCases.get(state.testCaseId);
    if (status === 'FAILED' && result.exception?.type === INTERRUPTED_ERROR) {
      Object.assign(state, {
        interrupted: 'cut short',
        interruptedStep: testCase?.steps.get(stepId),
        interruptedMessage: result.exception.message,
      });
      return;
    }
    if (status === 'SKIPPED' && testCase?.hooks.get(stepId) === NOT_STARTED_HOOK) state.interrupted = 'not run';
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

/**
 * The run's time span: from the first scenario's start to the last one's end. The console, the
 * sign-off and the Allure report (which measures the same span) all show this one duration.
 */
export function scenarioSpan(results: readonly ScenarioResult[]): { startedAt: string; finishedAt: string } | undefined {
  const starts = results.flatMap((result) => (result.startedAt ? [Date.parse(result.startedAt)] : []));
  const ends = results.flatMap((result) => (result.startedAt ? [Date.parse(result.startedAt) + result.durationMs] : []));
  if (!starts.length) return undefined;
  return { startedAt: new Date(Math.min(...starts)).toISOString(), finishedAt: new Date(Math.max(...ends)).toISOString() };
}

function toMillis(timestamp: { seconds: number; nanos: number }): number {
  return timestamp.seconds * 1000 + Math.round(timestamp.nanos / 1e6);
}
