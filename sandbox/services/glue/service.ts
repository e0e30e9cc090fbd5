import { awsJson } from '../../protocols/aws-json';
import { defineService } from '../service-definition';
import { GlueProvider } from './provider';
import { glueResourceTypes } from './resources';

export const glueService = defineService({
  name: 'glue',
  protocol: awsJson({ version: '1.1', targetPrefix: 'AWSGlue', messageKey: 'Message' }),
  create: ({ stores }) => new GlueProvider(stores.catalog),
  resourceTypes: glueResourceTypes,
});
