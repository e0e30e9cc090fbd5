import type { ResourceType } from '../resource-type';
import { optionalString } from '../resource-type';

export const s3Bucket: ResourceType = {
  type: 'AWS::S3::Bucket',
  create(properties, context) {
    const name = optionalString(properties, 'BucketName') ?? context.generatedName({ maxLength: 63, lowerCase: true });
    context.sandbox.s3.createBucket({ Bucket: name });
    const region = context.sandbox.region;
    return {
      ref: name,
      attributes: {
        Arn: `arn:aws:s3:::${name}`,
        DomainName: `${name}.s3.amazonaws.com`,
        RegionalDomainName: `${name}.s3.${region}.amazonaws.com`,
        WebsiteURL: `http://${name}.s3-website-${region}.amazonaws.com`,
      },
    };
  },
};
