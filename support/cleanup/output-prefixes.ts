import type { ResolvedEnvironment } from '../../model/environment/environment';
import { ResourceCatalog } from '../environment/resources';
import type { S3Location } from '../../model/locations';
import { renderTemplate } from '../templating';

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
