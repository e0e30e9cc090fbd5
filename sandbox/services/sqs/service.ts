import { defineService } from '../service-definition';
import { SqsProvider } from './provider';
import { sqsResourceTypes } from './resources';
import { sqsProtocol } from './wire-binding';

export const sqsService = defineService({
  name: 'sqs',
  protocol: sqsProtocol,
  create: ({ region, accountId, endpoint }) => new SqsProvider({ region, accountId, endpoint }),
  resourceTypes: sqsResourceTypes,
});
