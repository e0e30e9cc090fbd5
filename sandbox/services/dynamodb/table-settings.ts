import { ValidationException } from './errors';
import type { TableDescription } from './engine';

const STREAM_VIEW_TYPES = ['NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY'];

interface StreamSettings {
  StreamSpecification: { StreamEnabled: true; StreamViewType: string };
  LatestStreamArn: string;
  LatestStreamLabel: string;
}

/** What a table carries beside what the engine stores: recorded and described, not acted on. */
interface TableSettings {
  deletionProtection: boolean;
  timeToLive?: { AttributeName: string; Enabled: boolean };
  stream?: StreamSettings;
  sse?: { Status: 'ENABLED'; SSEType: 'KMS'; KMSMasterKeyArn: string };
}

export interface SettingsInput {
  DeletionProtectionEnabled?: boolean;
  StreamSpecification?: { StreamEnabled?: boolean; StreamViewType?: string };
  SSESpecification?: { Enabled?: boolean; SSEType?: string; KMSMasterKeyId?: string };
}

/**
 * Table settings the engine does not keep: deletion protection (enforced), TTL, streams and
 * server-side encryption (recorded and described). Fidelity gaps: expired items are not deleted
 * (DynamoDB deletes them within days, and answers them until then); a stream has an ARN and a
 * label but no records (the DynamoDB Streams API is not served).
 */
export class TableSettingsStore {
  private readonly settings = new Map<string, TableSettings>();

  constructor(private readonly location: { region: string; accountId: string }) {}

  /** Checks the settings of a CreateTable or UpdateTable before anything changes. */
  validate(input: SettingsInput): void {
    const stream = input.StreamSpecification;
    if (stream?.StreamEnabled && !STREAM_VIEW_TYPES.includes(stream.StreamViewType ?? '')) {
      throw new ValidationException(
        stream.StreamViewType === undefined
          ? 'One or more parameter values were invalid: StreamViewType is required when StreamEnabled is true'
          : `1 validation error detected: Value '${stream.StreamViewType}' at 'streamSpecification.streamViewType' failed to satisfy constraint: Member must satisfy enum value set: [${STREAM_VIEW_TYPES.join(', ')}]`,
      );
    }
  }

  apply(tableName: string, input: SettingsInput): void {
    const current = this.settings.get(tableName) ?? { deletionProtection: false };
    if (input.DeletionProtectionEnabled !== undefined) current.deletionProtection = input.DeletionProtectionEnabled;
    const stream = input.StreamSpecification;
    if (stream?.StreamEnabled === true) {
      const label = new Date().toISOString().replace('Z', '');
      current.stream = {
        StreamSpecification: { StreamEnabled: true, StreamViewType: stream.StreamViewType ?? 'NEW_AND_OLD_IMAGES' },
        LatestStreamArn: `arn:aws:dynamodb:${this.location.region}:${this.location.accountId}:table/${tableName}/stream/${label}`,
        LatestStreamLabel: label,
      };
    } else if (stream?.StreamEnabled === false) {
      current.stream = undefined;
    }
    const sse = input.SSESpecification;
    if (sse?.Enabled) {
      const key = sse.KMSMasterKeyId ?? 'alias/aws/dynamodb';
      current.sse = {
        Status: 'ENABLED',
        SSEType: 'KMS',
        KMSMasterKeyArn: key.startsWith('arn:')
          ? key
          : `arn:aws:kms:${this.location.region}:${this.location.accountId}:${key.startsWith('alias/') ? key : `key/${key}`}`,
      };
    } else if (sse?.Enabled === false) {
      current.sse = undefined;
    }
    this.settings.set(tableName, current);
  }

  /** UpdateTimeToLive: DynamoDB refuses to enable what is enabled, or to disable what is not. */
  setTimeToLive(tableName: string, specification: { AttributeName?: string; Enabled?: boolean }): void {
    if (!specification.AttributeName || specification.Enabled === undefined) {
      throw new ValidationException('TimeToLiveSpecification must name an AttributeName and say whether it is Enabled.');
    }
    const current = this.settings.get(tableName) ?? { deletionProtection: false };
    if (specification.Enabled && current.timeToLive?.Enabled) throw new ValidationException('TimeToLive is already enabled');
    if (!specification.Enabled && !current.timeToLive?.Enabled) throw new ValidationException('TimeToLive is already disabled');
    current.timeToLive = { AttributeName: specification.AttributeName, Enabled: specification.Enabled };
    this.settings.set(tableName, current);
  }

  timeToLiveOf(tableName: string): { TimeToLiveStatus: 'ENABLED' | 'DISABLED'; AttributeName?: string } {
    const timeToLive = this.settings.get(tableName)?.timeToLive;
    return timeToLive?.Enabled
      ? { TimeToLiveStatus: 'ENABLED', AttributeName: timeToLive.AttributeName }
      : { TimeToLiveStatus: 'DISABLED' };
  }

  isDeletionProtected(tableName: string): boolean {
    return this.settings.get(tableName)?.deletionProtection ?? false;
  }

  streamArnOf(tableName: string): string | undefined {
    return this.settings.get(tableName)?.stream?.LatestStreamArn;
  }

  forget(tableName: string): void {
    this.settings.delete(tableName);
  }

  /** The table as DescribeTable (and CreateTable, UpdateTable) answer it. */
  describe(table: TableDescription): TableDescription {
    const settings = this.settings.get(table.TableName);
    return {
      ...table,
      DeletionProtectionEnabled: settings?.deletionProtection ?? false,
      ...(settings?.stream ?? {}),
      ...(settings?.sse ? { SSEDescription: settings.sse } : {}),
    };
  }
}
