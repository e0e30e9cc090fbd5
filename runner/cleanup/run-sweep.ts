import type { AwsClients } from '../../support/aws/clients';
import type { ResolvedEnvironment } from '../../model/environment/environment';
import { outputPrefixes } from '../../support/cleanup/output-prefixes';
import { sweepOutputs, type SweepResult } from '../../support/cleanup/output-sweep';

/**
 * After the whole run — every scenario ended, so nothing reads them any more: the objects under
 * the declared output prefixes whose key carries the run id (every scenario id carries it too).
 * This is the only place outputs derived from test inputs are removed (see support/cleanup/scenario-cleanup.ts).
 */
export async function sweepRunOutputs(
  clients: AwsClients,
  environment: ResolvedEnvironment,
  runId: string,
  runDate: string,
): Promise<SweepResult> {
  return sweepOutputs(clients, outputPrefixes(environment, runId, runDate), runId);
}
