import { defineOptimizedIntegration, jsonProtocolHeaders } from './optimized';

/**
 * `arn:aws:states:::sqs:sendMessage[.waitForTaskToken]`. A MessageBody that is not a string is
 * sent as its JSON text. A QueueUrl that is not a URL fails as the AWS SDK for Java fails to
 * reach its host (recorded: test_send_message_no_such_queue).
 */
export const sqsIntegration = defineOptimizedIntegration({
  name: 'sqs',
  service: 'sqs',
  errors: {
    prefix: 'SQS',
    sdkName: 'AmazonSQS',
    baseException: 'AmazonSQSException',
    modeled: {
      'AWS.SimpleQueueService.NonExistentQueue': 'QueueDoesNotExistException',
      QueueDoesNotExist: true,
      InvalidMessageContents: true,
      'AWS.SimpleQueueService.UnsupportedOperation': 'UnsupportedOperationException',
      InvalidAttributeName: true,
      'AWS.SimpleQueueService.InvalidBatchEntryId': 'InvalidBatchEntryIdException',
      KmsDisabled: true,
      KmsNotFound: true,
      KmsAccessDenied: true,
      RequestThrottled: true,
    },
  },
  actions: {
    sendMessage: {
      operation: 'SendMessage',
      members: [
        'QueueUrl',
        'MessageBody',
        'DelaySeconds',
        'MessageAttributes',
        'MessageSystemAttributes',
        'MessageDeduplicationId',
        'MessageGroupId',
      ],
      jsonText: ['MessageBody'],
      patterns: ['waitForTaskToken'],
    },
  },
  prepare: (request) => {
    const url = request.QueueUrl;
    if (typeof url === 'string' && !/^https?:\/\//.test(url)) {
      throw new Error(`Unable to execute HTTP request: ${url.split('/')[0]}: Name or service not known`);
    }
    return request;
  },
  headers: jsonProtocolHeaders,
});
