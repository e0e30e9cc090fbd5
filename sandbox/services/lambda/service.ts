import { deliveryFailureReporter } from '../../stores/logs/delivery-failures';
import { defineService } from '../service-definition';
import { LambdaProvider } from './provider';
import { lambdaResourceTypes } from './resources';
import { lambdaRestJson } from './rest-binding';

export const lambdaService = defineService({
  name: 'lambda',
  protocol: lambdaRestJson,
  create: ({ region, accountId, endpoint, stores, faults, workDirectory, services }) =>
    new LambdaProvider({
      region,
      accountId,
      endpoint,
      logs: stores.logs,
      faults,
      workDirectory,
      services,
      report: deliveryFailureReporter(stores.logs, 'lambda'),
    }),
  resourceTypes: lambdaResourceTypes,
});
