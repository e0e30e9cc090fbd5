import { RuntimeFailure } from '../asl/failures';
import type { JsonValue } from '../asl/json';
import type { TaskIntegration, TaskInvocation } from '../asl/runtime';
import { activityIntegration } from './activity';
import { athenaIntegration } from './athena';
import { isAwsOptimizedIntegration } from './aws-catalog';
import { awsSdkIntegration, sdkAction } from './aws-sdk';
import { dynamoDbIntegration } from './dynamodb';
import { eventsIntegration } from './events';
import {
  isActivityArn,
  parseServiceResource,
  type IntegrationContext,
  type IntegrationDefinition,
  type ResolvedResource,
  type ServedOperations,
} from './integration';
import { lambdaFunctionIntegration } from './lambda-function';
import { lambdaInvokeIntegration } from './lambda-invoke';
import { s3SdkIntegration } from './s3-sdk';
import { snsIntegration } from './sns';
import { sqsIntegration } from './sqs';
import { statesIntegration } from './states';

/** Every Task integration the sandbox runs: one line each. */
const INTEGRATIONS: readonly IntegrationDefinition[] = [
  lambdaFunctionIntegration,
  lambdaInvokeIntegration,
  athenaIntegration,
  s3SdkIntegration,
  snsIntegration,
  sqsIntegration,
  dynamoDbIntegration,
  eventsIntegration,
  statesIntegration,
  activityIntegration,
  awsSdkIntegration,
];

/** The Task resources this sandbox runs, as messages list them. */
export const SUPPORTED_TASK_RESOURCES: readonly string[] = INTEGRATIONS.flatMap((integration) => integration.resources);

/** What deciding about a Task resource needs to know of the sandbox. */
export interface TaskResourceContext {
  served: ServedOperations;
  /**
   * Whether the sandbox was given a mock configuration file: then a resource it cannot run
   * deploys (it "needs a mock"), and runs only in a test case that mocks its state.
   */
  mocksConfigured: boolean;
}

export const NO_SANDBOX_CONTEXT: TaskResourceContext = { served: { operations: () => undefined }, mocksConfigured: false };

/** Where the option that names a mock configuration file is set, for messages. */
export const MOCK_CONFIG_OPTION =
  'a mock configuration file (in an environment file: sandbox.stepFunctions.mockConfigFile; Sandbox.start option stepFunctions.mockConfigFile)';

export type TaskResourceResolution =
  | { kind: 'runs'; integration: IntegrationDefinition; resolved: ResolvedResource }
  /** An AWS resource the sandbox cannot run: a mocked test case may stand in for it. */
  | { kind: 'needs-mock'; why: string }
  /** A resource AWS itself refuses (`code` SCHEMA_VALIDATION_FAILED), or the sandbox cannot accept. */
  | { kind: 'refused'; code: 'SCHEMA_VALIDATION_FAILED' | 'UNSUPPORTED_BY_SANDBOX'; message: string };

/** What a Task resource is to the sandbox: one it runs, one that needs a mock, or one refused (with why). */
export function resolveTaskResource(resource: string, context: TaskResourceContext = NO_SANDBOX_CONTEXT): TaskResourceResolution {
  const parsed = parseServiceResource(resource);
  for (const integration of INTEGRATIONS) {
    const resolved = integration.resolve(resource, parsed, context.served);
    if (resolved) return { kind: 'runs', integration, resolved };
  }
  const why = whyNotRun(resource, context);
  if (why === undefined) {
    return {
      kind: 'refused',
      code: 'SCHEMA_VALIDATION_FAILED',
      message: `The resource provided ${resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`,
    };
  }
  if (context.mocksConfigured) return { kind: 'needs-mock', why };
  return {
    kind: 'refused',
    code: 'UNSUPPORTED_BY_SANDBOX',
    message: `The postflight sandbox cannot run the resource '${resource}' (${why}); it deploys with ${MOCK_CONFIG_OPTION}, whose test cases mock the states that use it`,
  };
}

/**
 * Why the sandbox cannot run a resource AWS offers, or undefined when AWS does not offer it
 * either (an unknown optimized integration or pattern, a malformed ARN).
 */
function whyNotRun(resource: string, context: TaskResourceContext): string | undefined {
  const parsed = parseServiceResource(resource);
  if (!parsed) return undefined;
  if (parsed.service === 'aws-sdk') {
    const named = sdkAction(parsed.action);
    if (!named || (parsed.pattern !== undefined && parsed.pattern !== 'waitForTaskToken')) return undefined;
    const operation = named.action.charAt(0).toUpperCase() + named.action.slice(1);
    const signing = named.sdkName === 'sfn' ? 'states' : named.sdkName;
    const served = context.served.operations(signing);
    if (named.sdkName === 's3') return `its aws-sdk:s3 integration runs ${S3_SDK_ACTIONS}`;
    return served
      ? `its ${signing} service does not implement ${operation}; it implements ${served.join(', ')}`
      : `it has no ${named.sdkName} service`;
  }
  if (!isAwsOptimizedIntegration(parsed.service, parsed.action, parsed.pattern)) return undefined;
  return `it does not run ${parsed.service} ${parsed.pattern ? `${parsed.action}.${parsed.pattern}` : parsed.action} tasks`;
}

const S3_SDK_ACTIONS = s3SdkIntegration.resources
  .map((resource) => resource.split(':').pop())
  .filter((action) => !action?.includes('.'))
  .join(', ');

/** Whether a resource uses the job-run (`.sync`) pattern (not allowed in EXPRESS state machines). */
export function isSyncResource(resource: string): boolean {
  return /^(sync|sync:\d+)$/.test(parseServiceResource(resource)?.pattern ?? '');
}

/** Whether a resource uses the callback (`.waitForTaskToken`) pattern (not allowed in EXPRESS state machines). */
export function isCallbackResource(resource: string): boolean {
  return parseServiceResource(resource)?.pattern === 'waitForTaskToken';
}

export { isActivityArn };

/**
 * The integration that runs a (validated) Task resource, calling other services through
 * `context`; a resource that needs a mock fails its state, naming the option that provides one.
 */
export function taskIntegrationFor(resource: string, context: IntegrationContext & TaskResourceContext): TaskIntegration {
  const resolution = resolveTaskResource(resource, context);
  if (resolution.kind === 'runs') return resolution.integration.create(resolution.resolved, context);
  return new NeedsMockTask(resource, resolution.kind === 'needs-mock' ? resolution.why : resolution.message);
}

/** A state whose resource the sandbox cannot run, in an execution whose test case does not mock it. */
class NeedsMockTask implements TaskIntegration {
  constructor(
    private readonly resource: string,
    private readonly why: string,
  ) {}

  async run(invocation: TaskInvocation): Promise<JsonValue> {
    const state = invocation.state.name;
    throw new RuntimeFailure(
      `The postflight sandbox cannot run the resource '${this.resource}' (${this.why}). Give state '${state}' a mocked response ` +
        `in a test case of ${MOCK_CONFIG_OPTION}, and start the execution as '<stateMachineArn>#<TestCase>' ` +
        `(or name a default test case for the state machine: sandbox.stepFunctions.defaultTestCases).`,
    );
  }
}
