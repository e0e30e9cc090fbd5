import { AwsError } from '../../core/aws-error';

/** S3 error codes, with the messages S3 answers (see test/parity/s3). */
export { NoSuchBucket } from '../../stores/objects/errors';

export class NoSuchKey extends AwsError {
  constructor(key: string) {
    super('NoSuchKey', 'The specified key does not exist.', 404, true, { Key: key });
  }
}

/** HEAD answers carry no body, so S3's error code for a missing object on HEAD is just "404". */
export class NotFound extends AwsError {
  constructor() {
    super('404', 'Not Found', 404);
  }
}

export class BucketAlreadyOwnedByYou extends AwsError {
  constructor(bucket: string) {
    super('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409, true, {
      BucketName: bucket,
    });
  }
}

export class BucketNotEmpty extends AwsError {
  constructor(bucket: string) {
    super('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, true, { BucketName: bucket });
  }
}

export class InvalidBucketName extends AwsError {
  constructor(bucket: string) {
    super('InvalidBucketName', 'The specified bucket is not valid.', 400, true, { BucketName: bucket });
  }
}

export class NoSuchUpload extends AwsError {
  constructor(uploadId: string) {
    super(
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      404,
      true,
      { UploadId: uploadId },
    );
  }
}

export class InvalidPart extends AwsError {
  constructor(uploadId: string, partNumber: number) {
    super(
      'InvalidPart',
      "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
      400,
      true,
      { UploadId: uploadId, PartNumber: partNumber },
    );
  }
}

export class InvalidPartOrder extends AwsError {
  constructor(uploadId: string) {
    super('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', 400, true, {
      UploadId: uploadId,
    });
  }
}

export class EntityTooSmall extends AwsError {
  constructor() {
    super('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', 400);
  }
}

export class InvalidArgument extends AwsError {
  constructor(message: string, argumentName?: string, argumentValue?: string) {
    const fields: Record<string, string> = {};
    if (argumentName !== undefined) fields.ArgumentName = argumentName;
    if (argumentValue !== undefined) fields.ArgumentValue = argumentValue;
    super('InvalidArgument', message, 400, true, fields);
  }
}

export class InvalidRange extends AwsError {
  constructor(size: number) {
    super('InvalidRange', 'The requested range is not satisfiable', 416, true, { ActualObjectSize: size });
  }
}

export class BadDigest extends AwsError {
  constructor(algorithm: string) {
    super('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`, 400);
  }
}

export class InvalidDigest extends AwsError {
  constructor() {
    super('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400);
  }
}

export class MalformedXML extends AwsError {
  constructor() {
    super('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  }
}

export class PreconditionFailed extends AwsError {
  constructor(condition: string) {
    super('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, true, { Condition: condition });
  }
}

export class NoSuchTagSet extends AwsError {
  constructor() {
    super('NoSuchTagSet', 'The TagSet does not exist', 404);
  }
}

export class InvalidRequest extends AwsError {
  constructor(message: string) {
    super('InvalidRequest', message, 400);
  }
}
