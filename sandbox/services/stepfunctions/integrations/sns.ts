import { defineOptimizedIntegration } from './optimized';

/**
 * `arn:aws:states:::sns:publish[.waitForTaskToken]`. A Message that is not a string is published
 * as its JSON text. SNS answers in XML: the Content-Length recorded is that document's length.
 */
export const snsIntegration = defineOptimizedIntegration({
  name: 'sns',
  service: 'sns',
  errors: {
    prefix: 'SNS',
    sdkName: 'AmazonSNS',
    baseException: 'AmazonSNSException',
    modeled: {
      NotFound: true,
      InvalidParameter: true,
      InvalidParameterValue: true,
      AuthorizationError: true,
      Throttled: true,
      EndpointDisabled: true,
      PlatformApplicationDisabled: true,
      InternalError: true,
      KMSDisabled: true,
      KMSNotFound: true,
      KMSAccessDenied: true,
      InvalidSecurity: true,
      ValidationException: true,
    },
  },
  actions: {
    publish: {
      operation: 'Publish',
      members: [
        'TopicArn',
        'TargetArn',
        'PhoneNumber',
        'Message',
        'Subject',
        'MessageStructure',
        'MessageAttributes',
        'MessageDeduplicationId',
        'MessageGroupId',
      ],
      jsonText: ['Message'],
      patterns: ['waitForTaskToken'],
    },
  },
  wireBody: (response) =>
    [
      '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">',
      '  <PublishResult>',
      `    <MessageId>${String(response.MessageId)}</MessageId>`,
      ...(response.SequenceNumber !== undefined ? [`    <SequenceNumber>${String(response.SequenceNumber)}</SequenceNumber>`] : []),
      '  </PublishResult>',
      '  <ResponseMetadata>',
      `    <RequestId>${'0'.repeat(36)}</RequestId>`,
      '  </ResponseMetadata>',
      '</PublishResponse>',
      '',
    ].join('\n'),
  headers: ({ requestId, body }) => ({
    'x-amzn-RequestId': requestId,
    connection: 'keep-alive',
    'Content-Length': String(Buffer.byteLength(body)),
    Date: new Date().toUTCString(),
    'Content-Type': 'text/xml',
  }),
});
