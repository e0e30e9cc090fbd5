import { InvalidAttributeName, InvalidAttributeValue, InvalidParameterValue, invalidParameter } from './errors';

/** The attributes a caller may set, with SQS's defaults (FIFO-only ones apart). */
const SETTABLE_DEFAULTS: Record<string, string> = {
  DelaySeconds: '0',
  MaximumMessageSize: '1048576',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  VisibilityTimeout: '30',
  SqsManagedSseEnabled: 'true',
};
const OTHER_SETTABLE = ['Policy', 'RedrivePolicy', 'RedriveAllowPolicy', 'KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds'];
const FIFO_DEFAULTS: Record<string, string> = {
  FifoQueue: 'true',
  ContentBasedDeduplication: 'false',
  DeduplicationScope: 'queue',
  FifoThroughputLimit: 'perQueue',
};

/** Attributes SQS computes; GetQueueAttributes answers them, SetQueueAttributes refuses them. */
export const COMPUTED_ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesDelayed',
  'ApproximateNumberOfMessagesNotVisible',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
] as const;

const INTEGER_RANGES: Record<string, [number, number]> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 1048576],
  MessageRetentionPeriod: [60, 1209600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43200],
  KmsDataKeyReusePeriodSeconds: [60, 86400],
};

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

/** The attributes of a new queue: SQS's defaults under the caller's, checked. */
export function initialAttributes(name: string, given: Record<string, string>): Record<string, string> {
  const fifo = name.endsWith('.fifo');
  if (given.FifoQueue !== undefined && given.FifoQueue !== 'true' && given.FifoQueue !== 'false') {
    throw new InvalidAttributeValue('FifoQueue', 'Must be true or false.');
  }
  if (given.FifoQueue === 'true' && !fifo) {
    throw new InvalidParameterValue(
      'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
    );
  }
  if (fifo && given.FifoQueue !== 'true') {
    throw invalidParameter(name, 'QueueName', 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
  }
  const attributes = { ...SETTABLE_DEFAULTS, ...(fifo ? FIFO_DEFAULTS : {}) };
  for (const [key, value] of Object.entries(given)) {
    if (key === 'FifoQueue') {
      if (!fifo && value === 'false') continue;
      attributes[key] = value;
      continue;
    }
    checkSettable(key, value, fifo);
    attributes[key] = value;
  }
  return attributes;
}

/** A SetQueueAttributes (or CreateQueue) attribute, checked as SQS checks it. */
export function checkSettable(key: string, value: string, fifo: boolean): void {
  if (key === 'FifoQueue') throw new InvalidAttributeValue('FifoQueue', 'Modifying queue type is not supported.');
  if (key in FIFO_DEFAULTS) {
    if (!fifo) {
      if (key === 'DeduplicationScope' || key === 'FifoThroughputLimit') {
        throw new InvalidAttributeName(`You can specify the ${key} only when FifoQueue is set to true.`);
      }
      throw new InvalidAttributeName(`Unknown Attribute ${key}.`);
    }
    return;
  }
  if (!(key in SETTABLE_DEFAULTS) && !OTHER_SETTABLE.includes(key)) throw new InvalidAttributeName(`Unknown Attribute ${key}.`);
  const range = INTEGER_RANGES[key];
  if (range) {
    const number = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || number < range[0] || number > range[1]) {
      throw new InvalidAttributeValue(key, `Must be an integer from ${range[0]} to ${range[1]}.`);
    }
  }
  if (key === 'RedrivePolicy' && value !== '') parseRedrivePolicy(value);
}

/** `{"deadLetterTargetArn": …, "maxReceiveCount": …}` (the count may be a number or a numeric string). */
export function parseRedrivePolicy(text: string | undefined): RedrivePolicy | undefined {
  if (text === undefined || text === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidAttributeValue('RedrivePolicy', 'Redrive policy is not a valid JSON map.');
  }
  const policy = (parsed ?? {}) as Record<string, unknown>;
  const arn = policy.deadLetterTargetArn;
  const count = Number(policy.maxReceiveCount);
  if (typeof arn !== 'string' || !/^arn:aws[\w-]*:sqs:[\w-]+:\d{12}:[\w-]+(\.fifo)?$/.test(arn)) {
    throw new InvalidAttributeValue('RedrivePolicy', 'Invalid value for deadLetterTargetArn.');
  }
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw new InvalidAttributeValue('RedrivePolicy', 'Invalid value for maxReceiveCount: must be an integer from 1 to 1000.');
  }
  return { deadLetterTargetArn: arn, maxReceiveCount: count };
}

/** Which attributes a GetQueueAttributes call asks for (`All`, or names). */
export function requestedAttributes(names: readonly string[] | undefined, available: readonly string[]): string[] {
  const list = names ?? [];
  if (list.includes('All')) return [...available];
  for (const name of list) {
    if (!available.includes(name) && !(name in SETTABLE_DEFAULTS) && !OTHER_SETTABLE.includes(name) && !(name in FIFO_DEFAULTS)) {
      throw new InvalidAttributeName(`Unknown Attribute ${name}.`);
    }
  }
  return list.filter((name) => available.includes(name));
}
