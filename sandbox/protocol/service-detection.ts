/**
 * Which service a request is for. Every AWS SDK and the CLI sign requests with SigV4, whose
 * credential scope names the service (`AKID/20261126/us-east-1/states/aws4_request`): that is
 * the primary signal. Unsigned requests fall back to the request's shape.
 */
const TARGET_PREFIXES: Record<string, string> = {
  AWSStepFunctions: 'states',
  AmazonAthena: 'athena',
  AWSGlue: 'glue',
  Logs_20140328: 'logs',
  AmazonSSM: 'ssm',
};

const QUERY_ACTIONS: Record<string, string> = {
  GetCallerIdentity: 'sts',
  AssumeRole: 'sts',
  GetSessionToken: 'sts',
  DescribeStacks: 'cloudformation',
  ListStacks: 'cloudformation',
  DescribeStackResources: 'cloudformation',
  ListExports: 'cloudformation',
};

export interface SigningScope {
  accessKeyId?: string;
  region?: string;
  service?: string;
}

export function parseSigningScope(headers: Record<string, string>, query: URLSearchParams): SigningScope {
  const signed = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(headers['authorization'] ?? '');
  if (signed) return { accessKeyId: signed[1], region: signed[2], service: signed[3] };
  const presigned = query.get('X-Amz-Credential')?.split('/');
  if (presigned && presigned.length >= 4) return { accessKeyId: presigned[0], region: presigned[2], service: presigned[3] };
  return {};
}

export function detectService(scope: SigningScope, headers: Record<string, string>, rawPath: string, body: Buffer): string | undefined {
  if (scope.service) return scope.service;
  const target = headers['x-amz-target'];
  if (target) return TARGET_PREFIXES[target.split('.')[0]];
  if (rawPath.startsWith('/2015-03-31/functions')) return 'lambda';
  const contentType = headers['content-type'] ?? '';
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const action = new URLSearchParams(body.toString('utf8')).get('Action');
    if (action) return QUERY_ACTIONS[action];
  }
  return 's3';
}
