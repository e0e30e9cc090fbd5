import type { WorkGroupConfiguration } from '@aws-sdk/client-athena';
import { optionalString, requireString, type ResourceType } from '../../core/resource-type';
import type { AthenaProvider } from './provider';

export function athenaResourceTypes(athena: AthenaProvider): ResourceType[] {
  return [
    {
      type: 'AWS::Athena::WorkGroup',
      async create(properties, context) {
        const name = requireString(properties, 'Name', context);
        await athena.createWorkGroup({
          Name: name,
          Description: optionalString(properties, 'Description'),
          Configuration: properties.WorkGroupConfiguration as WorkGroupConfiguration | undefined,
        });
        return { ref: name, attributes: { CreationTime: new Date().toISOString() } };
      },
    },
  ];
}
