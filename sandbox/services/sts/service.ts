import { awsQuery } from '../../protocols/aws-query';
import { defineService } from '../service-definition';
import { StsProvider } from './provider';

export const stsService = defineService({
  name: 'sts',
  protocol: awsQuery({ xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/' }),
  create: () => new StsProvider(),
});
