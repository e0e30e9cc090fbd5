import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RouteTable, type RestRoute } from '../../../sandbox/protocols/rest';

/** The route table the REST bindings (S3, Lambda) pick operations with. */
const table = new RouteTable<RestRoute>(
  [
    { method: 'GET', path: '/{Bucket}', query: ['list-type=2'], operation: 'ListObjectsV2' },
    { method: 'GET', path: '/{Bucket}', query: ['location'], operation: 'GetBucketLocation' },
    { method: 'GET', path: '/{Bucket}', operation: 'ListObjects' },
    { method: 'PUT', path: '/{Bucket}/{Key+}', headers: ['x-amz-copy-source'], operation: 'CopyObject' },
    { method: 'PUT', path: '/{Bucket}/{Key+}', operation: 'PutObject' },
    { method: 'POST', path: '/2015-03-31/functions/{FunctionName}/invocations', operation: 'Invoke' },
  ],
  ['location', 'acl'],
);

function match(method: string, path: string, query = '', headers: Record<string, string> = {}) {
  const found = table.match(method, path, new URLSearchParams(query), headers);
  return found && { operation: found.route.operation, labels: found.labels };
}

describe('REST route table (protocols/rest)', () => {
  const cases: Array<{ in: Parameters<typeof match>; out: ReturnType<typeof match> }> = [
    { in: ['GET', '/lake', 'list-type=2&prefix=a'], out: { operation: 'ListObjectsV2', labels: { Bucket: 'lake' } } },
    { in: ['GET', '/lake/', 'list-type=1'], out: { operation: 'ListObjects', labels: { Bucket: 'lake' } } },
    { in: ['GET', '/lake', 'location'], out: { operation: 'GetBucketLocation', labels: { Bucket: 'lake' } } },
    { in: ['PUT', '/lake/raw/2026/a%20b.csv'], out: { operation: 'PutObject', labels: { Bucket: 'lake', Key: 'raw/2026/a b.csv' } } },
    { in: ['PUT', '/lake/dir/'], out: { operation: 'PutObject', labels: { Bucket: 'lake', Key: 'dir/' } } },
    {
      in: ['PUT', '/lake/k', '', { 'x-amz-copy-source': '/other/k' }],
      out: { operation: 'CopyObject', labels: { Bucket: 'lake', Key: 'k' } },
    },
    {
      in: ['POST', '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Aload/invocations'],
      out: { operation: 'Invoke', labels: { FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:load' } },
    },
    // A query key that selects an operation of its own matches only a route naming it.
    { in: ['GET', '/lake', 'acl'], out: undefined },
    { in: ['DELETE', '/lake'], out: undefined },
  ];
  for (const { in: request, out } of cases) {
    it(`${request.slice(0, 3).join(' ')} → ${out?.operation ?? 'no route'}`, () => assert.deepEqual(match(...request), out));
  }

  it('names the exclusive query keys a request carries', () => {
    assert.deepEqual(table.exclusiveKeysOf(new URLSearchParams('acl&location&prefix=x')), ['location', 'acl']);
  });

  it('refuses a path label that is not valid percent-encoding', () => {
    assert.throws(
      () => match('PUT', '/lake/%E0%A4%A'),
      (error: Error) => error.name === 'SerializationException' && /%E0%A4%A/.test(error.message),
    );
  });
});
