import { awsJson } from '../../protocols/aws-json';
import { defineService } from '../service-definition';
import { StepFunctionsProvider } from './provider';
import { stepFunctionsResourceTypes } from './resources';

export const stepFunctionsService = defineService({
  name: 'states',
  protocol: awsJson({ version: '1.0', targetPrefix: 'AWSStepFunctions', messageKey: 'message' }),
  create: ({ region, accountId, services, served, settings }) =>
    new StepFunctionsProvider({
      region,
      accountId,
      services,
      served,
      timeScale: settings.timeScale,
      stepFunctions: settings.stepFunctions,
    }),
  resourceTypes: stepFunctionsResourceTypes,
});
