import type { PostflightWorld } from '../world';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { scenarioQuery } from '../athena/scenario-query';
import { type S3Location, s3Url } from '../../model/locations';
import { RUN_ID_PATTERN } from '../../model/run-id';
import { deleteKeys } from './output-sweep';
import { outputPrefixes } from './output-prefixes';
import { deleteItems } from '../dynamodb/items';

export interface CleanupReport {
  droppedTables: string[];
  deleted: string[];
  /** Objects the scenario wrote where tables read: removed after the run's last scenario. */
  leftForTheRun: string[];
  failed: Array<{ url: string; error: string }>;
}

/**
 * After every scenario, passed or failed: drop the temporary tables it created, delete the
 * objects it recorded writing, the result files of its queries and the DynamoDB items it put.
 * Nothing else is ever deleted.
 *
 * What lies under a declared output prefix is not touched here: that is where the system writes
 * the outputs it derives from test inputs, and where tables read — another scenario of the run
 * may be reading the same table or partition at this very moment (a query lists a partition's
 * files, then reads them). Those outputs are removed by the run once its last scenario has ended
 * (`sweepRunOutputs`), when nothing can read them any more.
 *
 * Never throws: whatever could not be removed is reported, and `postflight cleanup` finds it later.
 */
export async function cleanUpScenario(world: PostflightWorld): Promise<CleanupReport> {
  const report: CleanupReport = { droppedTables: [], deleted: [], leftForTheRun: [], failed: [] };
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
  const { environment, runId, runDate } = world.parameters;
  const shared = outputPrefixes(environment, runId, runDate);
  const byBucket = new Map<string, string[]>();
  const remove = (bucket: string, key: string) => byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), key]);
  for (const object of world.ledger.writtenObjects()) {
    if (leftForTheRun(object, shared)) report.leftForTheRun.push(s3Url(object));
    else remove(object.bucket, object.key);
  }
  for (const prefix of world.ledger.queryResultPrefixes()) {
    try {
      const listed = await world.aws.s3.send(new ListObjectsV2Command({ Bucket: prefix.bucket, Prefix: prefix.key }));
      for (const object of listed.Contents ?? []) if (object.Key) remove(prefix.bucket, object.Key);
    } catch (error) {
      report.failed.push({ url: `${s3Url(prefix)}*`, error: (error as Error).message });
    }
  }
  for (const [bucket, keys] of byBucket) report.deleted.push(...(await deleteKeys(world.aws, bucket, keys, report)));
  report.deleted.push(...(await deleteItems(world.aws, world.ledger.putItems(), report)));
  world.ledger.clear();
  return report;
}

/**
 * An object under a declared output prefix whose key carries the run id: the run's sweep finds
 * it after the last scenario. (One whose key does not carry it could not be found then, so it
 * is deleted now: name test files with `${scenarioId}`.)
 */
function leftForTheRun(object: S3Location, sharedPrefixes: S3Location[]): boolean {
  return (
    RUN_ID_PATTERN.test(object.key) && sharedPrefixes.some((prefix) => prefix.bucket === object.bucket && object.key.startsWith(prefix.key))
  );
}
