import { pathToFileURL } from 'node:url';
import type {
  CreateEventSourceMappingRequest,
  EventSourceMappingConfiguration,
  FunctionConfiguration,
  GetAccountSettingsResponse,
  GetFunctionConfigurationRequest,
  GetFunctionRequest,
  GetFunctionResponse,
  InvocationRequest,
  ListFunctionsRequest,
  ListEventSourceMappingsRequest,
  ListFunctionsResponse,
  ListVersionsByFunctionRequest,
  ListVersionsByFunctionResponse,
  UpdateEventSourceMappingRequest,
} from '@aws-sdk/client-lambda';
import type { ServiceClient } from '../../core/internal-client';
import type { FaultInjector } from '../../core/faults';
import { page } from '../../core/paging';
import type { Provider } from '../../core/provider';
import type { RequestContext } from '../../core/request-context';
import type { LogStore } from '../../stores/logs/log-store';
import { constraintViolation, InvalidParameterValueException } from './errors';
import { EventSourceMappings } from './event-source-mappings';
import { ExecutionEnvironments } from './execution-environments';
import { FunctionRegistry, type DeployedFunction, type LambdaFunctionDefinition, type RoleCredentials } from './function-registry';
import { parseFunctionName } from './function-name';
import { Invoker, type InvokeOptions, type InvokeResult } from './invoker';

export type { LambdaFunctionDefinition } from './function-registry';
export type { InvokeResult } from './invoker';

export interface LambdaDependencies {
  region: string;
  accountId: string;
  /** The sandbox endpoint, handed to handlers as AWS_ENDPOINT_URL so their SDK calls come back here. */
  endpoint: () => string;
  /** Where functions' log lines go (CloudWatch Logs' store). */
  logs: LogStore;
  faults: FaultInjector;
  /** Scratch space owned by this sandbox instance (removed on stop). */
  workDirectory: string;
  /** Execution environments per function that may run at once; more invocations queue. Default 4. */
  maxConcurrencyPerFunction?: number;
  /** A warm environment idle this long is stopped. Default 10 minutes. */
  idleTimeoutMs?: number;
  roleCredentials?: (roleArn: string, sessionName: string) => RoleCredentials;
  /** Other services, for event source mappings (their pollers read SQS and invoke through it). */
  services?: ServiceClient;
  /** Where failures in the background (a mapping's poll) are reported. */
  report?: (what: string, error: unknown) => void;
}

/**
 * Lambda's API. The concepts behind it each have their own class: the functions Lambda knows
 * (`FunctionRegistry`), invocation as the platform runs it (`Invoker`), the warm execution
 * environments (`ExecutionEnvironments`) and the language runtimes they run (`runtimes/`).
 */
export class LambdaProvider implements Provider {
  readonly serviceName = 'lambda';
  readonly operations: readonly string[] = [
    'Invoke',
    'GetFunction',
    'GetFunctionConfiguration',
    'ListFunctions',
    'ListVersionsByFunction',
    'GetAccountSettings',
    'CreateEventSourceMapping',
    'GetEventSourceMapping',
    'ListEventSourceMappings',
    'UpdateEventSourceMapping',
    'DeleteEventSourceMapping',
  ];
  /** `Sandbox.Timedout`: the invocation times out at once. */
  readonly engineFaults = { 'Sandbox.Timedout': 'Invoke' };
  private readonly functions: FunctionRegistry;
  private readonly environments: ExecutionEnvironments;
  private readonly invoker: Invoker;
  private readonly eventSourceMappings?: EventSourceMappings;

  constructor(deps: LambdaDependencies) {
    this.functions = new FunctionRegistry(deps);
    this.environments = new ExecutionEnvironments(deps);
    this.invoker = new Invoker({ ...deps, functions: this.functions, environments: this.environments });
    if (deps.services) {
      this.eventSourceMappings = new EventSourceMappings({
        region: deps.region,
        accountId: deps.accountId,
        services: deps.services,
        functionExists: (name) => this.functions.all().some((deployed) => deployed.definition.functionName === name),
        report: deps.report ?? (() => undefined),
      });
    }
  }

  // --- For the template deployer ----------------------------------------------------------------

  /**
   * Registers a function (AWS::Lambda::Function). Refuses, naming the function, what cannot run
   * here: a runtime the sandbox lacks, a handler module that does not exist.
   */
  createFunctionFromDefinition(definition: LambdaFunctionDefinition): { FunctionName: string; FunctionArn: string } {
    const deployed = this.functions.register(definition);
    return { FunctionName: deployed.definition.functionName, FunctionArn: deployed.arn };
  }

  /** Removes a function and stops its environments (stack deletion, redeploys). */
  async deleteFunction(functionName: string): Promise<void> {
    this.eventSourceMappings?.forgetFunction(functionName);
    if (this.functions.remove(functionName)) await this.environments.close(functionName);
  }

