import type { ServiceClient } from '../../../core/internal-client';
import { RuntimeFailure } from '../asl/failures';
import { isJsonObject, toJsonText, toStateJson, type JsonObject, type JsonValue } from '../asl/json';
import type { TaskIntegration, TaskInvocation } from '../asl/runtime';
import { describeJavaV1Error, type JavaV1Service } from './aws-errors';
import {
  defineIntegration,
  integrationPattern,
  serviceTaskIdentity,
  type IntegrationDefinition,
  type ResolvedResource,
} from './integration';
import { newRequestId, runServiceTask, sdkResponseMetadata, type IntegrationPattern, type ServiceTaskIdentity } from './service-task';

/** One API action of an optimized integration (`arn:aws:states:::<service>:<action>`). */
export interface OptimizedAction {
  /** The API operation, as the sandbox's service serves it: `SendMessage`. */
  operation: string;
  /** The request members Step Functions passes on; any other is refused before the task starts. */
  members: readonly string[];
  required?: readonly string[];
  /** Members that may be any JSON: Step Functions sends a non-string value as its JSON text (`MessageBody`, `Message`). */
  jsonText?: readonly string[];
  /** The patterns besides request-response. */
  patterns?: readonly IntegrationPattern[];
}

/**
 * An optimized integration: the request is the state's Parameters (AWS's PascalCase member
 * names, which the sandbox's services take as they are), the result the API response with the
 * `SdkHttpMetadata` / `SdkResponseMetadata` members the AWS SDK for Java adds, errors named as
 * that SDK names them (`aws-errors.ts`).
 */
export interface OptimizedService {
  /** Its name in the resource and in the events' resourceType: `sqs`, `sns`, `dynamodb`, `events`, `states`. */
  name: string;
  /** The sandbox service (signing name) the calls go to. */
  service: string;
  errors: JavaV1Service;
  actions: Readonly<Record<string, OptimizedAction>>;
  /** The response's HTTP headers, as AWS's service sends them (`body` is the wire body: Content-Length, checksums). */
  headers?(context: ResponseContext): Record<string, string>;
  /** The response's wire body (its length is the Content-Length AWS reports). */
  wireBody?(response: JsonObject, action: string): string;
  /** The task's result from the API response; default: the response with the SDK metadata. */
  result?(response: JsonObject, context: { action: string; invocation: TaskInvocation; metadata: JsonObject }): JsonValue;
  /** Completes the request from what the execution knows (EventBridge adds the execution's ARNs as resources). */
  prepare?(request: JsonObject, invocation: TaskInvocation, action: string): JsonObject;
  /** `.sync` tasks: waits for the job the call started and answers the task's result. */
  sync?(
    response: JsonObject,
    context: { invocation: TaskInvocation; services: ServiceClient; pattern: 'sync' | 'sync:2' },
  ): Promise<JsonValue>;
}

export interface ResponseContext {
  requestId: string;
  body: string;
  action: string;
}

interface ResolvedOptimized extends ResolvedResource {
  action: string;
  pattern?: IntegrationPattern;
}

export function defineOptimizedIntegration(spec: OptimizedService): IntegrationDefinition<ResolvedOptimized> {
  const resources = Object.entries(spec.actions).flatMap(([action, { patterns = [] }]) => [
    `arn:aws:states:::${spec.name}:${action}`,
    ...patterns.map((pattern) => `arn:aws:states:::${spec.name}:${action}.${pattern}`),
  ]);
  return defineIntegration<ResolvedOptimized>({
    resources,
    resolve: (_resource, parsed) => {
      if (parsed?.service !== spec.name) return undefined;
      const action = spec.actions[parsed.action];
      if (!action) return undefined;
      const pattern = integrationPattern(parsed);
      if (parsed.pattern !== undefined && (pattern === undefined || !(action.patterns ?? []).includes(pattern))) return undefined;
      return { kind: spec.name, action: parsed.action, pattern };
    },
    create: ({ action, pattern }, { services }) => new OptimizedTask(spec, action, pattern, services),
  });
}

