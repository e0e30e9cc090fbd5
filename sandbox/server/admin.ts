import type { AwsRequest, HttpResponse } from '../core/http';
import { InvalidFaultRule, type FaultInjector } from '../core/faults';
import type { DeployedStack } from '../stores/stacks/stack-store';

/** What the admin routes show and change: a client of the sandbox, not a part of it. */
export interface AdminTarget {
  accountId: string;
  region: string;
  faults: FaultInjector;
  stacks: () => DeployedStack[];
}

const PREFIX = '/_postflight/';

/**
 * Sandbox-only routes beside the AWS APIs: `GET /_postflight/health` (readiness and what is
 * deployed) and `/_postflight/faults` (GET lists, POST adds a rule or a list of rules, DELETE
 * clears them). Bucket names cannot start with `_`, so these never shadow S3 paths.
 */
export function adminHandler(target: AdminTarget) {
  return async (request: AwsRequest): Promise<HttpResponse | undefined> => {
    if (!request.rawPath.startsWith(PREFIX)) return undefined;
    const route = `${request.method} ${request.rawPath.slice(PREFIX.length)}`;
    switch (route) {
      case 'GET health':
        return json(200, {
          status: 'ready',
          accountId: target.accountId,
          region: target.region,
          stacks: target.stacks().map((stack) => ({ name: stack.StackName, resources: stack.Resources })),
        });
      case 'GET faults':
        return json(200, { faults: target.faults.list() });
      case 'POST faults':
        return addFaults(target.faults, request.body);
      case 'DELETE faults':
        target.faults.clear();
        return json(200, { faults: [] });
      default:
        return json(404, { message: `Unknown sandbox route ${route}. Known: GET health, GET|POST|DELETE faults.` });
    }
  };
}

/** All the rules of a request, or none: a rule that cannot be honoured is answered 400, naming its field. */
function addFaults(faults: FaultInjector, body: Buffer): HttpResponse {
  let rules: unknown;
  try {
    rules = JSON.parse(body.toString('utf8'));
  } catch (error) {
    return json(400, { message: `Invalid fault rule: the body is not JSON (${(error as Error).message}).`, field: '(body)' });
  }
  try {
    faults.add(...(Array.isArray(rules) ? rules : [rules]));
  } catch (error) {
    if (!(error instanceof InvalidFaultRule)) throw error;
    return json(400, { message: error.message, field: error.field });
  }
  return json(200, { faults: faults.list() });
}

function json(status: number, body: unknown): HttpResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
