// Turns a validated positions CSV into Parquet in the curated bucket, partitioned by as_of_date.
import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import { ByteWriter, parquetWrite } from 'hyparquet-writer';

const s3 = new S3Client({});

class TransientError extends Error {
  constructor(message) {
    super(message);
    this.name = 'TransientError';
  }
}

/**
 * Event: `{ bucket, key }` when invoked directly, or `{ request: { bucket, key, simulate? }, attempt }`
 * from the state machine. `simulate.transientFailures: N` is a test hook of this sample system:
 * the first N attempts fail with TransientError, so that retries can be observed on AWS too.
 */
export const handler = async (event) => {
  const request = event.request ?? event;
  const attempt = Number(event.attempt ?? 0);
  const transientFailures = Number(request.simulate?.transientFailures ?? 0);
  if (attempt < transientFailures)
    throw new TransientError(`simulated transient failure on attempt ${attempt + 1} of ${transientFailures + 1}`);

  const { bucket, key } = request;
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const records = parse(await object.Body.transformToString(), { columns: true, skip_empty_lines: true, trim: true });
  const asOfDate = /(?:^|\/)date=(\d{4}-\d{2}-\d{2})\//.exec(key)?.[1] ?? new Date().toISOString().slice(0, 10);
  const baseName = key.slice(key.lastIndexOf('/') + 1).replace(/\.csv$/i, '');
  const outputBucket = process.env.CURATED_BUCKET;
  const outputKey = `positions/as_of_date=${asOfDate}/${baseName}.parquet`;
  const ingestedAt = new Date();

  const writer = new ByteWriter();
  parquetWrite({
    writer,
    columnData: [
      { name: 'position_id', data: records.map((r) => `${r.account_id}:${r.security_id}`) },
      { name: 'account_id', data: records.map((r) => r.account_id) },
      { name: 'security_id', data: records.map((r) => r.security_id) },
      { name: 'quantity', data: records.map((r) => BigInt(r.quantity)) },
      { name: 'market_value', data: records.map((r) => unscaledCents(r.market_value)) },
      { name: 'currency', data: records.map((r) => r.currency) },
      { name: 'source_file', data: records.map(() => `s3://${bucket}/${key}`) },
      { name: 'ingested_at', data: records.map(() => ingestedAt) },
    ],
    schema: [
      { name: 'schema', num_children: 8 },
      { name: 'position_id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      { name: 'account_id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      { name: 'security_id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      { name: 'quantity', type: 'INT64', repetition_type: 'OPTIONAL' },
      { name: 'market_value', type: 'INT64', converted_type: 'DECIMAL', precision: 18, scale: 2, repetition_type: 'OPTIONAL' },
      { name: 'currency', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      { name: 'source_file', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      { name: 'ingested_at', type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type: 'OPTIONAL' },
    ],
  });
  await s3.send(new PutObjectCommand({ Bucket: outputBucket, Key: outputKey, Body: new Uint8Array(writer.getBuffer()) }));
  console.log(`wrote ${records.length} rows to s3://${outputBucket}/${outputKey}`);
  return { outputBucket, outputKey, recordCount: records.length, rowCount: records.length, asOfDate };
};

/** "18934.5" → 1893450n: decimals travel as unscaled integers, never through floats. */
function unscaledCents(amount) {
  const [whole, fraction = ''] = amount.split('.');
  const negative = whole.startsWith('-');
  const cents = BigInt(whole.replace('-', '')) * 100n + BigInt((fraction + '00').slice(0, 2));
  return negative ? -cents : cents;
}
