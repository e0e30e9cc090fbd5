import { createHash } from 'node:crypto';
import type { MessageAttributeValue } from '@aws-sdk/client-sqs';

export function md5OfText(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/**
 * SQS's MD5 of message attributes: for each attribute in name order, the name, the data type,
 * a transport byte (1 string, 2 binary) and the value, each length-prefixed (4 bytes, big-endian).
 * Clients check it against their own (the SDKs refuse a receive whose digest differs).
 */
export function md5OfMessageAttributes(attributes: Record<string, MessageAttributeValue>): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const hash = createHash('md5');
  const field = (bytes: Buffer): void => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length);
    hash.update(bytes);
  };
  for (const name of names) {
    const attribute = attributes[name]!;
    const dataType = attribute.DataType ?? 'String';
    field(Buffer.from(name, 'utf8'));
    field(Buffer.from(dataType, 'utf8'));
    if (dataType.startsWith('Binary')) {
      hash.update(Buffer.from([2]));
      field(Buffer.from(attribute.BinaryValue ?? new Uint8Array()));
    } else {
      hash.update(Buffer.from([1]));
      field(Buffer.from(attribute.StringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}
