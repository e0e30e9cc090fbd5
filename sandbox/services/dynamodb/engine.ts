import { createRequire } from 'node:module';
import { fromEngineError } from './errors';

/**
 * DynamoDB's data plane and table API as `dynalite` implements them (an in-memory LevelDB from
 * `memory-level`): key schemas, LSI/GSI, every expression kind (KeyCondition, Filter,
 * Projection, Update, Condition), Query/Scan paging, batch calls, DynamoDB's validation
 * messages. The sandbox calls its validations and actions directly — its HTTP server is never
 * started — so requests go through the sandbox's own endpoint, dispatch and fault rules.
 */

const requireEngine = createRequire(import.meta.url);

/** An attribute value in DynamoDB's JSON (`{"S": "x"}`, `{"N": "1"}`, `{"M": {…}}`, …). */
export type AttributeValue = Record<string, unknown>;
export type Item = Record<string, AttributeValue>;

/** A table as the engine stores it: its description. */
export interface TableDescription {
  TableName: string;
  TableArn: string;
  TableStatus: string;
  KeySchema: Array<{ AttributeName: string; KeyType: string }>;
  AttributeDefinitions: Array<{ AttributeName: string; AttributeType: string }>;
  [member: string]: unknown;
}

/** A request after validation: the input, plus the parsed expressions (`_condition`, `_updates`, …). */
export type ValidatedInput = Record<string, unknown> & { TableName?: string };

/** The operations the engine implements, by their API names. */
export const ENGINE_OPERATIONS = [
  'BatchGetItem',
  'BatchWriteItem',
  'CreateTable',
  'DeleteItem',
  'DeleteTable',
  'DescribeTable',
  'GetItem',
  'ListTables',
  'PutItem',
  'Query',
  'Scan',
  'TagResource',
  'UntagResource',
  'ListTagsOfResource',
  'UpdateItem',
  'UpdateTable',
] as const;
export type EngineOperation = (typeof ENGINE_OPERATIONS)[number];

type Callback<T> = (error: unknown, result?: T) => void;

interface EngineStore {
  tableDb: { awsAccountId: string; awsRegion: string };
  db: { close(callback: (error?: unknown) => void): void };
  getTable(name: string, checkStatus: boolean, callback: Callback<TableDescription>): void;
  getItemDb(name: string): { get(key: string, callback: Callback<Item | undefined>): void };
}

interface EngineDatabase {
  create(options: Record<string, unknown>): EngineStore;
  createKey(item: Item, table: TableDescription): string;
  validateKey(key: Item, table: TableDescription): unknown;
  validateItem(item: Item, table: TableDescription): unknown;
  checkConditional(input: ValidatedInput, existing: Item | undefined): unknown;
  mapPaths(paths: unknown, item: Item): Item;
}

interface OperationValidation {
  types: Record<string, unknown>;
  custom?: (data: ValidatedInput, store: EngineStore) => string | undefined;
}

interface EngineValidations {
  checkTypes(data: unknown, types: Record<string, unknown>): ValidatedInput;
  checkValidations(data: ValidatedInput, types: Record<string, unknown>, custom: OperationValidation['custom'], store: EngineStore): void;
}

type EngineAction = (store: EngineStore, input: ValidatedInput, callback: Callback<Record<string, unknown>>) => void;

/** Loaded on first use: a sandbox whose scenarios never touch DynamoDB does not pay for it at start. */
let modules: { database: EngineDatabase; validations: EngineValidations } | undefined;
function engineModules() {
  modules ??= {
    database: requireEngine('dynalite/db') as EngineDatabase,
    validations: requireEngine('dynalite/validations') as EngineValidations,
  };
  return modules;
}

function lowerFirst(operation: string): string {
  return operation.charAt(0).toLowerCase() + operation.slice(1);
}

function promised<T>(run: (callback: Callback<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => run((error, result) => (error ? reject(fromEngineError(error)) : resolve(result as T))));
}

export class DynamoDbEngine {
  private created?: EngineStore;

  constructor(private readonly settings: { accountId: string; region: string }) {}

  private get store(): EngineStore {
    if (!this.created) {
      // Tables are ACTIVE as soon as CreateTable has answered (CREATING), as a waiter then sees them.
      this.created = engineModules().database.create({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
      this.created.tableDb.awsAccountId = this.settings.accountId;
      this.created.tableDb.awsRegion = this.settings.region;
    }
    return this.created;
  }

  /** Validates the input as DynamoDB does (member types, then constraints and expressions); throws its ValidationException. */
  validate(operation: EngineOperation, input: object): ValidatedInput {
    const validation = requireEngine(`dynalite/validations/${lowerFirst(operation)}`) as OperationValidation;
    try {
      const { validations } = engineModules();
      const data = validations.checkTypes(structuredClone(input), validation.types);
      validations.checkValidations(data, validation.types, validation.custom, this.store);
      return data;
    } catch (error) {
      throw fromEngineError(error);
    }
  }

  /** Runs a validated request. */
  execute<T = Record<string, unknown>>(operation: EngineOperation, input: ValidatedInput): Promise<T> {
    const action = requireEngine(`dynalite/actions/${lowerFirst(operation)}`) as EngineAction;
    return promised<T>((callback) => action(this.store, input, callback as Callback<Record<string, unknown>>));
  }

  run<T = Record<string, unknown>>(operation: EngineOperation, input: object): Promise<T> {
    return this.execute<T>(operation, this.validate(operation, input));
  }

  /** The table, or ResourceNotFoundException (`activeOnly`: as the item operations see it, without the name). */
  table(name: string, activeOnly: boolean): Promise<TableDescription> {
    return promised<TableDescription>((callback) => this.store.getTable(name, activeOnly, callback));
  }

  /** The item stored under a key, if any. */
  async storedItem(table: TableDescription, key: Item): Promise<Item | undefined> {
    const { database } = engineModules();
    const invalid = database.validateKey(key, table);
    if (invalid) throw fromEngineError(invalid);
    const itemDb = this.store.getItemDb(table.TableName);
    return promised<Item | undefined>((callback) => itemDb.get(database.createKey(key, table), callback));
  }

  /** The key of an item (or of a Key) as one string: the identity of an item within its table. */
  keyString(table: TableDescription, keyOrItem: Item): string {
    return engineModules().database.createKey(keyOrItem, table);
  }

  /** Checks that a key (or an item's key attributes) matches the table's key schema. */
  assertKey(table: TableDescription, key: Item, whole: 'key' | 'item'): void {
    const { database } = engineModules();
    const invalid = whole === 'key' ? database.validateKey(key, table) : database.validateItem(key, table);
    if (invalid) throw fromEngineError(invalid);
  }

  /** Whether a validated request's condition (ConditionExpression or Expected) holds for the stored item. */
  conditionHolds(input: ValidatedInput, existing: Item | undefined): boolean {
    return !engineModules().database.checkConditional(input, existing);
  }

  /** The attributes a ProjectionExpression (validated) keeps. */
  project(input: ValidatedInput, item: Item): Item {
    const projection = input._projection as { paths: unknown } | undefined;
    return projection ? engineModules().database.mapPaths(projection.paths, item) : item;
  }

  close(): Promise<void> {
    const store = this.created;
    return store ? new Promise((resolve) => store.db.close(() => resolve())) : Promise.resolve();
  }
}
