import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { parquetMetadataAsync, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import type { AwsClients } from '../aws/clients';
import { pages } from '../aws/pages';
import type { S3Location } from '../../model/locations';

/** Reads only what is needed to know a file's shape: the first bytes (a header line) or a Parquet footer. */
export async function readHead(clients: AwsClients, location: S3Location, bytes = 65_536): Promise<Buffer> {
  const response = await clients.s3.send(
    new GetObjectCommand({ Bucket: location.bucket, Key: location.key, Range: `bytes=0-${bytes - 1}` }),
  );
  return Buffer.from(await response.Body!.transformToByteArray());
}

export async function readParquetMetadata(clients: AwsClients, location: S3Location): Promise<FileMetaData> {
  const head = await clients.s3.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }));
  const buffer: AsyncBuffer = {
    byteLength: head.ContentLength ?? 0,
    async slice(start: number, end?: number) {
      const last = (end ?? head.ContentLength ?? 0) - 1;
      const response = await clients.s3.send(
        new GetObjectCommand({ Bucket: location.bucket, Key: location.key, Range: `bytes=${start}-${last}` }),
      );
      const bytes = await response.Body!.transformToByteArray();
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
  };
  return parquetMetadataAsync(buffer);
}

/** The first data object under a prefix (Athena skips names starting with `_` or `.`). */
export async function firstObjectUnder(clients: AwsClients, prefix: S3Location): Promise<string | undefined> {
  const listing = pages(
    (token) => clients.s3.send(new ListObjectsV2Command({ Bucket: prefix.bucket, Prefix: prefix.key, ContinuationToken: token })),
    (page) => page.NextContinuationToken,
  );
  for await (const page of listing) {
    const found = (page.Contents ?? [])
      .map((object) => object.Key ?? '')
      .find((key) => {
        const name = key.slice(key.lastIndexOf('/') + 1);
        return name !== '' && !name.startsWith('_') && !name.startsWith('.');
      });
    if (found) return found;
  }
  return undefined;
}
