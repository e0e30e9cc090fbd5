import assert from 'node:assert/strict';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PostflightWorld } from '../world';
import type { AwsClients } from '../aws/clients';
import { attachJson } from '../evidence';
import { assertWritableResource } from '../guards/write-guard';
import { describeMismatches, matchPaths, preview, type PathExpectation } from '../matching/match-table';
import { waitFor } from '../waiter';
import { formatDuration } from '../../model/duration';

/** An item a scenario put: deleted by key after the scenario (support/cleanup/scenario-cleanup.ts). */
export interface PutItem {
  table: string;
  tableName: string;
  key: Record<string, unknown>;
}

/** Key attribute names per table, read once per process (DescribeTable). */
const keyNames = new Map<string, Promise<string[]>>();

export function tableKeyNames(clients: AwsClients, tableName: string): Promise<string[]> {
  let names = keyNames.get(tableName);
  if (!names) {
    names = clients.dynamodb
      .send(new DescribeTableCommand({ TableName: tableName }))
      .then((described) => (described.Table?.KeySchema ?? []).map((element) => element.AttributeName ?? '').filter(Boolean));
    names.catch(() => keyNames.delete(tableName));
    keyNames.set(tableName, names);
  }
  return names;
}

/** The item's key attributes, or an error naming the ones missing. */
export function keyOf(item: Record<string, unknown>, names: string[], table: string): Record<string, unknown> {
  const missing = names.filter((name) => item[name] === undefined);
  assert.ok(
    missing.length === 0,
    `The item for the DynamoDB table "${table}" lacks its key attribute(s) ${missing.join(', ')} (key: ${names.join(', ')}).`,
  );
  return Object.fromEntries(names.map((name) => [name, item[name]]));
}

/** A JSON object, for items and keys. */
export function jsonObject(value: unknown, what: string): Record<string, unknown> {
  assert.ok(
    value !== null && typeof value === 'object' && !Array.isArray(value),
    `The ${what} must be a JSON object, got ${preview(value, 300)}.`,
  );
  return value as Record<string, unknown>;
}

/**
 * Puts an item the scenario owns: refused when an item with its key exists already (it would be
 * overwritten, then deleted by the cleanup); recorded so that it is deleted after the scenario.
 */
export async function putItem(world: PostflightWorld, table: string, item: Record<string, unknown>): Promise<void> {
  const tableName = world.resources.named('dynamodbTables', table);
  assertWritableResource(world.environment, 'writableTables', table);
  const names = await tableKeyNames(world.aws, tableName);
  const key = keyOf(item, names, table);
  try {
    await world.aws.documents.send(
      new PutCommand({
        TableName: tableName,
        Item: item,
        ConditionExpression: names.map((_, index) => `attribute_not_exists(#k${index})`).join(' AND '),
        ExpressionAttributeNames: Object.fromEntries(names.map((name, index) => [`#k${index}`, name])),
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException')
      throw new Error(
        `The DynamoDB table "${table}" already holds an item with key ${JSON.stringify(key)}: a scenario puts only items of its own (put \${scenarioId} in the key), so it was left as it is.`,
        { cause: error },
      );
    throw error;
  }
  world.ledger.recordItem({ table, tableName, key });
  await attachJson(world, `item put in ${table}`, { table, tableName, item });
}

export async function expectItemMatches(
  world: PostflightWorld,
  table: string,
  key: Record<string, unknown>,
  rows: PathExpectation[],
  timeoutMs: number,
): Promise<void> {
  const tableName = world.resources.named('dynamodbTables', table);
  const reads: Array<{ at: string; item: unknown }> = [];
  let last: { item?: Record<string, unknown>; mismatches: string } = { mismatches: '' };
  try {
    await waitFor(
      async () => {
        const item = await getItem(world.aws, tableName, key);
        reads.push({ at: new Date().toISOString(), item: item ?? null });
        if (!item) {
          last = { mismatches: '' };
          return { state: 'RETRY', observed: 'no item with this key' };
        }
        const mismatches = matchPaths(item, rows);
        last = { item, mismatches: mismatches.length ? describeMismatches('The item', mismatches, item) : '' };
        return mismatches.length
          ? { state: 'RETRY', observed: `the item not matching (${mismatches.length} path(s))` }
          : { state: 'SUCCESS', value: item };
      },
      { description: `the item of "${table}" with key ${JSON.stringify(key)} to match`, timeoutMs, delays: world.delays },
    );
  } catch (error) {
    if ((error as Error).name !== 'WaitTimeoutError') throw error;
    throw new assert.AssertionError({
      message: last.item
        ? `The item of the DynamoDB table "${table}" with key ${JSON.stringify(key)} is in another state after ${formatDuration(timeoutMs)} (${reads.length} read(s)).\n${last.mismatches}\n  table: ${tableName}`
        : `The DynamoDB table "${table}" has no item with key ${JSON.stringify(key)} after ${formatDuration(timeoutMs)} (${reads.length} read(s)).\n  table: ${tableName}`,
    });
  } finally {
    await attachJson(world, `items read from ${table}`, { table, tableName, key, reads: reads.slice(-10), readCount: reads.length });
  }
}

export async function expectNoItem(world: PostflightWorld, table: string, key: Record<string, unknown>): Promise<void> {
  const tableName = world.resources.named('dynamodbTables', table);
  const item = await getItem(world.aws, tableName, key);
  await attachJson(world, `item read from ${table}`, { table, tableName, key, item: item ?? null });
  if (item)
    throw new assert.AssertionError({
      message: `The DynamoDB table "${table}" has an item with key ${JSON.stringify(key)} (expected none):\n  ${preview(item, 1500)}\n  table: ${tableName}`,
    });
}

/** Strongly consistent: what a step checks right after the system wrote it. */
async function getItem(clients: AwsClients, tableName: string, key: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  const read = await clients.documents.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return read.Item;
}

/** Deletes the items a scenario put; what could not be deleted is reported. */
export async function deleteItems(
  clients: AwsClients,
  items: readonly PutItem[],
  into: { failed: Array<{ url: string; error: string }> },
): Promise<string[]> {
  const deleted: string[] = [];
  for (const item of items) {
    const name = `dynamodb://${item.tableName}/${JSON.stringify(item.key)}`;
    try {
      await clients.documents.send(new DeleteCommand({ TableName: item.tableName, Key: item.key }));
      deleted.push(name);
    } catch (error) {
      into.failed.push({ url: name, error: (error as Error).message });
    }
  }
  return deleted;
}
