import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { categorizeFailure, type FailureCategory, type FailureEvidence } from '../../runner/reports/failure-category';

describe('failure categories', () => {
  const cases: Array<{ name: string; in: FailureEvidence; out: FailureCategory | undefined; reason?: RegExp }> = [
    { name: 'a passed scenario has none', in: { status: 'PASSED' }, out: undefined },
    { name: 'a skipped scenario has none', in: { status: 'SKIPPED' }, out: undefined },
    {
      name: 'an assertion about the system is a product defect',
      in: { status: 'FAILED', exceptionType: 'AssertionError', message: 'the curated table holds 4 rows, expected 3\n\n4 !== 3', failedStep: 'the curated table holds 3 rows' },
      out: 'product defect',
      reason: /^An assertion about the system failed at "the curated table holds 3 rows": the curated table holds 4 rows, expected 3$/,
    },
    { name: 'an assertion mentioning a timed-out execution stays a product defect', in: { status: 'FAILED', exceptionType: 'AssertionError', message: 'expected SUCCEEDED, the execution timed out (TIMED_OUT)' }, out: 'product defect' },
    { name: 'an execution that ended in the wrong state is a product defect', in: { status: 'FAILED', exceptionType: 'WaitFailedError', message: 'The execution did not happen: status FAILED, error ValidationFailed' }, out: 'product defect' },
    { name: 'a failed Athena query is a product defect', in: { status: 'FAILED', exceptionType: 'QueryFailedError', message: 'Athena query q-1 FAILED: TABLE_NOT_FOUND: line 1:15: Table curated.positions does not exist' }, out: 'product defect' },
    { name: 'a missing deployed resource is a product defect', in: { status: 'FAILED', exceptionType: 'StateMachineDoesNotExist', message: 'State Machine Does Not Exist' }, out: 'product defect' },
    { name: 'an undefined step is a test defect', in: { status: 'UNDEFINED', failedStep: 'a late file arrives' }, out: 'test defect', reason: /^Undefined step "a late file arrives": no step definition matches it\.$/ },
    { name: 'an ambiguous step is a test defect', in: { status: 'AMBIGUOUS', failedStep: 'the file is curated' }, out: 'test defect', reason: /^Ambiguous step/ },
    { name: 'a pending step is a test defect', in: { status: 'PENDING', failedStep: 'the totals are exported' }, out: 'test defect', reason: /^Pending step/ },
    { name: 'a bad template is a test defect', in: { status: 'FAILED', exceptionType: 'TemplateError', message: 'Unknown placeholder ${bucket:nowhere}' }, out: 'test defect', reason: /TemplateError/ },
    { name: 'a bad fixture is a test defect', in: { status: 'FAILED', exceptionType: 'FixtureError', message: 'fixtures/positions/missing.csv does not exist' }, out: 'test defect' },
    { name: 'a bad doc string is a test defect', in: { status: 'FAILED', exceptionType: 'DocStringError', message: 'not JSON' }, out: 'test defect' },
    { name: 'a bad JSONPath is a test defect', in: { status: 'FAILED', exceptionType: 'JsonPathError', message: 'invalid path $..[' }, out: 'test defect' },
    { name: 'an unknown resource name is a test defect', in: { status: 'FAILED', exceptionType: 'UnknownResourceError', message: 'no bucket "landng" in the environment' }, out: 'test defect' },
    { name: 'a bug in step code is a test defect', in: { status: 'FAILED', exceptionType: 'TypeError', message: "Cannot read properties of undefined (reading 'status')" }, out: 'test defect' },
    { name: 'an unexpected plain error is a test defect', in: { status: 'FAILED', exceptionType: 'Error', message: 'something odd' }, out: 'test defect', reason: /^Unexpected error in the test code/ },
    { name: 'a wait that timed out is environment', in: { status: 'FAILED', exceptionType: 'WaitTimeoutError', message: 'Timed out waiting for the execution: still RUNNING after 2 min.' }, out: 'environment/infrastructure' },
    { name: 'throttling is environment', in: { status: 'FAILED', exceptionType: 'ThrottlingException', message: 'Rate exceeded' }, out: 'environment/infrastructure', reason: /^The environment did not answer \(ThrottlingException/ },
    { name: 'too many requests is environment', in: { status: 'FAILED', exceptionType: 'TooManyRequestsException', message: 'Rate exceeded' }, out: 'environment/infrastructure' },
    { name: 'access denied is environment', in: { status: 'FAILED', exceptionType: 'AccessDeniedException', message: 'User is not authorized to perform: states:StartExecution' }, out: 'environment/infrastructure' },
    { name: 'an unmodelled AWS error saying access is denied is environment', in: { status: 'FAILED', exceptionType: 'SFNServiceException', message: 'User: arn:aws:sts::1:assumed-role/x is not authorized to perform: states:StartExecution' }, out: 'environment/infrastructure' },
    { name: 'a refused connection is environment', in: { status: 'FAILED', exceptionType: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:4566' }, out: 'environment/infrastructure' },
    { name: 'a 503 is environment', in: { status: 'FAILED', exceptionType: 'S3ServiceException', message: 'Service Unavailable' }, out: 'environment/infrastructure' },
    { name: 'an internal AWS error is environment', in: { status: 'FAILED', exceptionType: 'InternalServerException', message: 'Internal error' }, out: 'environment/infrastructure' },
    { name: 'a cucumber step timeout is environment', in: { status: 'FAILED', exceptionType: 'Error', message: 'function timed out, ensure the promise resolves within 900000 milliseconds' }, out: 'environment/infrastructure' },
    { name: 'a failed hook without a step names the hook', in: { status: 'FAILED', exceptionType: 'Error', message: 'Cleanup could not delete 1 object(s)' }, out: 'test defect', reason: /at "a hook"/ },
    {
      name: 'a first line that announces details is followed by them, not left ending in a colon',
      in: {
        status: 'FAILED',
        exceptionType: 'AssertionError',
        message: 'The response of "validate" does not contain what was expected:\n  $.status: expected "OK", got "REJECTED"\n  $.count: expected 3, got 0\nThe response: {"status":"REJECTED"}\n    at Object.<anonymous> (/p/support/x.ts:1:1)\nmore',
        failedStep: 'the response contains:',
      },
      out: 'product defect',
      reason: /: The response of "validate" does not contain what was expected: \$\.status: expected "OK", got "REJECTED"; \$\.count: expected 3, got 0; The response: \{"status":"REJECTED"\}; …$/,
    },
    {
      name: 'a very long reason is cut with a marker',
      in: { status: 'FAILED', exceptionType: 'AssertionError', message: `rows differ:\n${'x'.repeat(2000)}` },
      out: 'product defect',
      reason: /^An assertion about the system failed at "a hook": rows differ: x{380,400}…$/,
    },
  ];

  for (const testCase of cases) {
    it(testCase.name, () => {
      const failure = categorizeFailure(testCase.in);
      assert.equal(failure?.category, testCase.out);
      if (testCase.reason) assert.match(failure!.reason, testCase.reason);
    });
  }
});
