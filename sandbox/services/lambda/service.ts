import { defineService } from '../service-definition';
import { LambdaProvider } from './provider';
import { lambdaResourceTypes } from './resources';
import { lambdaRestJson } from './rest-binding';

export const lambdaService = defineService({
  name: 'lambda',
  protocol: lambdaRestJson,
  create: ({ region, accountId, endpoint, stores, faults, workDirectory }) =>
    new LambdaProvider({ region, accountId, endpoint, logs: stores.logs, faults, workDirectory }),
  resourceTypes: lambdaResourceTypes,
});
