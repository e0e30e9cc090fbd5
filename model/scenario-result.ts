/**
 * One scenario's outcome as the run folds it from cucumber's messages (runner/cucumber/run-results.ts):
 * what the progress lines, the quality gate and every report read.
 */
export type ScenarioStatus = 'PASSED' | 'FAILED' | 'SKIPPED' | 'UNDEFINED' | 'AMBIGUOUS' | 'PENDING' | 'UNKNOWN';

export interface ScenarioResult {
  id: string;
  name: string;
  feature: string;
  uri: string;
  line?: number;
  tags: string[];
  status: ScenarioStatus;
  /** ISO time the (last attempt of the) scenario started. */
  startedAt?: string;
  durationMs: number;
  /** The failing step's text and message, for failures. */
  failedStep?: string;
  message?: string;
  /** Name of the exception (e.g. AssertionError, WaitTimeoutError): feeds failure categories. */
  exceptionType?: string;
  /**
   * The run was interrupted: this scenario was stopped at `failedStep` (then cleaned up), or it
   * was not run at all. Its status is SKIPPED unless something else failed before or after.
   */
  interrupted?: 'cut short' | 'not run';
}
