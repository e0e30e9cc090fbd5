import type { ServiceClient } from '../../../core/internal-client';
import { dataDetails } from '../history';
import type { TaskIntegration, TaskInvocation } from '../asl/runtime';
import type { ActivityBoard } from '../callbacks/activities';
import type { IntegrationPattern, ServiceTaskIdentity } from './service-task';

/** What an integration made of a Task resource: its kind, plus whatever it parsed (action, pattern). */
export interface ResolvedResource {
  kind: string;
}

/** `arn:aws:states:<region?>:<account?>:<service>:<action>[.<pattern>]`, taken apart. */
export interface ServiceResource {
  /** `lambda`, `athena`, `aws-sdk`, … */
  service: string;
  /** `invoke`, `startQueryExecution`; for `aws-sdk`, `<service>:<action>` (`s3:getObject`). */
  action: string;
  /** `sync`, `sync:2`, `waitForTaskToken`, or none (request-response). */
  pattern?: string;
}

const SERVICE_INTEGRATION = /^arn:aws[a-z-]*:states:[a-z0-9-]*:\d*:([a-z0-9-]+):(.+)$/;
const ACTIVITY = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:activity:.+$/;

export function parseServiceResource(resource: string): ServiceResource | undefined {
  if (ACTIVITY.test(resource)) return undefined;
  const match = SERVICE_INTEGRATION.exec(resource);
  if (!match) return undefined;
  const [, service = '', rest = ''] = match;
  const pattern = /\.(sync(?::\d+)?|waitForTaskToken)$/.exec(rest)?.[1];
  const action = pattern === undefined ? rest : rest.slice(0, rest.length - pattern.length - 1);
  return { service, action, pattern };
}

export function isActivityArn(resource: string): boolean {
  return ACTIVITY.test(resource);
}

/** How a service integration's events name it: `sns` / `publish.waitForTaskToken`, `aws-sdk:s3` / `getObject`. */
export function serviceTaskIdentity(parsed: ServiceResource): ServiceTaskIdentity {
  if (parsed.service === 'aws-sdk') {
    const [service = '', action = ''] = parsed.action.split(':');
    return { resourceType: `aws-sdk:${service}`, resource: withPattern(action, parsed.pattern) };
  }
  return { resourceType: parsed.service, resource: withPattern(parsed.action, parsed.pattern) };
}

function withPattern(action: string, pattern: string | undefined): string {
  return pattern === undefined ? action : `${action}.${pattern}`;
}

/** The pattern of a parsed resource, if it is one the integrations know. */
export function integrationPattern(parsed: ServiceResource): IntegrationPattern | undefined {
  const { pattern } = parsed;
  return pattern === 'sync' || pattern === 'sync:2' || pattern === 'waitForTaskToken' ? pattern : undefined;
}

/** What the sandbox offers an integration: its services, and the activities workers poll. */
export interface IntegrationContext {
  services: ServiceClient;
  activities: ActivityBoard;
}

/** What the sandbox serves, for integrations that check a resource against it (`aws-sdk:<service>:<action>`). */
export interface ServedOperations {
  /** The operations a service (by signing name) serves, or undefined when the sandbox has no such service. */
  operations(service: string): readonly string[] | undefined;
}

/**
 * One kind of Task resource the sandbox runs, in a file of its own, registered in `index.ts`.
 * It recognises its resources, and runs them through the internal client (the sandbox's other
 * services, with their faults and "not implemented" answers), recording its own history events.
 */
export interface IntegrationDefinition<R extends ResolvedResource = ResolvedResource> {
  /** The resources it runs, as messages about unsupported resources list them. */
  readonly resources: readonly string[];
  /** Its reading of a Task resource, or undefined when the resource is not one of its own. */
  resolve(resource: string, parsed: ServiceResource | undefined, served: ServedOperations): R | undefined;
  /** The integration that runs a resource it resolved. */
  create(resolved: R, context: IntegrationContext): TaskIntegration;
}

export function defineIntegration<R extends ResolvedResource>(definition: IntegrationDefinition<R>): IntegrationDefinition<R> {
  return definition;
}

/**
 * What LambdaFunctionScheduled and ActivityScheduled record of a task: the resource, its input,
 * and its timeouts (Lambda's event has no heartbeat).
 */
export function scheduledDetails(invocation: TaskInvocation, withHeartbeat: boolean) {
  const { resource, parameters, timeoutSeconds, heartbeatSeconds } = invocation;
  return {
    resource,
    ...dataDetails('input', parameters),
    ...(timeoutSeconds !== undefined ? { timeoutInSeconds: timeoutSeconds } : {}),
    ...(withHeartbeat && heartbeatSeconds !== undefined ? { heartbeatInSeconds: heartbeatSeconds } : {}),
  };
}
