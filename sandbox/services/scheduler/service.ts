import { defineService } from '../service-definition';
import { SchedulerProvider } from './provider';
import { schedulerResourceTypes } from './resources';
import { schedulerRestJson } from './rest-binding';

export const schedulerService = defineService({
  name: 'scheduler',
  protocol: schedulerRestJson,
  create: ({ region, accountId, services }) => new SchedulerProvider({ region, accountId, services }),
  resourceTypes: schedulerResourceTypes,
});
