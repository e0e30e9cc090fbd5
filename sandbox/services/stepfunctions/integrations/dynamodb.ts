import { crc32 } from 'node:zlib';
import { defineOptimizedIntegration } from './optimized';

const COMMON = ['TableName', 'ExpressionAttributeNames', 'ReturnConsumedCapacity'];
const WRITE = [
  ...COMMON,
  'ConditionExpression',
  'ConditionalOperator',
  'Expected',
  'ExpressionAttributeValues',
  'ReturnItemCollectionMetrics',
  'ReturnValues',
  'ReturnValuesOnConditionCheckFailure',
];

/**
 * `arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem`: the item APIs, answered with
 * the headers DynamoDB sends (its `x-amz-crc32` the body's CRC32). Errors are the SDK's:
 * `DynamoDB.ConditionalCheckFailedException`, `DynamoDB.ResourceNotFoundException`, and
 * `DynamoDB.AmazonDynamoDBException` for a ValidationException (recorded).
 */
export const dynamoDbIntegration = defineOptimizedIntegration({
  name: 'dynamodb',
  service: 'dynamodb',
  errors: {
    prefix: 'DynamoDB',
    sdkName: 'AmazonDynamoDBv2',
    baseException: 'AmazonDynamoDBException',
    modeled: {
      ConditionalCheckFailedException: true,
      ProvisionedThroughputExceededException: true,
      ResourceNotFoundException: true,
      ItemCollectionSizeLimitExceededException: true,
      TransactionConflictException: true,
      RequestLimitExceeded: true,
      InternalServerError: true,
      ResourceInUseException: true,
      LimitExceededException: true,
    },
  },
  actions: {
    getItem: { operation: 'GetItem', members: [...COMMON, 'Key', 'AttributesToGet', 'ConsistentRead', 'ProjectionExpression'] },
    putItem: { operation: 'PutItem', members: [...WRITE, 'Item'] },
    updateItem: { operation: 'UpdateItem', members: [...WRITE, 'Key', 'AttributeUpdates', 'UpdateExpression'] },
    deleteItem: { operation: 'DeleteItem', members: [...WRITE, 'Key'] },
  },
  headers: ({ requestId, body, action }) => ({
    Server: 'Server',
    Connection: 'keep-alive',
    // As recorded: GetItem's request id header is lower-case, the others' not.
    [action === 'getItem' ? 'x-amzn-requestid' : 'x-amzn-RequestId']: requestId,
    'x-amz-crc32': String(crc32(body)),
    'Content-Length': String(Buffer.byteLength(body)),
    Date: new Date().toUTCString(),
    'Content-Type': 'application/x-amz-json-1.0',
  }),
});
