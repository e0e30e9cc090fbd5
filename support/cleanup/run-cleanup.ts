import type { AwsClients } from '../aws/clients';
import type { ResolvedEnvironment } from '../environment/resolved-environment';
import { ResourceCatalog, type S3Location } from '../environment/resources';
import { renderTemplate } from '../templating';
import { sweepOutputs, type SweepResult } from './output-sweep';

/**
 * The declared output prefixes (`cleanup.outputPrefixes`) as the run sees them: where the system
 * writes what it derives from test inputs, shared by every scenario of the run. A prefix naming
 * `${scenarioId}` is cut just before it, so that one prefix covers every scenario's outputs.
 */
export function outputPrefixes(environment: ResolvedEnvironment, runId: string, runDate: string): S3Location[] {
  const resources = new ResourceCatalog(environment);
  const context = {
    runId,
    scenarioId: runId,
    runDate,
    environment: { name: environment.name, account: environment.account, region: environment.region },
    resources,
    variables: new Map<string, unknown>(),
  };
  return environment.cleanup.outputPrefixes.map((prefix) => {
    const shared = prefix.split('${scenarioId}')[0] ?? prefix;
    return resources.s3Location(renderTemplate(shared, context));
  });
}

/**
 * After the whole run — every scenario ended, so nothing reads them any more: the objects under
 * the declared output prefixes whose key carries the run id (every scenario id carries it too).
 * This is the only place outputs derived from test inputs are removed (see scenario-cleanup.ts).
 */
export async function sweepRunOutputs(
  clients: AwsClients,
  environment: ResolvedEnvironment,
  runId: string,
  runDate: string,
): Promise<SweepResult> {
  return sweepOutputs(clients, outputPrefixes(environment, runId, runDate), runId);
}
