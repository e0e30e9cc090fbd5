import type { PostflightWorld } from '../world';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { scenarioQuery } from '../athena/scenario-query';
import { deleteKeys, sweepOutputs } from './output-sweep';

export interface CleanupReport {
  droppedTables: string[];
  deleted: string[];
  failed: Array<{ url: string; error: string }>;
}

/**
 * After every scenario, passed or failed: drop the temporary tables it created, delete exactly
 * the objects it recorded writing, and the outputs derived from them (declared output prefixes,
 * keys carrying the scenario id). Nothing else is ever deleted.
 */
export async function cleanUpScenario(world: PostflightWorld): Promise<CleanupReport> {
  const report: CleanupReport = { droppedTables: [], deleted: [], failed: [] };
  for (const table of world.ledger.createdTables()) {
    const name = `\`${table.database}\`.\`${table.table}\``;
    try {
      const outcome = await scenarioQuery(world, 'cleanup', `DROP TABLE IF EXISTS ${name}`);
      if (outcome.state === 'SUCCEEDED') report.droppedTables.push(name);
      else report.failed.push({ url: name, error: outcome.stateChangeReason ?? outcome.state });
    } catch (error) {
      report.failed.push({ url: name, error: (error as Error).message });
    }
  }
  const byBucket = new Map<string, string[]>();
  for (const object of world.ledger.writtenObjects()) byBucket.set(object.bucket, [...(byBucket.get(object.bucket) ?? []), object.key]);
  for (const prefix of world.ledger.queryResultPrefixes()) {
    const listed = await world.aws.s3.send(new ListObjectsV2Command({ Bucket: prefix.bucket, Prefix: prefix.key }));
    const keys = (listed.Contents ?? []).map((object) => object.Key ?? '').filter(Boolean);
    byBucket.set(prefix.bucket, [...(byBucket.get(prefix.bucket) ?? []), ...keys]);
  }
  for (const [bucket, keys] of byBucket) report.deleted.push(...(await deleteKeys(world.aws, bucket, keys, report)));
  const prefixes = world.environment.cleanup.outputPrefixes.map((prefix) => world.resources.s3Location(world.template(prefix)));
  const swept = await sweepOutputs(world.aws, prefixes, world.scenarioId);
  report.deleted.push(...swept.deleted);
  report.failed.push(...swept.failed);
  world.ledger.clear();
  return report;
}
