import { TransactionCanceledException, ValidationException, type CancellationReason } from './errors';
import type { DynamoDbEngine, EngineOperation, Item, TableDescription, ValidatedInput } from './engine';

type WriteKind = 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
const WRITE_KINDS: readonly WriteKind[] = ['Put', 'Update', 'Delete', 'ConditionCheck'];
/** The single-item operation whose validation an action shares (a ConditionCheck is a Delete that writes nothing). */
const VALIDATED_AS: Record<WriteKind, EngineOperation> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'DeleteItem',
};

interface PreparedWrite {
  kind: WriteKind;
  input: ValidatedInput;
  table: TableDescription;
  key: Item;
  existing: Item | undefined;
  returnOldItem: boolean;
}

const MAX_ACTIONS = 100;

/**
 * TransactWriteItems and TransactGetItems on the engine, all or nothing: every action is
 * validated and every condition evaluated against the items as they are before anything is
 * written; if one fails, nothing is (TransactionCanceledException with one reason per action,
 * in order). The caller runs this with no other DynamoDB call in between (the provider's
 * serial section), which is the isolation DynamoDB gives a transaction.
 */
export class Transactions {
  constructor(
    private readonly engine: DynamoDbEngine,
    private readonly tableNameOf: (nameOrArn: string) => string,
  ) {}

  async write(request: { TransactItems?: Array<Record<string, Record<string, unknown>>> }): Promise<Record<string, never>> {
    const actions = checkedActions(request.TransactItems, 'transactItems');
    const prepared: PreparedWrite[] = [];
    for (const action of actions) prepared.push(await this.prepare(action));
    const keys = new Set<string>();
    for (const write of prepared) {
      const identity = `${write.table.TableName}/${this.engine.keyString(write.table, write.key)}`;
      if (keys.has(identity)) throw new ValidationException('Transaction request cannot include multiple operations on one item');
      keys.add(identity);
    }
    const reasons: CancellationReason[] = prepared.map((write) =>
      this.engine.conditionHolds(write.input, write.existing)
        ? { Code: 'None' }
        : {
            Code: 'ConditionalCheckFailed',
            Message: 'The conditional request failed',
            ...(write.returnOldItem && write.existing ? { Item: write.existing } : {}),
          },
    );
    if (reasons.some((reason) => reason.Code !== 'None')) throw new TransactionCanceledException(reasons);
    await this.apply(prepared);
    return {};
  }

  async get(request: { TransactItems?: Array<Record<string, Record<string, unknown>>> }): Promise<{ Responses: Array<{ Item?: Item }> }> {
    const actions = checkedActions(request.TransactItems, 'transactItems');
    const reads: Array<{ input: ValidatedInput; table: TableDescription }> = [];
    for (const action of actions) {
      const get = action.Get;
      if (!get || Object.keys(action).length !== 1) throw new ValidationException('TransactItems can only contain Get, and one per item');
      const input = this.engine.validate('GetItem', { ...get, TableName: this.tableNameOf(String(get.TableName ?? '')) });
      reads.push({ input, table: await this.engine.table(String(input.TableName), true) });
    }
    const responses: Array<{ Item?: Item }> = [];
    for (const { input, table } of reads) {
      const item = await this.engine.storedItem(table, input.Key as Item);
      responses.push(item ? { Item: this.engine.project(input, item) } : {});
    }
    return { Responses: responses };
  }

  private async prepare(action: Record<string, Record<string, unknown>>): Promise<PreparedWrite> {
    const kinds = WRITE_KINDS.filter((kind) => action[kind] !== undefined);
    const kind = kinds[0];
    if (kinds.length !== 1 || kind === undefined || Object.keys(action).length !== 1) {
      throw new ValidationException(
        'TransactItems can only contain one of Check, Put, Update or Delete per item (found: ' +
          (Object.keys(action).join(', ') || 'none') +
          ')',
      );
    }
    const given = action[kind]!;
    if (kind === 'ConditionCheck' && typeof given.ConditionExpression !== 'string') {
      throw new ValidationException('The parameter ConditionExpression is required for a ConditionCheck');
    }
    const tableName = this.tableNameOf(String(given.TableName ?? ''));
    // As DynamoDB checks: the table first, then the request's members and expressions, then the key.
    const table = await this.engine.table(tableName, true);
    const { ReturnValuesOnConditionCheckFailure: returnValues, ...member } = given;
    const input = this.engine.validate(VALIDATED_AS[kind], { ...member, TableName: tableName });
    const key = kind === 'Put' ? keyAttributes(input.Item as Item, table) : (input.Key as Item);
    this.engine.assertKey(table, kind === 'Put' ? (input.Item as Item) : key, kind === 'Put' ? 'item' : 'key');
    const existing = await this.engine.storedItem(table, key);
    return { kind, input, table, key, existing, returnOldItem: returnValues === 'ALL_OLD' };
  }

  /** Writes every action; if one fails after all, the items already written are put back as they were. */
  private async apply(prepared: PreparedWrite[]): Promise<void> {
    const written: PreparedWrite[] = [];
    for (const [index, write] of prepared.entries()) {
      if (write.kind === 'ConditionCheck') continue;
      const unconditional = { ...write.input, _condition: undefined, ConditionExpression: undefined, Expected: undefined };
      try {
        await this.engine.execute(VALIDATED_AS[write.kind], unconditional);
        written.push(write);
      } catch (error) {
        for (const done of written.reverse()) await this.restore(done);
        const reasons: CancellationReason[] = prepared.map((_, position) =>
          position === index
            ? { Code: 'ValidationError', Message: error instanceof Error ? error.message : String(error) }
            : { Code: 'None' },
        );
        throw new TransactionCanceledException(reasons);
      }
    }
  }

  private async restore(write: PreparedWrite): Promise<void> {
    const TableName = write.table.TableName;
    if (write.existing) await this.engine.run('PutItem', { TableName, Item: write.existing });
    else await this.engine.run('DeleteItem', { TableName, Key: write.key });
  }
}

function checkedActions(
  actions: Array<Record<string, Record<string, unknown>>> | undefined,
  member: string,
): Array<Record<string, Record<string, unknown>>> {
  if (!Array.isArray(actions) || actions.length === 0 || actions.length > MAX_ACTIONS) {
    const constraint =
      Array.isArray(actions) && actions.length > MAX_ACTIONS
        ? `Member must have length less than or equal to ${MAX_ACTIONS}`
        : 'Member must have length greater than or equal to 1';
    throw new ValidationException(
      `1 validation error detected: Value '${JSON.stringify(actions ?? null)}' at '${member}' failed to satisfy constraint: ${constraint}`,
    );
  }
  return actions;
}

function keyAttributes(item: Item, table: TableDescription): Item {
  return Object.fromEntries(
    table.KeySchema.map((key) => [key.AttributeName, item[key.AttributeName]]).filter(([, value]) => value !== undefined),
  ) as Item;
}
