import { awsJson } from '../../protocols/aws-json';
import { defineService } from '../service-definition';
import { SsmProvider } from './provider';
import { ssmResourceTypes } from './resources';

export const ssmService = defineService({
  name: 'ssm',
  protocol: awsJson({ version: '1.1', targetPrefix: 'AmazonSSM', messageKey: 'message' }),
  create: ({ region }) => new SsmProvider(region),
  resourceTypes: ssmResourceTypes,
});
