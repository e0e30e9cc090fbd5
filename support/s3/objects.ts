import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, NoSuchKey, NotFound, PutObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { AwsClients } from '../aws/clients';
import type { S3Location } from '../../model/locations';
import type { WriteLedger } from '../cleanup/write-ledger';
import type { ResolvedEnvironment } from '../../model/environment/environment';
import { assertWritable } from '../guards/write-guard';

/** Tags on every object postflight writes: how `postflight cleanup` recognises its own. */
export const RUN_TAG = 'postflight-run-id';
export const SCENARIO_TAG = 'postflight-scenario-id';

const MULTIPART_THRESHOLD = 8 * 1024 * 1024;

export interface WriteIdentity {
  runId: string;
  scenarioId: string;
}

/** Writes an object, tagged with the run, and records it so that it is removed after the scenario. */
export async function writeObject(
  clients: AwsClients,
  ledger: WriteLedger,
  environment: ResolvedEnvironment,
  location: S3Location,
  body: Buffer | string,
  identity: WriteIdentity,
  contentType = contentTypeFor(location.key),
): Promise<void> {
  assertWritable(environment, location);
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const tagging = `${RUN_TAG}=${encodeURIComponent(identity.runId)}&${SCENARIO_TAG}=${encodeURIComponent(identity.scenarioId)}`;
  // Recorded before the call: a write that fails half-way is still cleaned up.
  ledger.recordObject(location);
  const params = { Bucket: location.bucket, Key: location.key, Body: bytes, ContentType: contentType, Tagging: tagging };
  if (bytes.length > MULTIPART_THRESHOLD) await new Upload({ client: clients.s3, params }).done();
  else await clients.s3.send(new PutObjectCommand(params));
}

export async function readObject(clients: AwsClients, location: S3Location): Promise<Buffer> {
  const response = await clients.s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
  return Buffer.from(await response.Body!.transformToByteArray());
}

/** Whether an object exists; a location ending in `/` means "any object under this prefix". */
export async function findObjects(clients: AwsClients, location: S3Location): Promise<string[]> {
  if (location.key === '' || location.key.endsWith('/')) {
    const listed = await clients.s3.send(new ListObjectsV2Command({ Bucket: location.bucket, Prefix: location.key, MaxKeys: 1000 }));
    return (listed.Contents ?? []).map((object) => object.Key!).filter((key) => key !== location.key);
  }
  try {
    await clients.s3.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }));
    return [location.key];
  } catch (error) {
    if (error instanceof NotFound || error instanceof NoSuchKey) return [];
    throw error;
  }
}

export function contentTypeFor(key: string): string {
  if (/\.csv(\.gz)?$/i.test(key)) return 'text/csv';
  if (/\.(json|jsonl|ndjson)$/i.test(key)) return 'application/json';
  if (/\.parquet$/i.test(key)) return 'application/vnd.apache.parquet';
  if (/\.txt$/i.test(key)) return 'text/plain';
  return 'application/octet-stream';
}
