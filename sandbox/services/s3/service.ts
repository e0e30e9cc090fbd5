import path from 'node:path';
import { defineService } from '../service-definition';
import { S3Provider } from './provider';
import { s3RestXml } from './rest-binding';
import { s3ResourceTypes } from './resources';

export const s3Service = defineService({
  name: 's3',
  protocol: s3RestXml,
  create: ({ stores, workDirectory, region }) => new S3Provider(stores.objects, path.join(workDirectory, 'uploads'), region),
  resourceTypes: s3ResourceTypes,
});
