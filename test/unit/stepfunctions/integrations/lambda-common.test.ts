import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../../sandbox/core/aws-error';
import {
  decodePayload,
  describeLambdaApiError,
  encodePayload,
  functionErrorName,
  withQualifier,
} from '../../../../sandbox/services/stepfunctions/integrations/lambda-common';
import type { JsonValue } from '../../../../sandbox/services/stepfunctions/asl/json';

describe('Lambda payloads and errors (integrations/lambda-common)', () => {
  const encodings: Array<{ in: JsonValue | undefined; out: string }> = [
    { in: undefined, out: '{}' },
    { in: null, out: '{}' },
    { in: { a: [1, 'b'] }, out: '{"a":[1,"b"]}' },
    { in: '{"already":"json"}', out: '{"already":"json"}' },
    { in: 'plain text', out: '"plain text"' },
    { in: 42, out: '42' },
  ];
  for (const { in: payload, out } of encodings) {
    it(`sends ${JSON.stringify(payload)} as ${out}`, () => assert.equal(encodePayload(payload).toString(), out));
  }

  const decodings: Array<{ in: string; out: JsonValue }> = [
    { in: '{"a":1}', out: { a: 1 } },
    { in: 'null', out: null },
    { in: 'not json', out: 'not json' },
  ];
  for (const { in: text, out } of decodings) {
    it(`reads ${JSON.stringify(text)}`, () => assert.deepEqual(decodePayload(Buffer.from(text)), out));
  }

  const errorNames: Array<{ in: string; out: string }> = [
    {
      in: '{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: x Error: Task timed out after 1.00 seconds"}',
      out: 'Sandbox.Timedout',
    },
    { in: '{"errorMessage":"2024-04-08T10:00:00.000Z x Task timed out after 1.00 seconds"}', out: 'Lambda.Unknown' },
    { in: 'oops', out: 'Lambda.Unknown' },
  ];
  for (const { in: payload, out } of errorNames) {
    it(`names the function error ${out}`, () => assert.equal(functionErrorName(Buffer.from(payload)), out));
  }

  const qualified: Array<{ in: [string, string | undefined]; out: string }> = [
    { in: ['load', undefined], out: 'load' },
    { in: ['load', 'live'], out: 'load:live' },
    { in: ['load:prod', 'live'], out: 'load:prod' },
    { in: ['arn:aws:lambda:us-east-1:000000000000:function:load', '3'], out: 'arn:aws:lambda:us-east-1:000000000000:function:load:3' },
    { in: ['arn:aws:lambda:us-east-1:000000000000:function:load:2', '3'], out: 'arn:aws:lambda:us-east-1:000000000000:function:load:2' },
  ];
  for (const {
    in: [name, qualifier],
    out,
  } of qualified) {
    it(`invokes ${name} with Qualifier ${qualifier} as ${out}`, () => assert.equal(withQualifier(name, qualifier), out));
  }

  it('describes a Lambda API error as the AWS SDK for Java reports it', () => {
    const described = describeLambdaApiError(new AwsError('TooManyRequestsException', 'Rate Exceeded.', 429));
    assert.equal(described.error, 'Lambda.TooManyRequestsException');
    assert.match(
      described.cause!,
      /^Rate Exceeded\. \(Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException; Request ID: [0-9a-f-]{36}; Proxy: null\)$/,
    );
  });
});
