import type { ServiceClient } from '../../../core/internal-client';
import { RuntimeFailure } from '../asl/failures';
import { isJsonObject, toJsonText, toStateJson, type JsonObject, type JsonValue } from '../asl/json';
import type { TaskIntegration, TaskInvocation } from '../asl/runtime';
import { describeSdkV2Error, isServiceModeledError } from './aws-errors';
import { defineIntegration, serviceTaskIdentity, type ResolvedResource, type ServedOperations } from './integration';
import { decodePayload, encodePayload } from './lambda-common';
import { runServiceTask, type ServiceTaskIdentity } from './service-task';

/** An AWS SDK service as `aws-sdk:<name>:<action>` names it, and where the sandbox serves it. */
interface SdkService {
  /** The sandbox service (signing name) that serves it. */
  service: string;
  /** The AWS SDK for Java 2.x service id, which names its errors: `Sfn.InvalidTokenException`. */
  serviceId: string;
  /** Whether the API's members are camelCase on the wire (Step Functions, CloudWatch Logs), not PascalCase. */
  camelCase?: boolean;
  /** String members Step Functions fills with the JSON text of any other value (recorded: test_sfn_start_execution_implicit_json_serialisation). */
  jsonText?: readonly string[];
}

/**
 * The services whose `aws-sdk:` name differs from the sandbox's signing name, or whose members
 * need translating. Any other sandbox service is reachable under its signing name.
 */
const SDK_SERVICES: Readonly<Record<string, SdkService>> = {
  sfn: { service: 'states', serviceId: 'Sfn', camelCase: true, jsonText: ['Input', 'Output', 'Definition'] },
  cloudwatchlogs: { service: 'logs', serviceId: 'CloudWatchLogs', camelCase: true },
  eventbridge: { service: 'events', serviceId: 'EventBridge' },
  dynamodb: { service: 'dynamodb', serviceId: 'DynamoDb' },
  sqs: { service: 'sqs', serviceId: 'Sqs', jsonText: ['MessageBody'] },
  sns: { service: 'sns', serviceId: 'Sns', jsonText: ['Message'] },
  cloudformation: { service: 'cloudformation', serviceId: 'CloudFormation' },
  secretsmanager: { service: 'secretsmanager', serviceId: 'SecretsManager' },
};

/** S3 is served by its own integration (s3-sdk.ts): object bodies need it. */
const OWN_INTEGRATION = new Set(['s3']);

function sdkService(name: string): SdkService {
  return SDK_SERVICES[name] ?? { service: name, serviceId: name.charAt(0).toUpperCase() + name.slice(1) };
}

interface ResolvedSdkCall extends ResolvedResource {
  sdkName: string;
  action: string;
  operation: string;
  callback: boolean;
}

/** The `aws-sdk` service name and action of a resource: `aws-sdk:sfn:startExecution`. */
export function sdkAction(action: string): { sdkName: string; action: string } | undefined {
  const match = /^([a-z0-9-]+):([a-z][A-Za-z0-9]*)$/.exec(action);
  return match ? { sdkName: match[1]!, action: match[2]! } : undefined;
}

export const awsSdkIntegration = defineIntegration<ResolvedSdkCall>({
  resources: ['arn:aws:states:::aws-sdk:<service>:<action>[.waitForTaskToken] (for the services and operations the sandbox serves)'],
  resolve: (_resource, parsed, served: ServedOperations) => {
    if (parsed?.service !== 'aws-sdk') return undefined;
    if (parsed.pattern !== undefined && parsed.pattern !== 'waitForTaskToken') return undefined;
    const named = sdkAction(parsed.action);
    if (!named || OWN_INTEGRATION.has(named.sdkName)) return undefined;
    const operation = named.action.charAt(0).toUpperCase() + named.action.slice(1);
    if (!served.operations(sdkService(named.sdkName).service)?.includes(operation)) return undefined;
    return { kind: 'aws-sdk', ...named, operation, callback: parsed.pattern === 'waitForTaskToken' };
  },
  create: (resolved, { services }) => new AwsSdkTask(resolved, services),
});