class OptimizedTask implements TaskIntegration {
  readonly usesTaskToken: boolean;
  private readonly identity: ServiceTaskIdentity;

  constructor(
    private readonly spec: OptimizedService,
    private readonly action: string,
    private readonly pattern: IntegrationPattern | undefined,
    private readonly services: ServiceClient,
  ) {
    this.usesTaskToken = pattern !== undefined;
    this.identity = serviceTaskIdentity({ service: spec.name, action, pattern });
  }

  async run(invocation: TaskInvocation): Promise<JsonValue> {
    const { spec, action } = this;
    const definition = spec.actions[action]!;
    const request = checkParameters(invocation.parameters, definition);
    return runServiceTask(
      invocation,
      this.identity,
      async (submitted) => {
        const prepared = spec.prepare ? spec.prepare(request, invocation, action) : request;
        const raw = await this.services.call(spec.service, definition.operation, prepared, { region: invocation.frame.scope.region });
        const response = toStateJson(raw ?? {}, 'epoch-millis') as JsonObject;
        const requestId = newRequestId();
        const body = spec.wireBody ? spec.wireBody(response, action) : JSON.stringify(raw ?? {});
        const headers = spec.headers?.({ requestId, body, action });
        const metadata = headers ? sdkResponseMetadata(requestId, headers) : {};
        const result = spec.result ? spec.result(response, { action, invocation, metadata }) : { ...response, ...metadata };
        const pattern = this.pattern;
        if ((pattern === 'sync' || pattern === 'sync:2') && spec.sync) {
          submitted(result);
          return spec.sync(response, { invocation, services: this.services, pattern });
        }
        return result;
      },
      (error) => describeJavaV1Error(error, spec.errors),
      this.pattern,
    );
  }
}

/**
 * The Parameters of an optimized integration: a JSON object of the action's request members.
 * Anything else is refused before the task starts, as Step Functions refuses it (a runtime error).
 */
function checkParameters(parameters: JsonValue, action: OptimizedAction): JsonObject {
  const refuse = (problem: string): never => {
    throw new RuntimeFailure(`The Parameters '${toJsonText(parameters)}' could not be used to start the Task: [${problem}]`);
  };
  if (!isJsonObject(parameters)) return refuse('The value of the task parameters must be a JSON object');
  for (const key of Object.keys(parameters))
    if (!action.members.includes(key)) refuse(`The field '${key}' is not supported by Step Functions`);
  for (const key of action.required ?? []) if (!(key in parameters)) refuse(`The field '${key}' is required but was missing`);
  // The AWS SDK leaves a null member out of the request: the service answers as for a missing one.
  const request: JsonObject = Object.fromEntries(Object.entries(parameters).filter(([, value]) => value !== null));
  for (const key of action.jsonText ?? []) {
    const value = request[key];
    if (value !== undefined && value !== null && typeof value !== 'string') request[key] = toJsonText(value);
  }
  return request;
}

/** The headers of an AWS JSON-protocol response, as the optimized integrations record them. */
export function jsonProtocolHeaders({ requestId, body }: ResponseContext): Record<string, string> {
  return {
    'x-amzn-RequestId': requestId,
    connection: 'keep-alive',
    'Content-Length': String(Buffer.byteLength(body)),
    Date: new Date().toUTCString(),
    'Content-Type': 'application/x-amz-json-1.0',
  };
}

/** A JSON-protocol body as AWS writes it: timestamps as epoch seconds. */
export function jsonWireBody(response: JsonObject, timestampMembers: readonly string[] = []): string {
  const wire: JsonObject = { ...response };
  for (const member of timestampMembers) {
    const value = wire[member];
    if (typeof value === 'number') wire[member] = value / 1000;
  }
  return JSON.stringify(wire);
}
