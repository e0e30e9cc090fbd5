import type { WorkGroupConfiguration } from '@aws-sdk/client-athena';
import type { ResourceType } from '../resource-type';
import { optionalString, requireString } from '../resource-type';

export const athenaWorkGroup: ResourceType = {
  type: 'AWS::Athena::WorkGroup',
  async create(properties, context) {
    const name = requireString(properties, 'Name', context);
    await context.sandbox.athena.createWorkGroup({
      Name: name,
      Description: optionalString(properties, 'Description'),
      Configuration: properties.WorkGroupConfiguration as WorkGroupConfiguration | undefined,
    });
    return { ref: name, attributes: { CreationTime: new Date().toISOString() } };
  },
};
