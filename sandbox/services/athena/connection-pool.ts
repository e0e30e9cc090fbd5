import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { TRINO_MACROS } from './trino-macros';

/**
 * The sandbox's one in-memory DuckDB and a small pool of connections to it. Each connection is
 * set up as Athena's session: errors as JSON (to map them to Athena's), UTC, the Trino macros.
 * Glue databases live as schemas of an attached catalog named `awsdatacatalog`.
 */
export const CATALOG = 'awsdatacatalog';
const POOL_SIZE = 4;
const CONNECTION_SETUP = ['SET errors_as_json = true', "SET TimeZone = 'UTC'", ...TRINO_MACROS];

export interface PoolOptions {
  /** Where DuckDB spills to disk beyond its memory limit. */
  workDirectory: string;
  /** DuckDB's memory limit (e.g. `256MB`). */
  memoryLimit?: string;
}

export class ConnectionPool {
  private instance?: Promise<DuckDBInstance>;
  private readonly idle: DuckDBConnection[] = [];
  private closed = false;

  constructor(private readonly options: PoolOptions) {}

  async withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.acquire();
    try {
      return await work(connection);
    } finally {
      this.release(connection);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const connection of this.idle.splice(0)) connection.closeSync();
    if (this.instance) (await this.instance).closeSync();
    this.instance = undefined;
  }

  private async acquire(): Promise<DuckDBConnection> {
    if (this.closed) throw new Error('The Athena engine has been shut down.');
    const idle = this.idle.pop();
    if (idle) return idle;
    const instance = await this.start();
    const connection = await instance.connect();
    for (const statement of CONNECTION_SETUP) await connection.run(statement);
    return connection;
  }

  private release(connection: DuckDBConnection): void {
    if (!this.closed && this.idle.length < POOL_SIZE) this.idle.push(connection);
    else connection.closeSync();
  }

  private start(): Promise<DuckDBInstance> {
    this.instance ??= (async () => {
      const temp = path.join(this.options.workDirectory, 'duckdb-spill');
      fs.mkdirSync(temp, { recursive: true });
      const instance = await DuckDBInstance.create(':memory:', {
        temp_directory: temp,
        ...(this.options.memoryLimit ? { memory_limit: this.options.memoryLimit } : {}),
      });
      const setup = await instance.connect();
      await setup.run(`ATTACH ':memory:' AS ${CATALOG}`);
      setup.closeSync();
      return instance;
    })();
    return this.instance;
  }
}
