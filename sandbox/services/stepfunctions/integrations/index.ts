import type { ServiceClient } from '../../../core/internal-client';
import type { TaskIntegration } from '../asl/runtime';
import { athenaIntegration } from './athena';
import { parseServiceResource, type IntegrationDefinition, type ResolvedResource } from './integration';
import { lambdaFunctionIntegration } from './lambda-function';
import { lambdaInvokeIntegration } from './lambda-invoke';
import { s3SdkIntegration } from './s3-sdk';

/** Every Task integration the sandbox runs: one line each. */
const INTEGRATIONS: readonly IntegrationDefinition[] = [
  lambdaFunctionIntegration,
  lambdaInvokeIntegration,
  athenaIntegration,
  s3SdkIntegration,
];

/**
 * The Task resources this sandbox runs, in one place. Anything else is refused when the state
 * machine is created (with this list in the message), never run differently from AWS.
 */
export const SUPPORTED_TASK_RESOURCES: readonly string[] = INTEGRATIONS.flatMap((integration) => integration.resources);

/**
 * What a Task resource is, or why the sandbox refuses it (a sentence naming the problem, to which
 * the caller adds where it was found).
 */
export function resolveTaskResource(resource: string): ResolvedResource | { refusal: string } {
  const found = integrationFor(resource);
  if (found) return found.resolved;
  if (parseServiceResource(resource)?.pattern === 'waitForTaskToken') {
    return { refusal: `The callback pattern '.waitForTaskToken' (Resource '${resource}') is not supported by the postflight sandbox` };
  }
  return {
    refusal: `The resource '${resource}' is not supported by the postflight sandbox; the supported Task resources are: ${SUPPORTED_TASK_RESOURCES.join(', ')}`,
  };
}

/** Whether a resource uses the job-run (`.sync`) pattern (not allowed in EXPRESS state machines). */
export function isSyncResource(resource: string): boolean {
  return resource.startsWith('arn:aws:states:') && /\.sync(:\d+)?$/.test(resource);
}

/** The integration that runs a (validated) Task resource, calling other services through `services`. */
export function taskIntegrationFor(resource: string, services: ServiceClient): TaskIntegration {
  const found = integrationFor(resource);
  if (!found) throw new Error(`No integration runs ${resource} (the definition should have been refused when it was created).`);
  return found.integration.create(found.resolved, services);
}

/** The first registered integration that claims the resource. */
function integrationFor(resource: string): { integration: IntegrationDefinition; resolved: ResolvedResource } | undefined {
  const parsed = parseServiceResource(resource);
  for (const integration of INTEGRATIONS) {
    const resolved = integration.resolve(resource, parsed);
    if (resolved) return { integration, resolved };
  }
  return undefined;
}
