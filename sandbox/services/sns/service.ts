import { awsQuery } from '../../protocols/aws-query';
import { deliveryFailureReporter } from '../../stores/logs/delivery-failures';
import { defineService } from '../service-definition';
import { SnsProvider } from './provider';
import { snsResourceTypes } from './resources';

export const snsService = defineService({
  name: 'sns',
  protocol: awsQuery({ xmlNamespace: 'http://sns.amazonaws.com/doc/2010-03-31/', maps: ['Attributes', 'MessageAttributes'] }),
  create: ({ region, accountId, services, endpoint, stores }) =>
    new SnsProvider({ region, accountId, services, endpoint, report: deliveryFailureReporter(stores.logs, 'sns') }),
  resourceTypes: snsResourceTypes,
});
