import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Dispatcher } from './core/dispatch';
import { FaultInjector, type FaultRule } from './core/faults';
import { InternalClient, type ServiceClient } from './core/internal-client';
import type { Provider, ProviderDirectory } from './core/provider';
import type { ResourceType } from './core/resource-type';
import { SANDBOX_ACCOUNT_ID } from './core/request-context';
import { deployStack, type StackDeployment } from './deployer/deploy-stack';
import { adminHandler } from './server/admin';
import { SandboxServer, type ServedService } from './server/server';
import { SERVICES, type ProviderOf, type ServiceName } from './services';
import type { ServiceDefinition, StepFunctionsSettings } from './services/service-definition';
import { createStores, type SandboxStores } from './stores';
import type { DeployedStack } from './stores/stacks/stack-store';

export interface SandboxOptions {
  region?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  faults?: FaultRule[];
  /** Where objects, query results and unpacked code live; a fresh temp directory by default. */
  workDirectory?: string;
  /** Scales Wait states and retry intervals of state machines (0.05 = 20× faster); 1 = real time. */
  timeScale?: number;
  /**
   * Memory DuckDB may hold for Athena queries before spilling to disk (DuckDB's `memory_limit`).
   * A local emulator shares the machine with the tests that drive it, hence a modest default.
   */
  engineMemoryLimit?: string;
  /** Step Functions' mocked test cases: a mock configuration file and default test cases (see docs/sandbox.md). */
  stepFunctions?: StepFunctionsSettings;
  /**
   * Providers to serve instead of the built-in ones, by service name (tests stand in for Lambda
   * with handlers written inline). A stand-in serves the operations it lists; it backs no
   * CloudFormation resource types.
   */
  providers?: Partial<Record<ServiceName, Provider>>;
}

/** Errors a command turns into a message: a port that cannot be had, a fault rule that cannot be honoured. */
export { SandboxPortError } from './server/server';
export { InvalidFaultRule } from './core/faults';
export { MockConfigError } from './services/stepfunctions/mocks/mock-config';
export { deployedStackLines, recordedSummary } from './deployer/deploy-summary';
export { needsMachineRequirement } from './core/aws-error';

export const DEFAULT_ENGINE_MEMORY_LIMIT = process.env.POSTFLIGHT_SANDBOX_MEMORY_LIMIT ?? '256MB';

/** What the sandbox serves: per service, its signing name and operations (`postflight sandbox` can print it). */
export interface ServedOperations {
  service: string;
  operations: readonly string[];
}

/**
 * The local AWS: one loopback endpoint, the services registered in `services/index.ts` on
 * shared stores, one dispatcher for requests off the wire and calls between services alike.
 * This class only composes them; its account is always 000000000000.
 */
export class Sandbox {
  readonly accountId = SANDBOX_ACCOUNT_ID;
  readonly region: string;
  readonly faults: FaultInjector;
  readonly stores: SandboxStores;
  /** The internal client, as services use it (fault rules apply). */
  readonly services: ServiceClient;
  private readonly providers = new Map<string, Provider>();
  private readonly resourceTypes: ResourceType[] = [];
  private readonly dispatcher: Dispatcher;
  private server?: SandboxServer;
  private endpointUrl = '';

  private constructor(
    readonly workDirectory: string,
    options: SandboxOptions,
  ) {
    this.region = options.region ?? 'us-east-1';
    const directory: ProviderDirectory = { provider: (name) => this.providers.get(name), all: () => [...this.providers.values()] };
    this.faults = new FaultInjector(directory);
    this.dispatcher = new Dispatcher(directory, this.faults);
    this.services = new InternalClient(this.dispatcher, { region: this.region, faults: true });
    this.stores = createStores(workDirectory, this.accountId);
    const settings = {
      timeScale: options.timeScale ?? 1,
      engineMemoryLimit: options.engineMemoryLimit ?? DEFAULT_ENGINE_MEMORY_LIMIT,
      stepFunctions: options.stepFunctions,
    };
    for (const definition of SERVICES as readonly ServiceDefinition[]) {
      const standIn = options.providers?.[definition.name as ServiceName];
      const provider =
        standIn ??
        definition.create({
          region: this.region,
          accountId: this.accountId,
          workDirectory: path.join(workDirectory, definition.name),
          stores: this.stores,
          services: this.services,
          faults: this.faults,
          endpoint: () => this.endpoint,
          served: () => this.served(),
          settings,
        });
      this.providers.set(definition.name, provider);
      if (!standIn) this.resourceTypes.push(...(definition.resourceTypes?.(provider) ?? []));
    }
  }

