import { awsJson } from '../../protocols/aws-json';
import { defineService } from '../service-definition';
import { AthenaProvider } from './provider';
import { athenaResourceTypes } from './resources';

export const athenaService = defineService({
  name: 'athena',
  protocol: awsJson({ version: '1.1', targetPrefix: 'AmazonAthena', messageKey: 'Message' }),
  create: ({ region, accountId, stores, faults, workDirectory, settings }) =>
    new AthenaProvider({
      region,
      accountId,
      objects: stores.objects,
      catalog: stores.catalog,
      faults,
      workDirectory,
      engineMemoryLimit: settings.engineMemoryLimit,
    }),
  resourceTypes: athenaResourceTypes,
});
