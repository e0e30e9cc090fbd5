import type { Provider } from '../../core/provider';
import { ConditionalCheckFailedException, DynamoDbError, ResourceNotFoundException, ValidationException } from './errors';
import { DynamoDbEngine, ENGINE_OPERATIONS, type EngineOperation, type Item, type TableDescription } from './engine';
import { TableSettingsStore, type SettingsInput } from './table-settings';
import { Transactions } from './transactions';

type Input = Record<string, unknown>;
type Output = Record<string, unknown>;

/** What UpdateTable hands the engine; the rest are table settings (streams, deletion protection). */
const ENGINE_TABLE_UPDATES = ['ProvisionedThroughput', 'BillingMode', 'GlobalSecondaryIndexUpdates'];
/** DeleteTable answers only these members of the table. */
const DELETED_TABLE_MEMBERS = [
  'BillingModeSummary',
  'DeletionProtectionEnabled',
  'ItemCount',
  'ProvisionedThroughput',
  'TableArn',
  'TableId',
  'TableName',
  'TableSizeBytes',
  'TableStatus',
];

/**
 * DynamoDB (awsJson 1.0, `DynamoDB_20120810`): the engine (`engine.ts`, dynalite) for tables,
 * items, every expression kind, Query/Scan paging and batch calls; transactions, TTL and the
 * table settings the engine lacks are the sandbox's own. Calls run one at a time (a serial
 * section), which gives transactions their isolation.
 *
 * Fidelity gaps: PartiQL, backups, global tables, imports/exports and the Streams API are not
 * served; ConsumedCapacity is estimated by the engine; TTL is recorded, not enforced.
 */
export class DynamoDbProvider implements Provider {
  readonly serviceName = 'dynamodb';
  readonly operations: readonly string[] = [
    ...ENGINE_OPERATIONS,
    'TransactWriteItems',
    'TransactGetItems',
    'UpdateTimeToLive',
    'DescribeTimeToLive',
  ].sort();
  private readonly engine: DynamoDbEngine;
  private readonly settings: TableSettingsStore;
  private readonly transactions: Transactions;
  private serial: Promise<unknown> = Promise.resolve();

  constructor(private readonly location: { region: string; accountId: string }) {
    this.engine = new DynamoDbEngine(location);
    this.settings = new TableSettingsStore(location);
    this.transactions = new Transactions(this.engine, (nameOrArn) => this.tableNameOf(nameOrArn));
  }

  // --- Tables ------------------------------------------------------------------------------------

  createTable(input: Input): Promise<Output> {
    return this.exclusive(async () => {
      const settings = input as SettingsInput;
      const validated = this.engine.validate('CreateTable', input);
      this.settings.validate(settings);
      const created = await this.engine
        .execute<{ TableDescription: TableDescription }>('CreateTable', validated)
        .catch((error: unknown) => {
          throw error instanceof DynamoDbError && error.code === 'ResourceInUseException'
            ? new DynamoDbError('ResourceInUseException', `Table already exists: ${String(input.TableName)}`)
            : error;
        });
      const table = created.TableDescription;
      this.settings.apply(table.TableName, settings);
      if (Array.isArray(input.Tags) && input.Tags.length > 0) {
        await this.engine.run('TagResource', { ResourceArn: table.TableArn, Tags: input.Tags });
      }
      return { TableDescription: this.settings.describe(table) };
    });
  }

  describeTable(input: Input): Promise<Output> {
    return this.exclusive(async () => {
      const { Table } = await this.engine.run<{ Table: TableDescription }>('DescribeTable', this.withTableName(input));
      return { Table: withWarmThroughput(this.settings.describe(Table)) };
    });
  }

  updateTable(input: Input): Promise<Output> {
    return this.exclusive(async () => {
      const named = this.withTableName(input);
      const tableName = String(named.TableName);
      this.settings.validate(named as SettingsInput);
      let table: TableDescription;
      if (ENGINE_TABLE_UPDATES.some((member) => named[member] !== undefined)) {
        table = (await this.engine.run<{ TableDescription: TableDescription }>('UpdateTable', named)).TableDescription;
      } else {
        table = await this.engine.table(tableName, false);
        if (
          named.StreamSpecification === undefined &&
          named.DeletionProtectionEnabled === undefined &&
          named.SSESpecification === undefined
        ) {
          throw new ValidationException(
            'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required',
          );
        }
      }
      this.settings.apply(tableName, named as SettingsInput);
      return { TableDescription: this.settings.describe(table) };
    });
  }

