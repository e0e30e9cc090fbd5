import type { ScenarioResult, ScenarioStatus } from '../../model/scenario-result';

/**
 * Why a scenario did not pass, in the words a release manager decides on:
 * - product defect: an assertion about the deployed system failed (the release is wrong);
 * - test defect: the scenario itself is wrong (undefined step, bad fixture or template…);
 * - environment/infrastructure: the environment did not answer (timeout, throttling, access, 5xx).
 * One classification serves the sign-off report and the Allure categories.
 */
export type FailureCategory = 'product defect' | 'test defect' | 'environment/infrastructure';

export const FAILURE_CATEGORIES: readonly FailureCategory[] = ['product defect', 'test defect', 'environment/infrastructure'];

export interface CategorizedFailure {
  category: FailureCategory;
  /** One sentence: what kind of failure, then what was seen (enough of the message to explain it). */
  reason: string;
}

/** How much of a message a reason carries; the whole message is in the Allure report and junit.xml. */
export const REASON_CHARACTERS = 400;
const REASON_LINES = 4;

export type FailureEvidence = Pick<ScenarioResult, 'status' | 'exceptionType' | 'message' | 'failedStep'>;

/** Errors the framework throws when the scenario, its fixtures or its templates are wrong. */
const TEST_DEFECT_TYPES = new Set([
  'TemplateError',
  'FixtureError',
  'DocStringError',
  'JsonPathError',
  'UnknownResourceError',
  'DataFileError',
  'DurationError',
  'EnvironmentError',
  'TypeError',
  'ReferenceError',
  'SyntaxError',
  'RangeError',
]);

/**
 * AWS SDK and framework errors that say the environment did not answer, whatever the release.
 * (An unmodelled AWS error arrives as `<Service>ServiceException`: its message decides, below.)
 */
const ENVIRONMENT_TYPES = new Set([
  'WaitTimeoutError',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'SlowDown',
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'CredentialsProviderError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalError',
  'InternalFailure',
  'InternalServerError',
  'InternalServerException',
]);

/** Untyped errors (or generic ones) whose message says the environment did not answer. */
const ENVIRONMENT_MESSAGE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ESOCKETTIMEDOUT|EAI_AGAIN|ENOTFOUND|EHOSTUNREACH|socket hang up|\btimed out\b|\bthrottl|rate exceeded|too many requests|access denied|not authorized to perform|security token .* (?:expired|invalid)|service unavailable|internal server error|\b50[0234]\b/i;

/** Errors that say the deployed system did not do or hold what the scenario expects. */
const PRODUCT_TYPES = new Set([
  'WaitFailedError',
  'QueryFailedError',
  'ResourceNotFoundException',
  'StateMachineDoesNotExist',
  'ExecutionDoesNotExist',
  'EntityNotFoundException',
  'NoSuchBucket',
  'NoSuchKey',
  'NotFound',
]);

const NOT_RUNNABLE: Partial<Record<ScenarioStatus, (step: string) => string>> = {
  UNDEFINED: (step) => `Undefined step "${step}": no step definition matches it.`,
  AMBIGUOUS: (step) => `Ambiguous step "${step}": several step definitions match it.`,
  PENDING: (step) => `Pending step "${step}": its definition is not implemented yet.`,
};

/** The category and reason of a scenario that did not pass; undefined for passed or skipped ones. */
export function categorizeFailure(result: FailureEvidence): CategorizedFailure | undefined {
  if (result.status === 'PASSED' || result.status === 'SKIPPED') return undefined;
  const step = result.failedStep ?? 'a hook';
  const notRunnable = NOT_RUNNABLE[result.status];
  if (notRunnable) return { category: 'test defect', reason: notRunnable(step) };

  const type = result.exceptionType ?? 'Error';
  const seen = explainingText(result.message) || 'no message';
  const at = `at "${step}"`;
  if (TEST_DEFECT_TYPES.has(type)) {
    return { category: 'test defect', reason: `The scenario itself is wrong (${type} ${at}): ${seen}` };
  }
  if (ENVIRONMENT_TYPES.has(type)) {
    return { category: 'environment/infrastructure', reason: `The environment did not answer (${type} ${at}): ${seen}` };
  }
  // Before the message patterns: an assertion about a TIMED_OUT execution is about the product.
  if (/AssertionError$/.test(type)) {
    return { category: 'product defect', reason: `An assertion about the system failed ${at}: ${seen}` };
  }
  if (ENVIRONMENT_MESSAGE.test(result.message ?? '')) {
    return { category: 'environment/infrastructure', reason: `The environment did not answer (${type} ${at}): ${seen}` };
  }
  if (PRODUCT_TYPES.has(type)) {
    return { category: 'product defect', reason: `The system did not do what the scenario expects (${type} ${at}): ${seen}` };
  }
  // Allure's own convention too: an error that is not an assertion is a test error until shown otherwise.
  return { category: 'test defect', reason: `Unexpected error in the test code, not an assertion about the system (${type} ${at}): ${seen}` };
}

/**
 * The part of a message that explains the failure: its first line, and — when that line only
 * announces what follows ("…does not contain what was expected:") — the lines that follow, on one
 * line. Stack frames are left out; a reason cut short says so with "…".
 */
export function explainingText(message: string | undefined): string {
  const lines = (message ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !/^at\s/.test(line));
  const [first = '', ...rest] = lines;
  if (!first.endsWith(':') || !rest.length) return clip(first);
  const details = rest.slice(0, REASON_LINES - 1);
  return clip(`${first} ${details.join('; ')}${rest.length > details.length ? '; …' : ''}`);
}

function clip(text: string): string {
  return text.length > REASON_CHARACTERS ? `${text.slice(0, REASON_CHARACTERS - 1)}…` : text;
}
