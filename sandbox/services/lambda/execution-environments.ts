import fs from 'node:fs';
import path from 'node:path';
import type { LogStore } from '../../stores/logs/log-store';
import { VERSION, type DeployedFunction } from './function-registry';
import { logGroupName, newLogStreamName } from './invocation-log';
import { LambdaWorker } from './worker';
import { workerEnvironment } from './worker-environment';
import { WorkerPool } from './worker-pool';

export interface ExecutionEnvironmentsDependencies {
  region: string;
  /** The sandbox endpoint, handed to handlers as AWS_ENDPOINT_URL so their SDK calls come back here. */
  endpoint: () => string;
  logs: LogStore;
  /** Scratch space owned by this sandbox instance (removed on stop). */
  workDirectory: string;
  /** Execution environments per function that may run at once; more invocations queue. Default 4. */
  maxConcurrencyPerFunction?: number;
  /** A warm environment idle this long is stopped. Default 10 minutes. */
  idleTimeoutMs?: number;
}

/** Lambda gives a function's init phase 10 seconds. */
export const INIT_TIMEOUT_MS = 10_000;

/**
 * The worker lifecycle: each function's warm execution environments (a pool per function),
 * started on the function's runtime with an environment of their own, stopped when idle, when
 * the function goes, or when the sandbox stops.
 *
 * Fidelity gap: between invocations an environment is not frozen: timers a handler left running
 * keep running.
 */
export class ExecutionEnvironments {
  private readonly pools = new Map<string, WorkerPool>();
  private closed = false;

  constructor(private readonly deps: ExecutionEnvironmentsDependencies) {}

  /** The function's pool of environments (created on first use). */
  poolOf(deployed: DeployedFunction): WorkerPool {
    const name = deployed.definition.functionName;
    let pool = this.pools.get(name);
    if (!pool) {
      if (this.closed) throw new Error('The Lambda service is shutting down.');
      pool = new WorkerPool({
        start: () => this.startWorker(deployed),
        maxWorkers: this.deps.maxConcurrencyPerFunction ?? 4,
        idleTimeoutMs: this.deps.idleTimeoutMs ?? 10 * 60_000,
      });
      this.pools.set(name, pool);
    }
    return pool;
  }

  /** Stops a function's environments (stack deletion, redeploys). */
  async close(functionName: string): Promise<void> {
    const pool = this.pools.get(functionName);
    this.pools.delete(functionName);
    await pool?.close();
  }

  /** Stops every environment; resolves when no worker process is left. */
  async closeAll(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }

  private startWorker(deployed: DeployedFunction): LambdaWorker {
    const { definition, runtime } = deployed;
    const logStreamName = newLogStreamName(VERSION);
    const group = logGroupName(definition.functionName);
    const scratch = path.join(this.deps.workDirectory, 'functions', definition.functionName);
    const homeDirectory = path.join(scratch, 'home');
    const tmpDirectory = path.join(scratch, 'tmp');
    fs.mkdirSync(homeDirectory, { recursive: true });
    fs.mkdirSync(tmpDirectory, { recursive: true });
    return new LambdaWorker({
      launch: runtime.launch({ memorySizeMb: definition.memorySize }),
      codeDirectory: definition.codeDirectory,
      logStreamName,
      initTimeoutMs: INIT_TIMEOUT_MS,
      writeLog: (message, timestamp) => this.deps.logs.append(group, logStreamName, [{ timestamp, message }]),
      environment: workerEnvironment({
        functionName: definition.functionName,
        handler: definition.handler,
        runtime: definition.runtime,
        memorySize: definition.memorySize,
        codeDirectory: definition.codeDirectory,
        region: this.deps.region,
        logGroupName: group,
        logStreamName,
        endpoint: this.deps.endpoint(),
        credentials: deployed.credentials,
        runtimeDirectory: runtime.directory,
        runtimeVariables: runtime.environment(),
        homeDirectory,
        tmpDirectory,
        variables: definition.environment,
      }),
    });
  }
}
