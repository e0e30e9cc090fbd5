import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  GlueClient,
  CreateDatabaseCommand,
  GetDatabaseCommand,
  GetDatabasesCommand,
  DeleteDatabaseCommand,
  CreateTableCommand,
  GetTableCommand,
  GetTablesCommand,
  UpdateTableCommand,
  DeleteTableCommand,
  BatchDeleteTableCommand,
  CreatePartitionCommand,
  BatchCreatePartitionCommand,
  GetPartitionCommand,
  GetPartitionsCommand,
  DeletePartitionCommand,
  BatchDeletePartitionCommand,
  EntityNotFoundException,
  AlreadyExistsException,
  InvalidInputException,
  paginateGetTables,
  paginateGetPartitions,
  type TableInput,
} from '@aws-sdk/client-glue';
import { startSandbox } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';

function csvTable(name: string, partitionKeys: TableInput['PartitionKeys'] = []): TableInput {
  return {
    Name: name,
    TableType: 'EXTERNAL_TABLE',
    Parameters: { 'skip.header.line.count': '1' },
    PartitionKeys: partitionKeys,
    StorageDescriptor: {
      Columns: [
        { Name: 'account_id', Type: 'string' },
        { Name: 'quantity', Type: 'bigint' },
      ],
      Location: `s3://lake/${name}/`,
      InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe', Parameters: { 'field.delim': ',' } },
    },
  };
}

