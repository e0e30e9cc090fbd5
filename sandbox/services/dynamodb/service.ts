import { awsJson } from '../../protocols/aws-json';
import { defineService } from '../service-definition';
import { DynamoDbProvider } from './provider';
import { dynamoDbResourceTypes } from './resources';

export const dynamoDbService = defineService({
  name: 'dynamodb',
  protocol: awsJson({ version: '1.0', targetPrefix: 'DynamoDB_20120810', messageKey: 'message' }),
  create: ({ region, accountId }) => new DynamoDbProvider({ region, accountId }),
  resourceTypes: dynamoDbResourceTypes,
});