  deleteTable(input: Input): Promise<Output> {
    return this.exclusive(async () => {
      const named = this.withTableName(input);
      const tableName = String(named.TableName);
      const validated = this.engine.validate('DeleteTable', named);
      if (this.settings.isDeletionProtected(tableName)) {
        throw new ValidationException(
          'Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.',
        );
      }
      const { TableDescription: table } = await this.engine.execute<{ TableDescription: TableDescription }>('DeleteTable', validated);
      const described: Output = this.settings.describe(table);
      this.settings.forget(tableName);
      return {
        TableDescription: Object.fromEntries(
          DELETED_TABLE_MEMBERS.filter((member) => member in described).map((member) => [member, described[member]]),
        ),
      };
    });
  }

  updateTimeToLive(input: Input): Promise<Output> {
    return this.exclusive(async () => {
      const tableName = this.tableNameOf(String(input.TableName ?? ''));
      await this.engine.table(tableName, false);
      const specification = (input.TimeToLiveSpecification ?? {}) as { AttributeName?: string; Enabled?: boolean };
      this.settings.setTimeToLive(tableName, specification);
      return { TimeToLiveSpecification: specification };
    });
  }

  describeTimeToLive(input: Input): Promise<Output> {
    return this.exclusive(async () => {
      const tableName = this.tableNameOf(String(input.TableName ?? ''));
      await this.engine.table(tableName, false);
      return { TimeToLiveDescription: this.settings.timeToLiveOf(tableName) };
    });
  }

  listTables(input: Input): Promise<Output> {
    return this.engineCall('ListTables', input);
  }

  tagResource(input: Input): Promise<Output> {
    return this.engineCall('TagResource', input);
  }

  untagResource(input: Input): Promise<Output> {
    return this.engineCall('UntagResource', input);
  }

  listTagsOfResource(input: Input): Promise<Output> {
    return this.engineCall('ListTagsOfResource', input);
  }

  // --- Items -------------------------------------------------------------------------------------

  getItem(input: Input): Promise<Output> {
    return this.engineCall('GetItem', input);
  }

  query(input: Input): Promise<Output> {
    return this.engineCall('Query', input);
  }

  scan(input: Input): Promise<Output> {
    return this.engineCall('Scan', input);
  }

  putItem(input: Input): Promise<Output> {
    return this.exclusive(() => this.conditionalWrite('PutItem', input));
  }

  updateItem(input: Input): Promise<Output> {
    return this.exclusive(() => this.conditionalWrite('UpdateItem', input));
  }

  deleteItem(input: Input): Promise<Output> {
    return this.exclusive(() => this.conditionalWrite('DeleteItem', input));
  }

  batchGetItem(input: Input): Promise<Output> {
    return this.exclusive(() => this.batch('BatchGetItem', input, ['Responses', 'UnprocessedKeys']));
  }

  batchWriteItem(input: Input): Promise<Output> {
    return this.exclusive(() => this.batch('BatchWriteItem', input, ['UnprocessedItems']));
  }

  transactWriteItems(input: Input): Promise<Output> {
    return this.exclusive(() => this.transactions.write(input));
  }

  transactGetItems(input: Input): Promise<Output> {
    return this.exclusive(() => this.transactions.get(input));
  }

  // --- For the template deployer and other services ---------------------------------------------

  /** The stream ARN of a table whose stream is enabled (AWS::DynamoDB::Table's StreamArn). */
  streamArnOf(tableName: string): string | undefined {
    return this.settings.streamArnOf(tableName);
  }

  async shutdown(): Promise<void> {
    await this.serial.catch(() => undefined);
    await this.engine.close();
  }

  // --- Helpers -----------------------------------------------------------------------------------

