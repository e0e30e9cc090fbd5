import type { FaultInjector } from '../core/faults';
import type { WireProtocol } from '../core/http';
import type { ServiceClient } from '../core/internal-client';
import type { Provider } from '../core/provider';
import type { ResourceType } from '../core/resource-type';
import type { SandboxStores } from '../stores';

/** What a service is given when the sandbox starts. */
export interface ServiceContext {
  region: string;
  accountId: string;
  /** Scratch space of this service (`<sandbox work directory>/<service name>`), removed on stop. */
  workDirectory: string;
  /** Shared state: objects, the Glue catalog, logs, stacks. */
  stores: SandboxStores;
  /** The only way to another service: by name and operation, through dispatch and fault rules. */
  services: ServiceClient;
  /** Fault rules, for the faults a provider acts out itself (its `engineFaults`). */
  faults: FaultInjector;
  /** The sandbox's endpoint once it listens (handed to Lambda handlers so their SDK calls come back). */
  endpoint: () => string;
  /** The services and operations the sandbox serves (complete once every service is created). */
  served: () => ReadonlyArray<{ service: string; operations: readonly string[] }>;
  settings: {
    /** Scales Wait states and retry intervals of state machines (0.05 = 20× faster); 1 = real time. */
    timeScale: number;
    /** Memory DuckDB may hold for Athena queries before spilling to disk. */
    engineMemoryLimit: string;
    /** Step Functions' mocked test cases (AWS's mock configuration file). */
    stepFunctions?: StepFunctionsSettings;
  };
}

export interface StepFunctionsSettings {
  /** AWS Step Functions Local's mock configuration file (`MockConfigFile.json`). */
  mockConfigFile?: string;
  /**
   * The test case an execution runs when its start names none (`<arn>#<TestCase>`), by state
   * machine name or ARN: executions a release starts itself carry no test case.
   */
  defaultTestCases?: Readonly<Record<string, string>>;
}

/**
 * A service of the sandbox, as registered in `services/index.ts`: its signing name, how its
 * requests travel, its provider, and the CloudFormation resource types it backs. Everything else
 * about the service lives in its own folder.
 */
export interface ServiceDefinition<Name extends string = string, P extends Provider = Provider> {
  /** SigV4 signing name (`s3`, `states`, …): requests, fault rules and internal calls name the service by it. */
  readonly name: Name;
  readonly protocol: WireProtocol;
  create(context: ServiceContext): P;
  /** The CloudFormation resource types this service deploys (none: the deployer refuses them by name). */
  resourceTypes?(provider: P): ResourceType[];
}

/** Declares a service; keeps its name's literal type, so the sandbox can hand out its provider typed. */
export function defineService<const Name extends string, P extends Provider>(
  definition: ServiceDefinition<Name, P>,
): ServiceDefinition<Name, P> {
  return definition;
}
