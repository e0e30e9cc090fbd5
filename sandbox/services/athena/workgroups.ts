import type { CreateWorkGroupCommandInput, WorkGroup, WorkGroupConfiguration } from '@aws-sdk/client-athena';
import { InvalidRequestException } from './errors';

export const ENGINE_VERSION = { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' };

/**
 * Athena workgroups. `primary` always exists and, as in a fresh account, has no result location,
 * so a query without an OutputLocation is refused there.
 */
export class WorkGroups {
  private readonly groups = new Map<string, WorkGroup>();

  constructor() {
    this.create({ Name: 'primary', Description: '' });
  }

  create(input: CreateWorkGroupCommandInput): void {
    if (!input.Name)
      throw InvalidRequestException.invalidInput(
        "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
      );
    if (this.groups.has(input.Name)) throw new InvalidRequestException(`WorkGroup ${input.Name} is already created`, 'INVALID_INPUT');
    const configuration: WorkGroupConfiguration = {
      ...(input.Configuration ?? {}),
      ResultConfiguration: input.Configuration?.ResultConfiguration ?? {},
      EnforceWorkGroupConfiguration: input.Configuration?.EnforceWorkGroupConfiguration ?? false,
      PublishCloudWatchMetricsEnabled: input.Configuration?.PublishCloudWatchMetricsEnabled ?? true,
      RequesterPaysEnabled: input.Configuration?.RequesterPaysEnabled ?? false,
      EngineVersion: ENGINE_VERSION,
      EnableMinimumEncryptionConfiguration: input.Configuration?.EnableMinimumEncryptionConfiguration ?? false,
    };
    this.groups.set(input.Name, {
      Name: input.Name,
      State: 'ENABLED',
      Configuration: configuration,
      Description: input.Description,
      CreationTime: new Date(),
    });
  }

  get(name: string | undefined): WorkGroup {
    const group = this.groups.get(name ?? 'primary');
    if (!group) throw InvalidRequestException.workGroupNotFound();
    return group;
  }

  has(name: string): boolean {
    return this.groups.has(name);
  }

  delete(name: string | undefined): void {
    this.get(name);
    if (name === 'primary') throw InvalidRequestException.invalidInput('Primary workgroup cannot be deleted.');
    this.groups.delete(name!);
  }

  list(): WorkGroup[] {
    return [...this.groups.values()].sort((a, b) => (a.Name! < b.Name! ? -1 : 1));
  }

  /** Where a query's results go: the workgroup's location when it enforces it, else the request's. */
  outputLocation(group: WorkGroup, requested: string | undefined): string | undefined {
    const own = group.Configuration?.ResultConfiguration?.OutputLocation;
    if (own && group.Configuration?.EnforceWorkGroupConfiguration) return own;
    return requested ?? own;
  }
}
