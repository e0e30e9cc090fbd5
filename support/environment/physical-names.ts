import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetDatabaseCommand } from '@aws-sdk/client-glue';
import type { AwsClients } from '../aws/clients';
import { UnknownResourceError, type PhysicalFallback, type ResourceCatalog } from './resources';

/** Whether a resource exists, per endpoint, kind and name: asked once per worker. */
const existence = new Map<string, Promise<boolean>>();

/**
 * The contract lets a scenario write a physical name where no logical name matches. When no
 * resource of that name exists either, the scenario almost certainly meant a logical name (a
 * typo, or one the environment does not map): that is a test defect, and the message names the
 * logical names the environment knows — rather than "The specified bucket does not exist" or
 * SCHEMA_NOT_FOUND, which read like a broken release.
 *
 * Checks the names taken as physical since the last call; `failure` is what the step threw, if
 * anything (kept as the cause). Undefined when every such name exists, or cannot be told.
 */
export async function unknownNameError(
  clients: AwsClients,
  catalog: ResourceCatalog,
  failure?: unknown,
): Promise<UnknownResourceError | undefined> {
  const missing: PhysicalFallback[] = [];
  for (const fallback of catalog.takePhysicalFallbacks()) {
    if (missing.some((known) => known.kind === fallback.kind && known.name === fallback.name)) continue;
    if (!(await exists(clients, fallback))) missing.push(fallback);
  }
  if (missing.length === 0) return undefined;
  const lines = missing.map((fallback) => describeMissing(catalog, fallback));
  if (failure instanceof Error) lines.push(`  (the step failed with: ${failure.message.split('\n')[0]})`);
  return new UnknownResourceError(lines.join('\n'), failure === undefined ? undefined : { cause: failure });
}

function describeMissing(catalog: ResourceCatalog, fallback: PhysicalFallback): string {
  const where = fallback.writtenAs === fallback.name ? '' : ` (in ${fallback.writtenAs})`;
  const kind = fallback.kind === 'bucket' ? 'bucket' : 'database';
  const service = fallback.kind === 'bucket' ? 'S3' : 'the Glue Data Catalog';
  return (
    `"${fallback.name}"${where} is not a ${kind} of environment "${catalog.environmentName}" ` +
    `(its ${kind}s: ${catalog.knownNames(fallback.kind)}), and no ${kind} of that name exists in ${service} either. ` +
    `Use one of those names, or map "${fallback.name}" under ${catalog.mappingField(fallback.kind)}.`
  );
}

/** False only when the service says so; an answer that tells nothing (access denied, network) counts as existing. */
function exists(clients: AwsClients, fallback: PhysicalFallback): Promise<boolean> {
  const key = `${clients.target.endpoint ?? clients.target.region}|${fallback.kind}|${fallback.name}`;
  let answer = existence.get(key);
  if (!answer) {
    answer = ask(clients, fallback);
    existence.set(key, answer);
  }
  return answer;
}

async function ask(clients: AwsClients, fallback: PhysicalFallback): Promise<boolean> {
  try {
    if (fallback.kind === 'bucket') await clients.s3.send(new HeadBucketCommand({ Bucket: fallback.name }));
    else await clients.glue.send(new GetDatabaseCommand({ Name: fallback.name }));
    return true;
  } catch (error) {
    const name = (error as Error).name;
    return !(name === 'NotFound' || name === 'NoSuchBucket' || name === 'EntityNotFoundException');
  }
}
