import type { AwsRequest, HttpResponse } from '../core/http';
import { InvalidFaultRule, type FaultInjector } from '../core/faults';
import type { DeployedStack } from '../stores/stacks/stack-store';

/** What the admin routes show and change: a client of the sandbox, not a part of it. */
export interface AdminTarget {
  accountId: string;
  region: string;
  faults: FaultInjector;
  stacks: () => DeployedStack[];
  /** Fires a schedule (EventBridge Scheduler) or a scheduled EventBridge rule now; undefined when none has that name. */
  fireSchedule?: (name: string, group?: string) => Promise<unknown>;
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
      case 'POST schedules/fire':
        return fireSchedule(target, request.body);
      default:
        return json(404, { message: `Unknown sandbox route ${route}. Known: GET health, GET|POST|DELETE faults, POST schedules/fire.` });
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

/** `{"name": …, "group"?: …}`: the schedule's target gets what it would get when the schedule is due. */
async function fireSchedule(target: AdminTarget, body: Buffer): Promise<HttpResponse> {
  let request: { name?: unknown; group?: unknown };
  try {
    request = JSON.parse(body.toString('utf8')) as { name?: unknown; group?: unknown };
  } catch {
    return json(400, { message: 'The body must be JSON such as {"name": "nightly-load"} (and "group" for a Scheduler schedule group).' });
  }
  if (typeof request?.name !== 'string' || (request.group !== undefined && typeof request.group !== 'string')) {
    return json(400, {
      message: 'Give the schedule to fire as {"name": "<schedule or rule name>", "group": "<schedule group, optional>"}.',
    });
  }
  let fired: unknown;
  try {
    fired = await target.fireSchedule?.(request.name, request.group as string | undefined);
  } catch (error) {
    return json(502, { message: `Schedule ${request.name} fired, but its target refused the delivery: ${(error as Error).message}` });
  }
  if (fired === undefined) {
    return json(404, { message: `No EventBridge Scheduler schedule or scheduled EventBridge rule is named ${request.name}.` });
  }
  return json(200, { fired });
}
