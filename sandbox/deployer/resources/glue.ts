import type { TableInput, DatabaseInput, PartitionInput } from '@aws-sdk/client-glue';
import type { ResourceType } from '../resource-type';
import { ResourceError, requireString } from '../resource-type';

export const glueDatabase: ResourceType = {
  type: 'AWS::Glue::Database',
  async create(properties, context) {
    const input = (properties.DatabaseInput ?? {}) as DatabaseInput;
    const name = input.Name ?? context.generatedName({ lowerCase: true }).replace(/-/g, '_');
    await context.sandbox.glue.createDatabase({ DatabaseInput: { ...input, Name: name } });
    return { ref: name, attributes: {} };
  },
};

export const glueTable: ResourceType = {
  type: 'AWS::Glue::Table',
  async create(properties, context) {
    const databaseName = requireString(properties, 'DatabaseName', context);
    const tableInput = properties.TableInput as TableInput | undefined;
    if (!tableInput?.Name) throw new ResourceError(`Resource ${context.logicalId}: TableInput.Name is required.`);
    await context.sandbox.glue.createTable({ DatabaseName: databaseName, TableInput: tableInput });
    return { ref: tableInput.Name, attributes: {} };
  },
};

export const gluePartition: ResourceType = {
  type: 'AWS::Glue::Partition',
  async create(properties, context) {
    const partitionInput = properties.PartitionInput as PartitionInput | undefined;
    if (!partitionInput?.Values) throw new ResourceError(`Resource ${context.logicalId}: PartitionInput.Values is required.`);
    await context.sandbox.glue.createPartition({
      DatabaseName: requireString(properties, 'DatabaseName', context),
      TableName: requireString(properties, 'TableName', context),
      PartitionInput: partitionInput,
    });
    return { ref: partitionInput.Values.join('|'), attributes: {} };
  },
};
