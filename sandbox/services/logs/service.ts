import { awsJson } from '../../protocols/aws-json';
import { defineService } from '../service-definition';
import { LogsProvider } from './provider';
import { logsResourceTypes } from './resources';

export const logsService = defineService({
  name: 'logs',
  protocol: awsJson({ version: '1.1', targetPrefix: 'Logs_20140328', messageKey: 'message' }),
  create: ({ stores, region }) => new LogsProvider(stores.logs, region),
  resourceTypes: logsResourceTypes,
});