describe('Glue Data Catalog through the unmodified SDK client', () => {
  let sandbox: Sandbox;
  let glue: GlueClient;

  before(async () => {
    const started = await startSandbox();
    sandbox = started.sandbox;
    glue = new GlueClient(started.config);
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'Sales', Description: 'sales data' } }));
  });
  after(async () => {
    glue.destroy();
    await sandbox.stop();
  });

  it('creates a database under its lower-cased name and refuses a second one', async () => {
    const { Database } = await glue.send(new GetDatabaseCommand({ Name: 'sales' }));
    assert.equal(Database?.Name, 'sales');
    assert.equal(Database?.Description, 'sales data');
    assert.equal(Database?.CatalogId, '000000000000');
    assert.ok(Database?.CreateTime instanceof Date);
    await assert.rejects(glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'sales' } })), (error: unknown) => {
      assert.ok(error instanceof AlreadyExistsException);
      assert.equal(error.message, 'Database already exists.');
      return true;
    });
  });

  it('answers EntityNotFoundException with Glue’s wording for a missing database or table', async () => {
    await assert.rejects(glue.send(new GetDatabaseCommand({ Name: 'nope' })), (error: unknown) => {
      assert.ok(error instanceof EntityNotFoundException);
      assert.equal(error.message, 'Database nope not found.');
      return true;
    });
    await assert.rejects(glue.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'ghost' })), (error: unknown) => {
      assert.ok(error instanceof EntityNotFoundException);
      assert.equal(error.message, 'Table ghost not found.');
      return true;
    });
    await assert.rejects(glue.send(new CreateTableCommand({ DatabaseName: 'nope', TableInput: csvTable('t') })), EntityNotFoundException);
  });

  it('pages GetDatabases with NextToken', async () => {
    for (const name of ['a_db', 'b_db', 'c_db']) await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: name } }));
    const first = await glue.send(new GetDatabasesCommand({ MaxResults: 2 }));
    assert.deepEqual(
      first.DatabaseList?.map((database) => database.Name),
      ['a_db', 'b_db'],
    );
    assert.ok(first.NextToken);
    const second = await glue.send(new GetDatabasesCommand({ MaxResults: 2, NextToken: first.NextToken }));
    assert.deepEqual(
      second.DatabaseList?.map((database) => database.Name),
      ['c_db', 'sales'],
    );
    assert.equal(second.NextToken, undefined);
  });

  it('stores a table and returns it with the catalog’s own fields', async () => {
    await glue.send(new CreateTableCommand({ DatabaseName: 'sales', TableInput: csvTable('Positions') }));
    const { Table } = await glue.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'positions' }));
    assert.equal(Table?.Name, 'positions');
    assert.equal(Table?.DatabaseName, 'sales');
    assert.equal(Table?.StorageDescriptor?.Location, 's3://lake/Positions/');
    assert.deepEqual(
      Table?.StorageDescriptor?.Columns?.map((column) => column.Name),
      ['account_id', 'quantity'],
    );
    assert.deepEqual(Table?.PartitionKeys, []);
    assert.equal(Table?.VersionId, '0');
    assert.ok(Table?.CreateTime instanceof Date);
    await assert.rejects(
      glue.send(new CreateTableCommand({ DatabaseName: 'sales', TableInput: csvTable('positions') })),
      (error: unknown) => {
        assert.ok(error instanceof AlreadyExistsException);
        assert.equal(error.message, 'Table already exists.');
        return true;
      },
    );
  });

  it('filters GetTables by a name pattern and pages the result', async () => {
    for (const name of ['trades_2024', 'trades_2025', 'trades_2026', 'orders'])
      await glue.send(new CreateTableCommand({ DatabaseName: 'sales', TableInput: csvTable(name) }));
    const filtered = await glue.send(new GetTablesCommand({ DatabaseName: 'sales', Expression: 'trades_*' }));
    assert.deepEqual(
      filtered.TableList?.map((table) => table.Name),
      ['trades_2024', 'trades_2025', 'trades_2026'],
    );
    const regex = await glue.send(new GetTablesCommand({ DatabaseName: 'sales', Expression: 'trades_202[45]' }));
    assert.deepEqual(
      regex.TableList?.map((table) => table.Name),
      ['trades_2024', 'trades_2025'],
    );
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateGetTables({ client: glue, pageSize: 2 }, { DatabaseName: 'sales' })) {
      pages++;
      names.push(...(page.TableList ?? []).map((table) => table.Name!));
    }
    assert.equal(pages, 3);
    assert.deepEqual(names, ['orders', 'positions', 'trades_2024', 'trades_2025', 'trades_2026']);
  });

  it('replaces a table definition on UpdateTable and bumps its version', async () => {
    const input = csvTable('positions');
    input.StorageDescriptor!.Columns!.push({ Name: 'booked_at', Type: 'timestamp' });
    await glue.send(new UpdateTableCommand({ DatabaseName: 'sales', TableInput: input }));
    const { Table } = await glue.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'positions' }));
    assert.deepEqual(
      Table?.StorageDescriptor?.Columns?.map((column) => column.Name),
      ['account_id', 'quantity', 'booked_at'],
    );
    assert.equal(Table?.VersionId, '1');
    await assert.rejects(
      glue.send(new UpdateTableCommand({ DatabaseName: 'sales', TableInput: csvTable('ghost') })),
      EntityNotFoundException,
    );
  });

  it('deletes tables one by one or in a batch that reports the missing ones', async () => {
    await glue.send(new DeleteTableCommand({ DatabaseName: 'sales', Name: 'orders' }));
    const batch = await glue.send(new BatchDeleteTableCommand({ DatabaseName: 'sales', TablesToDelete: ['trades_2024', 'ghost'] }));
    assert.deepEqual(batch.Errors, [
      { TableName: 'ghost', ErrorDetail: { ErrorCode: 'EntityNotFoundException', ErrorMessage: 'Table ghost not found.' } },
    ]);
    const { TableList } = await glue.send(new GetTablesCommand({ DatabaseName: 'sales' }));
    assert.deepEqual(
      TableList?.map((table) => table.Name),
      ['positions', 'trades_2025', 'trades_2026'],
    );
  });

  describe('partitions', () => {
    const keys = [
      { Name: 'year', Type: 'int' },
      { Name: 'region', Type: 'string' },
    ];
    const partition = (year: string, region: string) => ({
      Values: [year, region],
      StorageDescriptor: { Location: `s3://lake/events/year=${year}/region=${region}/` },
    });

    before(async () => {
      await glue.send(new CreateTableCommand({ DatabaseName: 'sales', TableInput: csvTable('events', keys) }));
    });

    it('creates partitions, alone or in a batch that reports duplicates and wrong arity', async () => {
      await glue.send(new CreatePartitionCommand({ DatabaseName: 'sales', TableName: 'events', PartitionInput: partition('2024', 'eu') }));
      await assert.rejects(
        glue.send(new CreatePartitionCommand({ DatabaseName: 'sales', TableName: 'events', PartitionInput: partition('2024', 'eu') })),
        AlreadyExistsException,
      );
      const batch = await glue.send(
        new BatchCreatePartitionCommand({
          DatabaseName: 'sales',
          TableName: 'events',
          PartitionInputList: [
            partition('2024', 'us'),
            partition('2025', 'eu'),
            partition('9', 'us'),
            partition('2024', 'eu'),
            { Values: ['2026'] },
          ],
        }),
      );
      assert.deepEqual(
        batch.Errors?.map((error) => [error.PartitionValues, error.ErrorDetail?.ErrorCode]),
        [
          [['2024', 'eu'], 'AlreadyExistsException'],
          [['2026'], 'InvalidInputException'],
        ],
      );
      await assert.rejects(
        glue.send(new CreatePartitionCommand({ DatabaseName: 'sales', TableName: 'events', PartitionInput: { Values: ['2026'] } })),
        InvalidInputException,
      );
    });

    it('gets one partition by its values', async () => {
      const { Partition } = await glue.send(
        new GetPartitionCommand({ DatabaseName: 'sales', TableName: 'events', PartitionValues: ['2024', 'us'] }),
      );
      assert.deepEqual(Partition?.Values, ['2024', 'us']);
      assert.equal(Partition?.TableName, 'events');
      assert.equal(Partition?.StorageDescriptor?.Location, 's3://lake/events/year=2024/region=us/');
      await assert.rejects(
        glue.send(new GetPartitionCommand({ DatabaseName: 'sales', TableName: 'events', PartitionValues: ['1999', 'us'] })),
        EntityNotFoundException,
      );
    });

    it('filters GetPartitions with an expression, comparing numeric keys as numbers', async () => {
      const values = async (Expression: string) =>
        ((await glue.send(new GetPartitionsCommand({ DatabaseName: 'sales', TableName: 'events', Expression }))).Partitions ?? [])
          .map((p) => p.Values!.join('/'))
          .sort();
      assert.deepEqual(await values("region = 'eu'"), ['2024/eu', '2025/eu']);
      assert.deepEqual(await values("year = 2024 AND region = 'us'"), ['2024/us']);
      assert.deepEqual(await values('year > 100'), ['2024/eu', '2024/us', '2025/eu']);
      assert.deepEqual(await values("year < 100 OR region IN ('xx', 'eu')"), ['2024/eu', '2025/eu', '9/us']);
      assert.deepEqual(await values("region LIKE 'u%' AND NOT year BETWEEN 2000 AND 2100"), ['9/us']);
      await assert.rejects(
        glue.send(new GetPartitionsCommand({ DatabaseName: 'sales', TableName: 'events', Expression: "colour = 'red'" })),
        InvalidInputException,
      );
    });

    it('pages GetPartitions', async () => {
      const seen: string[] = [];
      let pages = 0;
      for await (const page of paginateGetPartitions({ client: glue, pageSize: 3 }, { DatabaseName: 'sales', TableName: 'events' })) {
        pages++;
        seen.push(...(page.Partitions ?? []).map((p) => p.Values!.join('/')));
      }
      assert.equal(pages, 2);
      assert.deepEqual(seen.sort(), ['2024/eu', '2024/us', '2025/eu', '9/us']);
    });

    it('deletes partitions alone or in a batch that reports the missing ones', async () => {
      await glue.send(new DeletePartitionCommand({ DatabaseName: 'sales', TableName: 'events', PartitionValues: ['9', 'us'] }));
      await assert.rejects(
        glue.send(new DeletePartitionCommand({ DatabaseName: 'sales', TableName: 'events', PartitionValues: ['9', 'us'] })),
        EntityNotFoundException,
      );
      const batch = await glue.send(
        new BatchDeletePartitionCommand({
          DatabaseName: 'sales',
          TableName: 'events',
          PartitionsToDelete: [{ Values: ['2024', 'us'] }, { Values: ['1', 'x'] }],
        }),
      );
      assert.deepEqual(
        batch.Errors?.map((error) => error.PartitionValues),
        [['1', 'x']],
      );
      const { Partitions } = await glue.send(new GetPartitionsCommand({ DatabaseName: 'sales', TableName: 'events' }));
      assert.deepEqual(Partitions?.map((p) => p.Values!.join('/')).sort(), ['2024/eu', '2025/eu']);
    });
  });

  it('deletes a database together with its tables', async () => {
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'scratch' } }));
    await glue.send(new CreateTableCommand({ DatabaseName: 'scratch', TableInput: csvTable('tmp') }));
    await glue.send(new DeleteDatabaseCommand({ Name: 'scratch' }));
    await assert.rejects(glue.send(new GetDatabaseCommand({ Name: 'scratch' })), EntityNotFoundException);
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'scratch' } }));
    await assert.rejects(glue.send(new GetTableCommand({ DatabaseName: 'scratch', Name: 'tmp' })), EntityNotFoundException);
  });
});
