import fs from 'node:fs';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { AthenaClient, StartQueryExecutionCommand, GetQueryExecutionCommand } from '@aws-sdk/client-athena';
import { PostflightWorld } from '../support/world';
import { expectReconciled } from '../support/reconcile/reconcile-actions';
import { cleanUpScenario } from '../support/cleanup/scenario-cleanup';
import { releaseSharedClients } from '../support/world';
import type { ResolvedEnvironment } from '../model/environment/environment';

const MAPPING = [
  { 'source column': 'account_id', 'target column': 'account_id', rule: 'key' },
  { 'source column': 'security_id', 'target column': 'security_id', rule: 'key' },
  { 'source column': 'quantity', 'target column': 'quantity', rule: 'equal' },
  { 'source column': 'market_value', 'target column': 'market_value', rule: '0.01' },
];

/**
 * The framework side: the reconcile step's own code (temporary table over the CSV in S3, one
 * comparison query in Athena, counts and a capped sample) against the sandbox at `endpoint`,
 * exactly as a scenario runs it. Reports the step's times and this process's peak RSS.
 */
export async function runFramework(
  endpoint: string,
  csv: string,
  parquet: string,
  iterations: number,
): Promise<{ timesMs: number[]; message: string; peakRssMb: number }> {
  {
    const config = { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } };
    const s3 = new S3Client(config);
    for (const bucket of ['bench-landing', 'bench-curated', 'bench-results']) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await new Upload({
      client: s3,
      params: { Bucket: 'bench-landing', Key: 'positions/source.csv', Body: fs.createReadStream(csv) },
    }).done();
    await new Upload({
      client: s3,
      params: { Bucket: 'bench-curated', Key: 'positions/target.parquet', Body: fs.createReadStream(parquet) },
    }).done();
    const athena = new AthenaClient(config);
    for (const ddl of [
      'CREATE DATABASE IF NOT EXISTS bench',
      "CREATE EXTERNAL TABLE bench.positions (account_id string, security_id string, quantity bigint, market_value decimal(18,2), currency string) STORED AS PARQUET LOCATION 's3://bench-curated/positions/'",
    ]) {
      const { QueryExecutionId } = await athena.send(
        new StartQueryExecutionCommand({ QueryString: ddl, ResultConfiguration: { OutputLocation: 's3://bench-results/' } }),
      );
      for (;;) {
        const { QueryExecution } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }));
        if (QueryExecution?.Status?.State === 'SUCCEEDED') break;
        if (QueryExecution?.Status?.State === 'FAILED') throw new Error(`bench set-up failed: ${QueryExecution.Status.StateChangeReason}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    const world = await benchWorld(endpoint);
    const timesMs: number[] = [];
    let message = '';
    for (let i = 0; i < iterations; i++) {
      const started = performance.now();
      try {
        await expectReconciled(world, 's3://bench-landing/positions/source.csv', 'bench.positions', undefined, MAPPING);
        message = 'reconciled without differences';
      } catch (error) {
        message = (error as Error).message;
      }
      timesMs.push(performance.now() - started);
      await cleanUpScenario(world);
    }
    releaseSharedClients();
    s3.destroy();
    athena.destroy();
    return { timesMs, message, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  }
}

/** A real PostflightWorld, set up as the hooks set it up, with evidence going nowhere. */
async function benchWorld(endpoint: string): Promise<PostflightWorld> {
  const environment = {
    name: 'bench',
    account: '000000000000',
    region: 'us-east-1',
    protected: false,
    writablePrefixes: [],
    file: 'bench',
    endpoint,
    cleanup: { outputPrefixes: [] },
    resources: {
      stateMachines: {},
      functions: {},
      buckets: { landing: 'bench-landing', curated: 'bench-curated' },
      athena: {
        workgroup: 'primary',
        catalog: 'AwsDataCatalog',
        outputLocation: 's3://bench-results/postflight/',
        databases: { bench: 'bench' },
      },
    },
  } as unknown as ResolvedEnvironment;
  const world = new PostflightWorld({
    attach: (() => undefined) as never,
    log: () => undefined,
    link: () => undefined,
    parameters: { environment, runId: 'pf-20260101-000000-beef', runDate: '2026-01-01', keepData: false, projectRoot: process.cwd() },
  } as never);
  await world.init('0123456789abcdef');
  return world;
}
