import { awsJson } from '../../protocols/aws-json';
import { deliveryFailureReporter } from '../../stores/logs/delivery-failures';
import { defineService } from '../service-definition';
import { EventsProvider } from './provider';
import { eventsResourceTypes } from './resources';

export const eventsService = defineService({
  name: 'events',
  protocol: awsJson({ version: '1.1', targetPrefix: 'AWSEvents', messageKey: 'message' }),
  create: ({ region, accountId, services, stores }) =>
    new EventsProvider({ region, accountId, services, report: deliveryFailureReporter(stores.logs, 'events') }),
  resourceTypes: eventsResourceTypes,
});