/**
 * `arn:aws:states:::aws-sdk:<service>:<action>`: any API operation the sandbox serves, with the
 * AWS SDK's PascalCase member names in and out (translated for APIs whose wire members are
 * camelCase), no SDK metadata in the result, and errors named as the AWS SDK for Java 2.x names
 * them (`Sfn.InvalidTokenException`, `DynamoDb.ResourceNotFoundException`).
 *
 * Fidelity gaps: timestamps come out as ISO-8601 text; for camelCase APIs every PascalCase key is
 * translated, including keys of map-valued members (tags); Lambda's Invoke takes and answers its
 * Payload as JSON.
 */
export class AwsSdkTask implements TaskIntegration {
  readonly usesTaskToken: boolean;
  private readonly identity: ServiceTaskIdentity;
  private readonly sdk: SdkService;

  constructor(
    private readonly resolved: ResolvedSdkCall,
    private readonly services: ServiceClient,
  ) {
    this.usesTaskToken = resolved.callback;
    this.sdk = sdkService(resolved.sdkName);
    this.identity = serviceTaskIdentity({
      service: 'aws-sdk',
      action: `${resolved.sdkName}:${resolved.action}`,
      pattern: resolved.callback ? 'waitForTaskToken' : undefined,
    });
  }

  async run(invocation: TaskInvocation): Promise<JsonValue> {
    const { parameters } = invocation;
    if (!isJsonObject(parameters)) {
      throw new RuntimeFailure(
        `The Parameters '${toJsonText(parameters)}' could not be used to start the Task: [The value of the task parameters must be a JSON object]`,
      );
    }
    const { sdk, resolved } = this;
    return runServiceTask(
      invocation,
      this.identity,
      async () => {
        const request = toWire(serialised(parameters, sdk.jsonText ?? []), sdk, resolved.operation);
        const response = await this.services.call(sdk.service, resolved.operation, request, { region: invocation.frame.scope.region });
        return fromWire(response, sdk, resolved.operation);
      },
      (error) => describeSdkV2Error(error, sdk.serviceId, (code) => isServiceModeledError(code)),
      resolved.callback ? 'waitForTaskToken' : undefined,
    );
  }
}

function serialised(parameters: JsonObject, jsonText: readonly string[]): JsonObject {
  const out: JsonObject = { ...parameters };
  for (const key of jsonText) {
    const value = out[key];
    if (value !== undefined && value !== null && typeof value !== 'string') out[key] = toJsonText(value);
  }
  return out;
}

function toWire(parameters: JsonObject, sdk: SdkService, operation: string): object {
  const request: Record<string, unknown> = sdk.camelCase ? (renameKeys(parameters, lowerFirst) as JsonObject) : { ...parameters };
  if (sdk.service === 'lambda' && operation === 'Invoke') request.Payload = encodePayload(parameters.Payload as JsonValue | undefined);
  return request;
}

function fromWire(response: unknown, sdk: SdkService, operation: string): JsonValue {
  const value = toStateJson(response ?? {}, 'iso');
  const out = sdk.camelCase ? renameKeys(value, upperFirst) : value;
  if (sdk.service === 'lambda' && operation === 'Invoke' && isJsonObject(out)) {
    const { requestId: _requestId, Payload, ...rest } = out;
    const payload = (response as { Payload?: Uint8Array }).Payload;
    return { ...rest, ...(Payload !== undefined ? { Payload: payload ? decodePayload(payload) : Payload } : {}) };
  }
  return out;
}

function renameKeys(value: JsonValue, rename: (key: string) => string): JsonValue {
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, rename));
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [rename(key), renameKeys(member, rename)]));
}

const lowerFirst = (key: string) => (/^[A-Z]/.test(key) ? key.charAt(0).toLowerCase() + key.slice(1) : key);
const upperFirst = (key: string) => (/^[a-z]/.test(key) ? key.charAt(0).toUpperCase() + key.slice(1) : key);
