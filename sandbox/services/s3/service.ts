import path from 'node:path';
import { deliveryFailureReporter } from '../../stores/logs/delivery-failures';
import { defineService } from '../service-definition';
import { BucketNotifications } from './notifications';
import { S3Provider } from './provider';
import { s3RestXml } from './rest-binding';
import { s3ResourceTypes } from './resources';

export const s3Service = defineService({
  name: 's3',
  protocol: s3RestXml,
  create: ({ stores, workDirectory, region, services }) =>
    new S3Provider(
      stores.objects,
      path.join(workDirectory, 'uploads'),
      region,
      new BucketNotifications(services, region, deliveryFailureReporter(stores.logs, 's3')),
    ),
  resourceTypes: s3ResourceTypes,
});
