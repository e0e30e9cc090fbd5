import { DeleteTableCommand, GetTablesCommand } from '@aws-sdk/client-glue';
import { GetObjectTaggingCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../support/aws/clients';
import { pages } from '../../support/aws/pages';
import type { ResolvedEnvironment } from '../../model/environment/environment';
import { ResourceCatalog } from '../../support/environment/resources';
import { type S3Location, s3Url } from '../../model/locations';
import { RUN_ID_PATTERN, runIdTime } from '../../model/run-id';
import { RUN_TAG } from '../../support/s3/objects';
import { deleteKeys } from '../../support/cleanup/output-sweep';
import { findObserverLeftovers, removeObserverLeftovers, type ObserverLeftover } from '../observers/observer-leftovers';

/** Which runs' leftovers to remove: one run, or every run older than a moment. */
export type RunSelection = { runId: string } | { olderThan: Date };

export interface Leftovers {
  objects: Array<{ url: string; runId: string; why: string }>;
  tables: Array<{ database: string; table: string; runId: string }>;
  /** The run's own subscriptions, rules and queues (topics and buses observed). */
  observers: ObserverLeftover[];
}

const TEMP_TABLE = /^postflight_tmp_(pf_\d{8}_\d{6}_[0-9a-f]{4})_/;

export function selects(selection: RunSelection, runId: string): boolean {
  if ('runId' in selection) return runId === selection.runId;
  const minted = runIdTime(runId);
  return minted !== undefined && minted < selection.olderThan;
}

/**
 * What aborted runs left behind, recognised only by how postflight names and tags what it writes:
 * objects tagged with a selected run id; outputs under the declared output prefixes, and scratch
 * copies under the Athena location's `postflight-tmp/`, whose key carries a selected run id; and
 * temporary tables named `postflight_tmp_<run id>_…`; the subscriptions, rules and queues named
 * `postflight-<run id>-…` (runner/observers/). Nothing else is ever selected.
 */
export async function findLeftovers(clients: AwsClients, environment: ResolvedEnvironment, selection: RunSelection): Promise<Leftovers> {
  const catalog = new ResourceCatalog(environment);
  const leftovers: Leftovers = { objects: [], tables: [], observers: [] };
  const derivedPrefixes = environment.cleanup.outputPrefixes
    .filter((prefix) => !prefix.includes('${'))
    .map((prefix) => catalog.s3Location(prefix));
  const output = environment.resources.athena.outputLocation;
  if (output) {
    const location = catalog.s3Location(output);
    derivedPrefixes.push({ bucket: location.bucket, key: `${location.key.replace(/\/?$/, location.key ? '/' : '')}postflight-tmp/` });
  }
  const searched = environment.protected
    ? environment.writablePrefixes.map((prefix) => catalog.s3Location(prefix))
    : [...new Set(Object.values(environment.resources.buckets))].map((bucket) => ({ bucket, key: '' }));
  for (const prefix of [...searched, ...derivedPrefixes]) {
    for (const key of await listKeys(clients, prefix)) {
      const runId = RUN_ID_PATTERN.exec(key)?.[0];
      if (!runId || !selects(selection, runId)) continue;
      const url = s3Url({ bucket: prefix.bucket, key });
      if (leftovers.objects.some((object) => object.url === url)) continue;
      if (derivedPrefixes.some((derived) => derived.bucket === prefix.bucket && key.startsWith(derived.key))) {
        leftovers.objects.push({ url, runId, why: 'named by the run under a declared output or scratch prefix' });
        continue;
      }
      const tags = await clients.s3.send(new GetObjectTaggingCommand({ Bucket: prefix.bucket, Key: key }));
      const tagged = tags.TagSet?.find((tag) => tag.Key === RUN_TAG)?.Value;
      if (tagged === runId) leftovers.objects.push({ url, runId, why: `tagged ${RUN_TAG}=${runId}` });
    }
  }
  const databases = new Set([
    ...Object.values(environment.resources.athena.databases),
    ...(environment.resources.athena.scratchDatabase ? [environment.resources.athena.scratchDatabase] : []),
  ]);
  for (const database of databases) {
    const temporaryTables = pages(
      (token) => clients.glue.send(new GetTablesCommand({ DatabaseName: database, NextToken: token, Expression: 'postflight_tmp_*' })),
      (page) => page.NextToken,
    );
    for await (const page of temporaryTables) {
      for (const table of page.TableList ?? []) {
        const match = TEMP_TABLE.exec(table.Name ?? '');
        if (!match) continue;
        const runId = (match[1] ?? '').replace(/_/g, '-');
        if (selects(selection, runId)) leftovers.tables.push({ database, table: table.Name!, runId });
      }
    }
  }
  leftovers.observers = await findObserverLeftovers(clients, environment, (runId) => selects(selection, runId));
  return leftovers;
}

export async function removeLeftovers(
  clients: AwsClients,
  leftovers: Leftovers,
): Promise<{ failed: Array<{ url: string; error: string }> }> {
  const result = { failed: [] as Array<{ url: string; error: string }> };
  for (const table of leftovers.tables) {
    try {
      await clients.glue.send(new DeleteTableCommand({ DatabaseName: table.database, Name: table.table }));
    } catch (error) {
      result.failed.push({ url: `${table.database}.${table.table}`, error: (error as Error).message });
    }
  }
  const byBucket = new Map<string, string[]>();
  for (const object of leftovers.objects) {
    const [, bucket = '', key = ''] = /^s3:\/\/([^/]+)\/(.*)$/.exec(object.url)!;
    byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), key]);
  }
  for (const [bucket, keys] of byBucket) await deleteKeys(clients, bucket, keys, result);
  await removeObserverLeftovers(clients, leftovers.observers, result);
  return result;
}

async function listKeys(clients: AwsClients, prefix: S3Location): Promise<string[]> {
  const keys: string[] = [];
  const listing = pages(
    (token) =>
      clients.s3.send(new ListObjectsV2Command({ Bucket: prefix.bucket, Prefix: prefix.key || undefined, ContinuationToken: token })),
    (page) => page.NextContinuationToken,
  );
  for await (const page of listing) keys.push(...(page.Contents ?? []).map((object) => object.Key ?? '').filter(Boolean));
  return keys;
}
