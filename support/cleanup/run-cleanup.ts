import type { AwsClients } from '../aws/clients';
import type { ResolvedEnvironment } from '../environment/resolved-environment';
import { ResourceCatalog } from '../environment/resources';
import { renderTemplate } from '../templating';
import { sweepOutputs, type SweepResult } from './output-sweep';

/**
 * After the whole run (every scenario done, so nothing is in use): outputs under the declared
 * prefixes whose key carries the run id — those of scenarios that named their files `${runId}`.
 */
export async function sweepRunOutputs(
  clients: AwsClients,
  environment: ResolvedEnvironment,
  runId: string,
  runDate: string,
): Promise<SweepResult> {
  const resources = new ResourceCatalog(environment);
  const context = {
    runId,
    scenarioId: runId,
    runDate,
    environment: { name: environment.name, account: environment.account, region: environment.region },
    resources,
    variables: new Map<string, unknown>(),
  };
  const prefixes = environment.cleanup.outputPrefixes.map((prefix) => resources.s3Location(renderTemplate(prefix, context)));
  return sweepOutputs(clients, prefixes, runId);
}
