import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Table } from '@aws-sdk/client-glue';
import { QueryFailure } from '../../../sandbox/services/athena/errors';
import type { ObjectStore, StoredObject } from '../../../sandbox/services/athena/lake';
import { injectedKeys, isProjected, projectedGroups } from '../../../sandbox/services/athena/partition-projection';
import { isView, viewDefinition, viewTableInput } from '../../../sandbox/services/athena/presto-views';
import { decimal, VARCHAR } from '../../../sandbox/services/athena/trino/types';

function store(keys: string[]): ObjectStore {
  const objects: StoredObject[] = keys.map((key) => ({
    bucket: 'lake',
    key,
    file: `/data/${key}`,
    size: 10,
    etag: '"e"',
    lastModified: new Date(0),
    contentType: 'application/json',
    metadata: {},
    tags: {},
  }));
  return {
    objectsUnder: (bucket: string, prefix: string) => objects.filter((object) => object.bucket === bucket && object.key.startsWith(prefix)),
  } as unknown as ObjectStore;
}

function projected(parameters: Record<string, string>, keys = ['dt']): Table {
  return {
    Name: 'events',
    DatabaseName: 'db',
    StorageDescriptor: { Location: 's3://lake/events/', Columns: [{ Name: 'v', Type: 'int' }] },
    PartitionKeys: keys.map((Name) => ({ Name, Type: 'string' })),
    Parameters: { 'projection.enabled': 'true', ...parameters },
  };
}

const values = (table: Table, keys: string[]) =>
  projectedGroups(table, store(keys), new Date('2026-03-01T00:00:00Z'))
    .map((group) => group.partitionValues.join('/'))
    .sort();

describe('partition projection', () => {
  it('maps files to the projected dates of a range, NOW included', () => {
    const table = projected({
      'projection.dt.type': 'date',
      'projection.dt.range': '2026-01-01,NOW',
      'projection.dt.format': 'yyyy-MM-dd',
    });
    assert.ok(isProjected(table));
    assert.deepEqual(values(table, ['events/dt=2025-12-31/a', 'events/dt=2026-02-01/b', 'events/dt=2026-04-01/c', 'events/dt=bad/d']), [
      '2026-02-01',
    ]);
  });

  it('follows storage.location.template and enum values', () => {
    const table = projected({
      'projection.dt.type': 'enum',
      'projection.dt.values': 'a,b',
      'storage.location.template': 's3://lake/events/data/${dt}/',
    });
    assert.deepEqual(values(table, ['events/data/a/1', 'events/data/c/2', 'events/dt=b/3']), ['a']);
  });

  it('names the injected keys, and accepts any value for them', () => {
    const table = projected({ 'projection.dt.type': 'injected' });
    assert.deepEqual(injectedKeys(table), ['dt']);
    assert.deepEqual(values(table, ['events/dt=x/1', 'events/dt=y/2']), ['x', 'y']);
  });

  it('fails as Athena does when a partition key has no projection configuration', () => {
    const table = projected({ 'projection.a.type': 'enum', 'projection.a.values': 'x' }, ['a', 'b']);
    assert.throws(
      () => projectedGroups(table, store([])),
      (error: unknown) =>
        error instanceof QueryFailure &&
        error.reason ===
          'HIVE_METASTORE_ERROR: Table db.events is configured for partition projection, but the following partition columns are missing projection configuration: [b] (table db.events)',
    );
  });
});

describe('Athena views in the Glue catalog', () => {
  it('stores a view as a VIRTUAL_VIEW with its definition encoded, and reads it back', () => {
    const definition = {
      originalSql: 'SELECT 1 AS a',
      catalog: 'awsdatacatalog',
      schema: 'db',
      columns: [
        { name: 'a', type: decimal(10, 2) },
        { name: 'b', type: VARCHAR },
      ],
    };
    const input = viewTableInput('v', definition, new Date(0));
    assert.equal(input.TableType, 'VIRTUAL_VIEW');
    assert.match(input.ViewOriginalText ?? '', /^\/\* Presto View: [A-Za-z0-9+/=]+ \*\/$/);
    assert.deepEqual(
      input.StorageDescriptor?.Columns?.map((column) => `${column.Name} ${column.Type}`),
      ['a decimal(10,2)', 'b string'],
    );
    const table = { ...input, DatabaseName: 'db' } as Table;
    assert.ok(isView(table));
    assert.deepEqual(viewDefinition(table), definition);
  });

  it('does not read a table or a Hive view as an Athena view definition', () => {
    assert.equal(viewDefinition({ Name: 't', TableType: 'EXTERNAL_TABLE' }), undefined);
    assert.equal(viewDefinition({ Name: 'h', TableType: 'VIRTUAL_VIEW', ViewOriginalText: 'select 1' }), undefined);
  });
});
