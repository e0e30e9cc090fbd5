// Moves a rejected file from the landing bucket to the quarantine bucket, keeping the reasons.
import { S3Client, CopyObjectCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';

const s3 = new S3Client({});

export const handler = async (event) => {
  const { bucket, key, errors = [] } = event;
  const quarantineBucket = process.env.QUARANTINE_BUCKET;
  const quarantineKey = `positions/${key.slice(key.lastIndexOf('/') + 1)}`;
  const reason = `${errors.length} validation error(s)${errors.length ? `; first: line ${errors[0].line}: ${errors[0].message}` : ''}`;
  await s3.send(
    new CopyObjectCommand({
      Bucket: quarantineBucket,
      Key: quarantineKey,
      CopySource: `${bucket}/${encodeURIComponent(key).replace(/%2F/g, '/')}`,
      MetadataDirective: 'REPLACE',
      Metadata: { 'rejection-reason': reason.slice(0, 1000) },
      ContentType: 'text/csv',
    }),
  );
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  console.log(`quarantined s3://${bucket}/${key} to s3://${quarantineBucket}/${quarantineKey}: ${reason}`);
  return { quarantineBucket, quarantineKey, reason };
};
