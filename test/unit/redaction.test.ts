import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redactor, MASK } from '../../support/redaction';

describe('redaction', () => {
  const redactor = new Redactor();
  redactor.addEnvironment({ DB_PASSWORD: 'hunter2-hunter2', HOME: '/root', API_TOKEN: 'short', PATH: '/usr/bin' });
  redactor.addCredentials({
    accessKeyId: 'ASIAXYZ1234567890ABC',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    sessionToken: 'FwoGZXIvYXdzEJr//////////wEaDMCp',
  });

  const cases: Array<{ in: string; out: string }> = [
    { in: 'password is hunter2-hunter2!', out: `password is ${MASK}!` },
    { in: 'HOME=/root stays', out: 'HOME=/root stays' },
    { in: 'short values (short) are not secrets', out: 'short values (short) are not secrets' },
    { in: 'key ASIAXYZ1234567890ABC', out: `key ${MASK}` },
    { in: 'secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY end', out: `secret ${MASK} end` },
    { in: '{"SecretAccessKey":"anything-at-all","x":1}', out: `{"SecretAccessKey":"${MASK}","x":1}` },
    { in: '<SessionToken>abc/def==</SessionToken>', out: `<SessionToken>${MASK}</SessionToken>` },
    { in: 'aws_secret_access_key = abcdEFGH1234', out: `aws_secret_access_key = ${MASK}` },
    { in: 'unknown long-term key AKIAIOSFODNN7EXAMPLE here', out: `unknown long-term key AKIAIOSF${MASK} here` },
    {
      in: 'https://b.s3.amazonaws.com/k?X-Amz-Security-Token=IQoJb3JpZ2lu&X-Amz-Signature=abc',
      out: `https://b.s3.amazonaws.com/k?X-Amz-Security-Token=${MASK}&X-Amz-Signature=${MASK}`,
    },
    {
      in: 'nothing secret in s3://landing/positions/pf-20261126-061500-a3f9.csv',
      out: 'nothing secret in s3://landing/positions/pf-20261126-061500-a3f9.csv',
    },
  ];
  for (const testCase of cases) {
    it(JSON.stringify(testCase.in), () => assert.equal(redactor.redact(testCase.in), testCase.out));
  }
});