  /** An operation the engine serves as it is (the table may be named by its ARN). */
  private engineCall(operation: EngineOperation, input: Input): Promise<Output> {
    return this.exclusive(() => this.engine.run<Output>(operation, this.withTableName(input)));
  }

  /** PutItem, UpdateItem, DeleteItem: a failed condition answers the item it saw when asked to (ReturnValuesOnConditionCheckFailure). */
  private async conditionalWrite(operation: EngineOperation, input: Input): Promise<Output> {
    const { ReturnValuesOnConditionCheckFailure: returnValues, ...request } = this.withTableName(input);
    try {
      return await this.engine.run(operation, request);
    } catch (error) {
      if (returnValues !== 'ALL_OLD' || !(error instanceof DynamoDbError) || error.code !== 'ConditionalCheckFailedException') throw error;
      const table = await this.engine.table(String(request.TableName), true);
      const key = (request.Key ?? keyOf(request.Item as Item, table)) as Item;
      throw new ConditionalCheckFailedException(await this.engine.storedItem(table, key));
    }
  }

  /** BatchGetItem, BatchWriteItem: tables named by ARN are answered under the same ARN. */
  private async batch(operation: EngineOperation, input: Input, keyedMembers: string[]): Promise<Output> {
    const requestItems = (input.RequestItems ?? {}) as Record<string, unknown>;
    const given = new Map(Object.keys(requestItems).map((nameOrArn) => [this.tableNameOf(nameOrArn), nameOrArn]));
    const byName = Object.fromEntries(Object.entries(requestItems).map(([nameOrArn, value]) => [this.tableNameOf(nameOrArn), value]));
    const output = await this.engine.run<Output>(operation, { ...input, RequestItems: byName });
    for (const member of keyedMembers) {
      const keyed = output[member] as Record<string, unknown> | undefined;
      if (keyed) output[member] = Object.fromEntries(Object.entries(keyed).map(([name, value]) => [given.get(name) ?? name, value]));
    }
    return output;
  }

  private withTableName(input: Input): Input {
    return typeof input.TableName === 'string' ? { ...input, TableName: this.tableNameOf(input.TableName) } : input;
  }

  /** DynamoDB takes a table's ARN wherever it takes its name. */
  private tableNameOf(nameOrArn: string): string {
    const arn = /^arn:aws[\w-]*:dynamodb:([^:]*):(\d{12}):table\/([^/]+)$/.exec(nameOrArn);
    if (!arn) return nameOrArn;
    if (arn[1] !== this.location.region || arn[2] !== this.location.accountId) throw new ResourceNotFoundException();
    return arn[3]!;
  }

  /** One call at a time: what a transaction sees does not change under it. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.serial.then(work, work);
    this.serial = result.catch(() => undefined);
    return result;
  }
}

function keyOf(item: Item | undefined, table: TableDescription): Item {
  return Object.fromEntries(table.KeySchema.map((key) => [key.AttributeName, item?.[key.AttributeName]])) as Item;
}

/** DescribeTable reports the warm throughput AWS reports: on-demand 12000 reads / 4000 writes a second, else the provisioned units. */
function withWarmThroughput(table: TableDescription): TableDescription {
  const onDemand = (table.BillingModeSummary as { BillingMode?: string } | undefined)?.BillingMode === 'PAY_PER_REQUEST';
  const throughput = (provisioned: unknown) => {
    const units = provisioned as { ReadCapacityUnits?: number; WriteCapacityUnits?: number } | undefined;
    return onDemand
      ? { ReadUnitsPerSecond: 12000, Status: 'ACTIVE', WriteUnitsPerSecond: 4000 }
      : { ReadUnitsPerSecond: units?.ReadCapacityUnits ?? 0, Status: 'ACTIVE', WriteUnitsPerSecond: units?.WriteCapacityUnits ?? 0 };
  };
  const indexes = table.GlobalSecondaryIndexes as Array<Record<string, unknown>> | undefined;
  return {
    ...table,
    ...(indexes
      ? { GlobalSecondaryIndexes: indexes.map((index) => ({ ...index, WarmThroughput: throughput(index.ProvisionedThroughput) })) }
      : {}),
    WarmThroughput: throughput(table.ProvisionedThroughput),
  };
}
