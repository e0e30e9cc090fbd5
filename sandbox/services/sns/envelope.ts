import { createHash, randomBytes } from 'node:crypto';

/** A message attribute as SNS takes it (Publish's MessageAttributes). */
export interface SnsMessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Uint8Array;
}

export interface Notification {
  messageId: string;
  topicArn: string;
  subject?: string;
  message: string;
  timestamp: Date;
  messageAttributes: Record<string, SnsMessageAttribute>;
  sequenceNumber?: string;
}

export interface EnvelopeLinks {
  subscriptionArn: string;
  /** Where the sandbox serves SNS (the unsubscribe link points back at it). */
  endpoint: string;
  region: string;
}

/**
 * The JSON document SNS delivers to an SQS queue (and, with other field names, to Lambda), in
 * AWS's field order. Fidelity gap: the signature is random bytes, not an RSA signature over the
 * message; the unsubscribe URL points at the sandbox.
 */
export function sqsEnvelope(notification: Notification, links: EnvelopeLinks): Record<string, unknown> {
  const envelope: Record<string, unknown> = {
    Type: 'Notification',
    MessageId: notification.messageId,
    SequenceNumber: notification.sequenceNumber,
    TopicArn: notification.topicArn,
    Subject: notification.subject,
    Message: notification.message,
    Timestamp: notification.timestamp.toISOString(),
    SignatureVersion: '1',
    Signature: signature(),
    SigningCertURL: signingCertUrl(links.region),
    UnsubscribeURL: unsubscribeUrl(links),
  };
  const attributes = envelopeAttributes(notification.messageAttributes);
  if (Object.keys(attributes).length > 0) envelope.MessageAttributes = attributes;
  for (const key of Object.keys(envelope)) if (envelope[key] === undefined) delete envelope[key];
  return envelope;
}

/** The event a Lambda subscriber is invoked with. */
export function lambdaEvent(notification: Notification, links: EnvelopeLinks): Record<string, unknown> {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: links.subscriptionArn,
        Sns: {
          Type: 'Notification',
          MessageId: notification.messageId,
          TopicArn: notification.topicArn,
          Subject: notification.subject ?? null,
          Message: notification.message,
          Timestamp: notification.timestamp.toISOString(),
          SignatureVersion: '1',
          Signature: signature(),
          SigningCertUrl: signingCertUrl(links.region),
          UnsubscribeUrl: unsubscribeUrl(links),
          MessageAttributes: envelopeAttributes(notification.messageAttributes),
        },
      },
    ],
  };
}

/** `{name: {Type, Value}}`; binary values base64. */
function envelopeAttributes(attributes: Record<string, SnsMessageAttribute>): Record<string, { Type: string; Value: string }> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name,
      { Type: value.DataType, Value: value.BinaryValue ? Buffer.from(value.BinaryValue).toString('base64') : (value.StringValue ?? '') },
    ]),
  );
}

function signature(): string {
  return randomBytes(256).toString('base64');
}

function signingCertUrl(region: string): string {
  const digest = createHash('md5').update(region).digest('hex');
  return `https://sns.${region}.amazonaws.com/SimpleNotificationService-${digest}.pem`;
}

function unsubscribeUrl(links: EnvelopeLinks): string {
  return `${links.endpoint}/?Action=Unsubscribe&SubscriptionArn=${links.subscriptionArn}`;
}