  static async start(options: SandboxOptions = {}): Promise<Sandbox> {
    const workDirectory = options.workDirectory ?? fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-sandbox-'));
    fs.mkdirSync(workDirectory, { recursive: true });
    let sandbox: Sandbox;
    try {
      sandbox = new Sandbox(workDirectory, options);
    } catch (error) {
      // A service refused its settings (e.g. a mock configuration file that is not valid).
      fs.rmSync(workDirectory, { recursive: true, force: true });
      throw error;
    }
    try {
      sandbox.faults.add(...(options.faults ?? []));
      const served: ServedService[] = (SERVICES as readonly ServiceDefinition[]).map((definition) => ({
        name: definition.name,
        protocol: definition.protocol,
        operations: sandbox.providerNamed(definition.name).operations,
        handler: definition.protocol.bind((operation, input, context) =>
          sandbox.dispatcher.dispatch(definition.name, operation, input, context),
        ),
      }));
      const admin = adminHandler({
        accountId: sandbox.accountId,
        region: sandbox.region,
        faults: sandbox.faults,
        stacks: () => sandbox.stores.stacks.all(),
        fireSchedule: async (name, group) =>
          (await sandbox.provider('scheduler').fire(name, group)) ?? sandbox.provider('events').fireScheduledRule(name),
      });
      sandbox.server = new SandboxServer(served, sandbox.region, admin);
      sandbox.endpointUrl = await sandbox.server.listen(options.port ?? 0);
    } catch (error) {
      await sandbox.stop();
      throw error;
    }
    return sandbox;
  }

  get endpoint(): string {
    return this.endpointUrl;
  }

  /** Settings for an AWS SDK v3 client that should talk to this sandbox. */
  clientConfig() {
    return {
      endpoint: this.endpoint,
      region: this.region,
      credentials: { accessKeyId: 'postflight', secretAccessKey: 'postflight' },
    };
  }

  /** Deploy a CloudFormation/SAM template as a stack (see sandbox/deployer). */
  async deploy(deployment: StackDeployment): Promise<DeployedStack> {
    return deployStack(
      {
        region: this.region,
        accountId: this.accountId,
        workDirectory: this.workDirectory,
        resourceTypes: this.resourceTypes,
        stacks: this.stores.stacks,
        services: new InternalClient(this.dispatcher, { region: this.region, faults: false }),
      },
      deployment,
    );
  }

  /** A service's provider, typed by its name. */
  provider<Name extends ServiceName>(name: Name): ProviderOf<Name> {
    return this.providerNamed(name) as ProviderOf<Name>;
  }

  /** Every service and the operations it implements. */
  served(): ServedOperations[] {
    return [...this.providers.entries()].map(([service, provider]) => ({ service, operations: provider.operations }));
  }

  // Shorthands for the providers tests and the CLI reach for; a new service needs none (use `provider(name)`).
  get lambda() {
    return this.provider('lambda');
  }
  get stepFunctions() {
    return this.provider('states');
  }
  get athena() {
    return this.provider('athena');
  }
  get cloudFormation() {
    return this.provider('cloudformation');
  }

  async stop(): Promise<void> {
    await this.server?.close();
    await Promise.allSettled([...this.providers.values()].map((provider) => provider.shutdown?.()));
    fs.rmSync(this.workDirectory, { recursive: true, force: true });
  }

  private providerNamed(name: string): Provider {
    const provider = this.providers.get(name);
    if (!provider) throw new Error(`The sandbox has no service named ${name}.`);
    return provider;
  }
}
