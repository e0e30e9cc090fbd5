import { AwsError } from '../../core/aws-error';

/** S3's answer for a bucket that does not exist: the store's own writes refuse with it too. */
export class NoSuchBucket extends AwsError {
  constructor(bucket: string) {
    super('NoSuchBucket', 'The specified bucket does not exist', 404, true, { BucketName: bucket });
  }
}
