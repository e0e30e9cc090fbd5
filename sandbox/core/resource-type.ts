import type { ServiceClient } from './internal-client';
import type { RequestContext } from './request-context';

/** What a deployed resource answers to `Ref` and `Fn::GetAtt`. */
export interface ResourceReference {
  /** What `Ref` answers (a name, an ARN — it depends on the type). */
  ref: string;
  /** What `Fn::GetAtt` answers, by attribute name. */
  attributes: Record<string, string>;
  /** What the deploy says of the resource (CloudFormation's ResourceStatusReason), e.g. states that need a mock. */
  statusReason?: string;
}

/** What a resource handler may use while creating one resource. */
export interface ResourceContext {
  region: string;
  accountId: string;
  stackName: string;
  logicalId: string;
  /** Directory of the template file: local code and definition paths are relative to it. */
  templateDirectory: string;
  /** The sandbox's scratch space for this stack (inline code is written here). */
  workDirectory: string;
  request: RequestContext;
  /** SAM `Globals` for this resource family, already resolved. */
  globals: Record<string, unknown>;
  /** Other services, for a resource that wires one to another (a subscription, an event source). */
  services: ServiceClient;
  /** A physical name as CloudFormation generates one: `<stack>-<logicalId>-<SUFFIX>`. */
  generatedName(options?: { maxLength?: number; lowerCase?: boolean }): string;
}

/**
 * A CloudFormation resource type the sandbox deploys. Each service declares the types it backs
 * (in its own folder); the deployer runs them in dependency order with intrinsics resolved.
 */
export interface ResourceType {
  type: string;
  /**
   * Deployed as recorded, not emulated: nothing in the sandbox acts on it (an alarm, a KMS key,
   * a permission). Every deploy lists such resources as such.
   */
  readonly recordedOnly?: true;
  create(properties: Record<string, unknown>, context: ResourceContext): Promise<ResourceReference> | ResourceReference;
}

export class ResourceError extends Error {}

export function requireString(properties: Record<string, unknown>, name: string, context: ResourceContext): string {
  const value = properties[name];
  if (typeof value !== 'string' || value === '') {
    throw new ResourceError(`Resource ${context.logicalId}: property ${name} must be a non-empty string (got ${JSON.stringify(value)}).`);
  }
  return value;
}

export function optionalString(properties: Record<string, unknown>, name: string): string | undefined {
  const value = properties[name];
  return value === undefined || value === null ? undefined : String(value);
}
