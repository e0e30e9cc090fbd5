import type { PostflightWorld } from '../cucumber/world';
import { readFixture } from '../fixtures/fixtures';
import { attachJson } from '../evidence';
import { s3Url, writeObject } from './objects';

/** Uploads a fixture file, verbatim, to an S3 location (templated by the step). */
export async function uploadFixture(world: PostflightWorld, fixture: string, target: string): Promise<void> {
  const location = world.resources.s3Location(target);
  const body = readFixture(world.parameters.projectRoot, fixture);
  await writeObject(world.aws, world.ledger, location, body, world.writeIdentity);
  await attachJson(world, 'uploaded-object', { fixture, location: s3Url(location), bytes: body.length });
}

export async function writeText(world: PostflightWorld, target: string, text: string): Promise<void> {
  const location = world.resources.s3Location(target);
  await writeObject(world.aws, world.ledger, location, text, world.writeIdentity);
  await attachJson(world, 'written-object', { location: s3Url(location), bytes: Buffer.byteLength(text) });
}
