import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import {
  S3Client,
  CreateBucketCommand,
  PutObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  CopyObjectCommand,
  NoSuchKey,
  NoSuchBucket,
  NotFound,
  paginateListObjectsV2,
  GetObjectTaggingCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { startSandbox, loadParity } from '../helpers/sandbox';
import type { Sandbox } from '../../sandbox/sandbox';

describe('S3 through the unmodified SDK client', () => {
  let sandbox: Sandbox;
  let s3: S3Client;

  before(async () => {
    const started = await startSandbox();
    sandbox = started.sandbox;
    s3 = new S3Client(started.config);
    await s3.send(new CreateBucketCommand({ Bucket: 'landing' }));
  });
  after(async () => {
    s3.destroy();
    await sandbox.stop();
  });

  it('stores a streamed upload sent with the default checksums (aws-chunked) byte for byte', async () => {
    const body = Buffer.from('account_id,quantity\nA-1,100\n'.repeat(5000));
    const stream = Readable.from([body.subarray(0, 70_000), body.subarray(70_000)]);
    const put = await s3.send(
      new PutObjectCommand({ Bucket: 'landing', Key: 'stream/positions.csv', Body: stream, ContentLength: body.length }),
    );
    assert.match(put.ETag ?? '', /^"[0-9a-f]{32}"$/);
    assert.ok(put.ChecksumCRC32, 'S3 echoes the checksum it verified');
    const got = await s3.send(new GetObjectCommand({ Bucket: 'landing', Key: 'stream/positions.csv' }));
    assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), body);
    assert.equal(got.ContentLength, body.length);
  });

  it('rejects an upload whose checksum does not match its bytes', async () => {
    await assert.rejects(
      s3.send(new PutObjectCommand({ Bucket: 'landing', Key: 'bad.txt', Body: 'hello', ChecksumCRC32: 'AAAAAA==' })),
      (error: S3ServiceException) => error.name === 'BadDigest',
    );
  });

  it('answers GetObject like S3 (parity: get-object-nosuchkey)', async () => {
    const parity = await loadParity<{ response: Record<string, unknown>; 'wrong-case-key': { Error: Record<string, string> } }>(
      's3/get-object-nosuchkey.json',
    );
    await s3.send(new PutObjectCommand({ Bucket: 'landing', Key: 'camelCaseKey', Body: 'something' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'landing', Key: 'camelCaseKey' }));
    assert.equal(await got.Body!.transformToString(), parity.response.Body);
    assert.equal(got.ETag, parity.response.ETag);
    assert.equal(got.ChecksumCRC32, parity.response.ChecksumCRC32);
    assert.equal(got.ChecksumType, parity.response.ChecksumType);
    assert.equal(got.ServerSideEncryption, parity.response.ServerSideEncryption);
    assert.equal(got.AcceptRanges, parity.response.AcceptRanges);
    const missing = await s3.send(new GetObjectCommand({ Bucket: 'landing', Key: 'camelcasekey' })).catch((error: unknown) => error);
    assert.ok(missing instanceof NoSuchKey);
    assert.equal(missing.message, parity['wrong-case-key'].Error.Message);
    assert.equal(missing.$metadata.httpStatusCode, 404);
  });

  it('answers HeadObject of a missing key with a bodiless 404 (parity: head-object-404)', async () => {
    const error = await s3.send(new HeadObjectCommand({ Bucket: 'landing', Key: 'nope' })).catch((e: unknown) => e);
    assert.ok(error instanceof NotFound);
    assert.equal(error.$metadata.httpStatusCode, 404);
  });

  it('answers NoSuchBucket for a bucket that does not exist', async () => {
    const error = await s3.send(new ListObjectsV2Command({ Bucket: 'missing-bucket' })).catch((e: unknown) => e);
    assert.ok(error instanceof NoSuchBucket);
  });

  it('pages a listing with continuation tokens (parity: list-objects-v2-pagination)', async () => {
    const parity = await loadParity<Record<string, Record<string, unknown>>>('s3/list-objects-v2-pagination.json');
    await s3.send(new CreateBucketCommand({ Bucket: 'paging' }));
    for (let i = 0; i < 12; i++) await s3.send(new PutObjectCommand({ Bucket: 'paging', Key: `test_${i}`, Body: 'hello world' }));
    const first = await s3.send(new ListObjectsV2Command({ Bucket: 'paging', MaxKeys: 5 }));
    const expected = parity['list-objects-v2-max-5'];
    assert.ok(expected, 'the recording holds the first page of five');
    assert.deepEqual(
      first.Contents?.map((c) => c.Key),
      (expected.Contents as Array<{ Key: string }>).map((c) => c.Key),
    );
    assert.equal(first.IsTruncated, true);
    assert.equal(first.KeyCount, 5);
    assert.equal(first.MaxKeys, 5);
    assert.ok(first.NextContinuationToken);
    const keys: string[] = [];
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 5 }, { Bucket: 'paging' }))
      keys.push(...(page.Contents ?? []).map((c) => c.Key!));
    assert.equal(keys.length, 12);
    assert.deepEqual(keys, [...keys].sort());
    const bad = await s3
      .send(new ListObjectsV2Command({ Bucket: 'paging', ContinuationToken: 'bogus' }))
      .catch((e: unknown) => e as S3ServiceException);
    assert.equal((bad as S3ServiceException).name, 'InvalidArgument');
    assert.equal((bad as S3ServiceException).message, 'The continuation token provided is incorrect');
  });

  it('rolls keys up into common prefixes with a delimiter, across pages', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'prefixes' }));
    for (const key of ['a/1', 'a/2', 'b/1', 'c', 'd/x/1']) await s3.send(new PutObjectCommand({ Bucket: 'prefixes', Key: key, Body: 'x' }));
    const all = await s3.send(new ListObjectsV2Command({ Bucket: 'prefixes', Delimiter: '/' }));
    assert.deepEqual(
      all.CommonPrefixes?.map((p) => p.Prefix),
      ['a/', 'b/', 'd/'],
    );
    assert.deepEqual(
      all.Contents?.map((c) => c.Key),
      ['c'],
    );
    assert.equal(all.KeyCount, 4);
    const seen: string[] = [];
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 1 }, { Bucket: 'prefixes', Delimiter: '/' })) {
      seen.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix!), ...(page.Contents ?? []).map((c) => c.Key!));
    }
    assert.deepEqual(seen, ['a/', 'b/', 'c', 'd/']);
  });

  it('uploads 20 MB in parts through lib-storage and reads it back intact', async () => {
    const body = Buffer.alloc(20 * 1024 * 1024);
    for (let i = 0; i < body.length; i += 4) body.writeUInt32LE(i, i);
    const upload = new Upload({ client: s3, params: { Bucket: 'landing', Key: 'big/blob.bin', Body: body }, partSize: 5 * 1024 * 1024 });
    const result = await upload.done();
    assert.match(result.ETag ?? '', /-4"$/);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'landing', Key: 'big/blob.bin' }));
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    assert.equal(bytes.length, body.length);
    assert.ok(bytes.equals(body));
  });

  it('copies, tags, ranges and deletes objects (single and batch)', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'landing', Key: 'src.txt', Body: '0123456789', Tagging: 'postflight-run=r1' }));
    await s3.send(new CopyObjectCommand({ Bucket: 'landing', Key: 'copy.txt', CopySource: 'landing/src.txt' }));
    const ranged = await s3.send(new GetObjectCommand({ Bucket: 'landing', Key: 'copy.txt', Range: 'bytes=2-4' }));
    assert.equal(await ranged.Body!.transformToString(), '234');
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: 'landing', Key: 'copy.txt' }));
    assert.deepEqual(tags.TagSet, [{ Key: 'postflight-run', Value: 'r1' }]);
    await s3.send(new DeleteObjectCommand({ Bucket: 'landing', Key: 'copy.txt' }));
    const batch = await s3.send(
      new DeleteObjectsCommand({ Bucket: 'landing', Delete: { Objects: [{ Key: 'src.txt' }, { Key: 'never-existed' }] } }),
    );
    assert.deepEqual(batch.Deleted?.map((d) => d.Key).sort(), ['never-existed', 'src.txt']);
    const left = await s3.send(new ListObjectsV2Command({ Bucket: 'landing', Prefix: 's' }));
    assert.deepEqual(left.Contents?.map((c) => c.Key) ?? [], ['stream/positions.csv']);
  });
});
