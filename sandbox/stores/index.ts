import path from 'node:path';
import { GlueCatalog } from './catalog/glue-catalog';
import { LogStore } from './logs/log-store';
import { ObjectStore } from './objects/object-store';
import { StackStore } from './stacks/stack-store';

/**
 * State that more than one part of the sandbox works on: services depend on these stores, never
 * on each other's internals.
 */
export interface SandboxStores {
  /** S3's buckets and objects; Athena reads and writes them too. */
  objects: ObjectStore;
  /** The Glue Data Catalog; Athena's metastore. */
  catalog: GlueCatalog;
  /** CloudWatch Logs; Lambda writes its functions' logs here. */
  logs: LogStore;
  /** What the template deployer deployed; CloudFormation serves it. */
  stacks: StackStore;
}

export function createStores(workDirectory: string, accountId: string): SandboxStores {
  return {
    objects: new ObjectStore(path.join(workDirectory, 's3')),
    catalog: new GlueCatalog(accountId),
    logs: new LogStore(),
    stacks: new StackStore(),
  };
}
