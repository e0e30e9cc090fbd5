import { describeFailingFeature, type ScenarioExpectation } from '../helpers/failing-features';

const ARN = /arn:aws:states:us-east-1:000000000000:execution:datalake-ingest-positions:pf-\d{8}-\d{6}-[0-9a-f]{4}-s[0-9a-f]{6}-1/;

/** Each scenario of test/features/process/failures.feature: its expected status and what its message must say. */
const EXPECTATIONS: Record<string, ScenarioExpectation> = {
  'Control — a valid file is curated': { status: 'PASSED' },
  'The output holds another record count': {
    status: 'FAILED',
    message: [
      'The execution output does not match',
      '$.recordCount: expected 4, actual 3',
      ARN,
      'status:    SUCCEEDED',
      'path:      ValidateFile → IsValid → Transform → RegisterPartition → MarkCurated → AnnounceCurated → Done',
    ],
  },
  'Success was expected but the file was rejected': {
    status: 'FAILED',
    message: [
      /did not happen/,
      ARN,
      'status:    FAILED',
      'error:     ValidationFailed',
      'cause:     2 validation error(s)',
      'path:      ValidateFile → IsValid → Quarantine → MarkFailed → AlertFailure → Rejected',
    ],
  },
  'Another path was expected': {
    status: 'FAILED',
    message: [
      'expected: ValidateFile → IsValid → Quarantine',
      'actual:   ValidateFile → IsValid → Transform → RegisterPartition → MarkCurated → AnnounceCurated → Done',
      ARN,
    ],
  },
  'The execution failed with another error': {
    status: 'FAILED',
    message: ['with error "ValidationFailed" instead of "TransformFailed"', ARN, 'path:'],
  },
  'Fewer retries than expected': {
    status: 'FAILED',
    message: ['State "Transform" was retried 1 time(s), expected 2', 'attempt 1: TransientError', ARN],
  },
  'The execution is still running when the time is up': {
    status: 'FAILED',
    message: [
      /Timed out waiting for execution .* to succeed within 100 ms: still RUNNING, last state entered: Transform after 100 ms/,
      ARN,
      'status:    RUNNING',
    ],
  },
  'The state output differs': {
    status: 'FAILED',
    message: ['The output of state "Transform" does not match', '$.transform.rowCount: expected 30, actual 3', ARN],
  },
  'The Lambda response differs': { status: 'FAILED', message: ['$.status: expected "INVALID", actual "VALID"', 'requestId:'] },
  'The Lambda failed where success was expected': {
    status: 'FAILED',
    message: ['Lambda function "validate-positions" failed (Unhandled)', 'ValidationError', 'The event must name the landed file'],
  },
  'A Lambda failure nobody checked': {
    status: 'FAILED',
    message: [
      'passed without checking a failure it observed',
      'ValidationError',
      'Then the invocation fails with error type "ValidationError"',
    ],
  },
  'An execution failure nobody checked': {
    status: 'FAILED',
    message: [
      'passed without checking a failure it observed',
      /Execution pf-\S+ of "ingest-positions" ended FAILED/,
      ARN,
      'error:     ValidationFailed',
      'path:      ValidateFile → IsValid → Quarantine → MarkFailed → AlertFailure → Rejected',
      'Then the execution fails within 2 minutes',
    ],
  },
  'A Lambda failure that a later successful query does not excuse': {
    status: 'FAILED',
    message: ['passed without checking a failure it observed', 'Lambda function "validate-positions" failed (Unhandled: ValidationError)'],
  },
  'Control — an execution nobody checked that succeeds': { status: 'PASSED' },
  'The curated object has fewer rows than expected': {
    status: 'FAILED',
    message: [/s3:\/\/datalake-curatedbucket-[0-9a-f]+\/positions\/as_of_date=.*\.parquet has 3 row\(s\), expected 5/],
  },
  'A placeholder that does not exist': { status: 'FAILED', message: ['Unknown placeholder ${tomorrow}', 'Known: ${runId}', '${today+2d}'] },
  'A state machine the environment does not know': {
    status: 'FAILED',
    message: ['Unknown state machine "ingest-trades"', 'Known: ingest-positions'],
  },
};

describeFailingFeature('postflight run: process checks that fail say why', 'test/features/process/failures.feature', EXPECTATIONS);
