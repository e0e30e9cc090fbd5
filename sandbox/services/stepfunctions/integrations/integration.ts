import type { ServiceClient } from '../../../core/internal-client';
import type { TaskIntegration } from '../asl/runtime';

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

const SERVICE_INTEGRATION = /^arn:aws:states:[a-z0-9-]*:\d*:([a-z0-9-]+):(.+)$/;

export function parseServiceResource(resource: string): ServiceResource | undefined {
  const match = SERVICE_INTEGRATION.exec(resource);
  if (!match) return undefined;
  const [, service = '', rest = ''] = match;
  const [action = '', pattern] = rest.split(/\.(?=[^.]+$)/);
  return { service, action, pattern };
}

/**
 * One kind of Task resource the sandbox runs, in a file of its own, registered in `index.ts`.
 * It recognises its resources, and runs them through the internal client (the sandbox's other
 * services, with their faults and "not implemented" answers), recording its own history events.
 */
export interface IntegrationDefinition<R extends ResolvedResource = ResolvedResource> {
  /** The resources it runs, as the refusal of an unsupported resource lists them. */
  readonly resources: readonly string[];
  /** Its reading of a Task resource, or undefined when the resource is not one of its own. */
  resolve(resource: string, parsed: ServiceResource | undefined): R | undefined;
  /** The integration that runs a resource it resolved. */
  create(resolved: R, services: ServiceClient): TaskIntegration;
}

export function defineIntegration<R extends ResolvedResource>(definition: IntegrationDefinition<R>): IntegrationDefinition<R> {
  return definition;
}
