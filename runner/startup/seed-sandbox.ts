import fs from 'node:fs';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../support/aws/clients';
import { ResourceCatalog } from '../../support/environment/resources';
import type { ResolvedEnvironment } from '../../model/environment/environment';
import { StartupError } from '../../model/startup-error';

/** Seed files (reference data the lake already holds) uploaded once into the fresh sandbox. */
export async function seedSandbox(environment: ResolvedEnvironment, clients: AwsClients, projectRoot: string): Promise<void> {
  const catalog = new ResourceCatalog(environment);
  for (const seed of environment.sandbox?.seed ?? []) {
    const source = path.resolve(projectRoot, seed.source);
    if (!fs.existsSync(source))
      throw new StartupError(`${environment.file}: sandbox.seed: ${seed.source} does not exist (looked for ${source}).`);
    const target = catalog.s3Location(seed.target);
    await clients.s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: target.key, Body: fs.readFileSync(source) }));
  }
}
