import type { DatabaseInput, PartitionInput, TableInput } from '@aws-sdk/client-glue';
import { ResourceError, requireString, type ResourceType } from '../../core/resource-type';
import type { GlueProvider } from './provider';

export function glueResourceTypes(glue: GlueProvider): ResourceType[] {
  return [
    {
      type: 'AWS::Glue::Database',
      create(properties, context) {
        const input = (properties.DatabaseInput ?? {}) as DatabaseInput;
        const name = input.Name ?? context.generatedName({ lowerCase: true }).replace(/-/g, '_');
        glue.createDatabase({ DatabaseInput: { ...input, Name: name } });
        return { ref: name, attributes: {} };
      },
    },
    {
      type: 'AWS::Glue::Table',
      create(properties, context) {
        const databaseName = requireString(properties, 'DatabaseName', context);
        const tableInput = properties.TableInput as TableInput | undefined;
        if (!tableInput?.Name) throw new ResourceError(`Resource ${context.logicalId}: TableInput.Name is required.`);
        glue.createTable({ DatabaseName: databaseName, TableInput: tableInput });
        return { ref: tableInput.Name, attributes: {} };
      },
    },
    {
      type: 'AWS::Glue::Partition',
      create(properties, context) {
        const partitionInput = properties.PartitionInput as PartitionInput | undefined;
        if (!partitionInput?.Values) throw new ResourceError(`Resource ${context.logicalId}: PartitionInput.Values is required.`);
        glue.createPartition({
          DatabaseName: requireString(properties, 'DatabaseName', context),
          TableName: requireString(properties, 'TableName', context),
          PartitionInput: partitionInput,
        });
        return { ref: partitionInput.Values.join('|'), attributes: {} };
      },
    },
  ];
}