  // --- Operations -------------------------------------------------------------------------------

  async invoke(input: InvocationRequest, context: RequestContext): Promise<InvokeResult> {
    const reference = parseFunctionName(input.FunctionName ?? '', input.Qualifier);
    const payload = input.Payload ? Buffer.from(input.Payload) : Buffer.alloc(0);
    const options = { invocationType: input.InvocationType, logType: input.LogType, clientContext: input.ClientContext } as InvokeOptions;
    return this.invoker.invoke(reference, payload, options, context.requestId);
  }

  getFunction(input: GetFunctionRequest): GetFunctionResponse {
    const deployed = this.functions.resolve(parseFunctionName(input.FunctionName ?? '', input.Qualifier));
    return {
      Configuration: this.functions.configurationOf(deployed),
      // Fidelity gap: Lambda answers a presigned URL of the deployment package; the sandbox points at the unpacked code.
      Code: { RepositoryType: 'S3', Location: pathToFileURL(deployed.definition.codeDirectory).href },
    };
  }

  getFunctionConfiguration(input: GetFunctionConfigurationRequest): FunctionConfiguration {
    return this.functions.configurationOf(this.functions.resolve(parseFunctionName(input.FunctionName ?? '', input.Qualifier)));
  }

  listFunctions(input: ListFunctionsRequest): ListFunctionsResponse {
    const listed = paginate(this.functions.all(), input.Marker, input.MaxItems);
    return { Functions: listed.items.map((deployed) => this.functions.configurationOf(deployed)), NextMarker: listed.nextToken };
  }

  listVersionsByFunction(input: ListVersionsByFunctionRequest): ListVersionsByFunctionResponse {
    const deployed = this.functions.resolve(parseFunctionName(input.FunctionName ?? ''));
    const listed = paginate([deployed], input.Marker, input.MaxItems);
    return { Versions: listed.items.map((item) => this.functions.configurationOf(item)), NextMarker: listed.nextToken };
  }

  getAccountSettings(): GetAccountSettingsResponse {
    const functions = this.functions.all();
    return {
      AccountLimit: {
        TotalCodeSize: 80_530_636_800,
        CodeSizeUnzipped: 262_144_000,
        CodeSizeZipped: 52_428_800,
        ConcurrentExecutions: 1000,
        UnreservedConcurrentExecutions: 1000,
      },
      AccountUsage: {
        TotalCodeSize: functions.reduce((total, deployed) => total + this.functions.digestOf(deployed).size, 0),
        FunctionCount: functions.length,
      },
    };
  }

  // --- Event source mappings (SQS) ------------------------------------------------------------------

  createEventSourceMapping(input: CreateEventSourceMappingRequest): Promise<EventSourceMappingConfiguration> {
    return this.mappings().create(input);
  }

  getEventSourceMapping(input: { UUID?: string }): EventSourceMappingConfiguration {
    return this.mappings().get(input.UUID);
  }

  listEventSourceMappings(input: ListEventSourceMappingsRequest) {
    return this.mappings().list(input);
  }

  updateEventSourceMapping(input: UpdateEventSourceMappingRequest): EventSourceMappingConfiguration {
    return this.mappings().update(input);
  }

  deleteEventSourceMapping(input: { UUID?: string }): EventSourceMappingConfiguration {
    return this.mappings().delete(input.UUID);
  }

  private mappings(): EventSourceMappings {
    if (!this.eventSourceMappings)
      throw new InvalidParameterValueException('Event source mappings need the other services, which this Lambda stand-in was not given.');
    return this.eventSourceMappings;
  }

  /** Stops the event source pollers and every execution environment; resolves when no worker process is left. */
  async shutdown(): Promise<void> {
    await this.eventSourceMappings?.stopAll();
    await this.environments.closeAll();
    await this.invoker.settled();
  }
}

/** Lambda's paging: an opaque marker, MaxItems between 1 and 10000 (default 50), functions by name. */
function paginate(items: DeployedFunction[], marker: string | undefined, maxItems: number | undefined) {
  if (maxItems !== undefined && (maxItems < 1 || maxItems > 10000)) {
    throw constraintViolation(
      String(maxItems),
      'maxItems',
      `Member must have value ${maxItems < 1 ? 'greater than or equal to 1' : 'less than or equal to 10000'}`,
    );
  }
  const compare = (a: string, b: string) => a.localeCompare(b);
  const keyOf = (item: DeployedFunction) => item.definition.functionName;
  const sorted = [...items].sort((a, b) => compare(keyOf(a), keyOf(b)));
  return page(sorted, {
    size: maxItems ?? 50,
    token: marker || undefined,
    keyOf,
    compare,
    invalidToken: () => new InvalidParameterValueException(`The marker ${marker} is not valid.`),
  });
}
