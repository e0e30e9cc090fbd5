import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SandboxServer } from './server';
import { FaultInjector, type FaultRule } from './faults';
import { SANDBOX_ACCOUNT_ID } from './protocol/context';
import type { ServiceHandler } from './protocol/http-types';
import { jsonRpcHandler } from './protocol/json-rpc';
import { queryHandler } from './protocol/query';
import { s3Handler } from './protocol/s3-rest-xml';
import { lambdaHandler } from './protocol/lambda-rest-json';
import { adminHandler } from './admin';
import { S3Provider } from './services/s3/provider';
import { LambdaProvider } from './services/lambda/provider';
import { StepFunctionsProvider } from './services/stepfunctions/provider';
import { AthenaProvider } from './services/athena/provider';
import { GlueProvider } from './services/glue/provider';
import { StsProvider } from './services/sts/provider';
import { CloudFormationProvider } from './services/cloudformation/provider';
import { LogsProvider } from './services/logs/provider';
import { SsmProvider } from './services/ssm/provider';
import type { Provider } from './protocol/operations';
import { deployStack, type StackDeployment } from './deployer/deploy-stack';
import type { DeployedStack } from './services/cloudformation/provider';

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
}

export const DEFAULT_ENGINE_MEMORY_LIMIT = process.env.POSTFLIGHT_SANDBOX_MEMORY_LIMIT ?? '256MB';

/**
 * The local AWS: one loopback endpoint, one provider per service, real engines behind them.
 * Its account is always 000000000000.
 */
export class Sandbox {
  readonly accountId = SANDBOX_ACCOUNT_ID;
  readonly region: string;
  readonly faults: FaultInjector;
  readonly s3: S3Provider;
  readonly logs: LogsProvider;
  readonly lambda: LambdaProvider;
  readonly glue: GlueProvider;
  readonly athena: AthenaProvider;
  readonly stepFunctions: StepFunctionsProvider;
  readonly sts: StsProvider;
  readonly cloudFormation: CloudFormationProvider;
  readonly ssm: SsmProvider;
  private server?: SandboxServer;
  private endpointUrl = '';

  private constructor(
    readonly workDirectory: string,
    options: SandboxOptions,
  ) {
    this.region = options.region ?? 'us-east-1';
    const common = { region: this.region, accountId: this.accountId };
    this.faults = new FaultInjector(options.faults ?? []);
    this.s3 = new S3Provider(path.join(workDirectory, 's3'), this.region);
    this.logs = new LogsProvider(this.region);
    this.lambda = new LambdaProvider({
      ...common,
      endpoint: () => this.endpoint,
      logs: this.logs,
      faults: this.faults,
      workDirectory: path.join(workDirectory, 'lambda'),
    });
    this.glue = new GlueProvider(common);
    this.athena = new AthenaProvider({
      ...common,
      s3: this.s3,
      glue: this.glue,
      faults: this.faults,
      workDirectory: path.join(workDirectory, 'athena'),
      engineMemoryLimit: options.engineMemoryLimit ?? DEFAULT_ENGINE_MEMORY_LIMIT,
    });
    this.stepFunctions = new StepFunctionsProvider({
      ...common,
      lambda: this.lambda,
      athena: this.athena,
      s3: this.s3,
      faults: this.faults,
      timeScale: options.timeScale ?? 1,
    });
    this.sts = new StsProvider();
    this.cloudFormation = new CloudFormationProvider();
    this.ssm = new SsmProvider(this.region);
  }

  static async start(options: SandboxOptions = {}): Promise<Sandbox> {
    const workDirectory = options.workDirectory ?? fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-sandbox-'));
    fs.mkdirSync(workDirectory, { recursive: true });
    const sandbox = new Sandbox(workDirectory, options);
    sandbox.server = new SandboxServer(sandbox.handlers(), sandbox.region, adminHandler(sandbox));
    try {
      sandbox.endpointUrl = await sandbox.server.listen(options.port ?? 0);
    } catch (error) {
      // A port in use must not leave the work directory behind.
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
    return deployStack(this, deployment);
  }

  providers(): Provider[] {
    return [this.s3, this.lambda, this.stepFunctions, this.athena, this.glue, this.sts, this.cloudFormation, this.logs, this.ssm];
  }

  async stop(): Promise<void> {
    await this.server?.close();
    await Promise.allSettled([this.stepFunctions.shutdown(), this.lambda.shutdown(), this.athena.shutdown()]);
    fs.rmSync(this.workDirectory, { recursive: true, force: true });
  }

  private handlers(): Record<string, ServiceHandler> {
    const faults = this.faults;
    return {
      s3: s3Handler(this.s3, faults),
      lambda: lambdaHandler(this.lambda, faults),
      states: jsonRpcHandler({ provider: this.stepFunctions, version: '1.0', messageKey: 'message', faults }),
      athena: jsonRpcHandler({ provider: this.athena, version: '1.1', messageKey: 'Message', faults }),
      glue: jsonRpcHandler({ provider: this.glue, version: '1.1', messageKey: 'Message', faults }),
      logs: jsonRpcHandler({ provider: this.logs, version: '1.1', messageKey: 'message', faults }),
      ssm: jsonRpcHandler({ provider: this.ssm, version: '1.1', messageKey: 'message', faults }),
      sts: queryHandler({ provider: this.sts, xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/', faults }),
      cloudformation: queryHandler({
        provider: this.cloudFormation,
        xmlNamespace: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
        faults,
      }),
    };
  }
}
