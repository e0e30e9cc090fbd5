import { awsQuery } from '../../protocols/aws-query';
import { defineService } from '../service-definition';
import { CloudFormationProvider } from './provider';

export const cloudFormationService = defineService({
  name: 'cloudformation',
  protocol: awsQuery({ xmlNamespace: 'http://cloudformation.amazonaws.com/doc/2010-05-15/' }),
  create: ({ stores }) => new CloudFormationProvider(stores.stacks),
});
