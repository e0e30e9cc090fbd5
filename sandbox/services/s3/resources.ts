import { optionalString, type ResourceType } from '../../core/resource-type';
import type { S3Provider } from './provider';

export function s3ResourceTypes(s3: S3Provider): ResourceType[] {
  return [
    {
      type: 'AWS::S3::Bucket',
      create(properties, context) {
        const name = optionalString(properties, 'BucketName') ?? context.generatedName({ maxLength: 63, lowerCase: true });
        s3.createBucket({ Bucket: name });
        const region = context.region;
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
    },
  ];
}
