import type { AwsRequest, HttpResponse } from './protocol/http-types';
import type { FaultRule } from './faults';
import type { Sandbox } from './sandbox';

const PREFIX = '/_postflight/';

/**
 * Sandbox-only routes beside the AWS APIs: `GET /_postflight/health` (readiness and what is
 * deployed) and `/_postflight/faults` (GET lists, POST adds a rule, DELETE clears them).
 * Bucket names cannot start with `_`, so these never shadow S3 paths.
 */
export function adminHandler(sandbox: Sandbox) {
  return async (request: AwsRequest): Promise<HttpResponse | undefined> => {
    if (!request.rawPath.startsWith(PREFIX)) return undefined;
    const route = `${request.method} ${request.rawPath.slice(PREFIX.length)}`;
    switch (route) {
      case 'GET health':
        return json(200, {
          status: 'ready',
          accountId: sandbox.accountId,
          region: sandbox.region,
          stacks: sandbox.cloudFormation.all().map((stack) => ({ name: stack.StackName, resources: stack.Resources })),
        });
      case 'GET faults':
        return json(200, { faults: sandbox.faults.list() });
      case 'POST faults':
        try {
          const rules = JSON.parse(request.body.toString('utf8')) as FaultRule | FaultRule[];
          for (const rule of Array.isArray(rules) ? rules : [rules]) sandbox.faults.add(rule);
          return json(200, { faults: sandbox.faults.list() });
        } catch (error) {
          return json(400, { message: `Invalid fault rule: ${(error as Error).message}` });
        }
      case 'DELETE faults':
        sandbox.faults.clear();
        return json(200, { faults: [] });
      default:
        return json(404, { message: `Unknown sandbox route ${route}. Known: GET health, GET|POST|DELETE faults.` });
    }
  };
}

function json(status: number, body: unknown): HttpResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
