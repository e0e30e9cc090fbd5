import type { PostflightWorld } from '../world';
import { athenaSettings } from './athena-settings';
import { runQuery, QueryFailedError, type QueryOutcome } from './query';
import { attachQuery } from './query-evidence';

/**
 * A query run on behalf of a scenario: in the environment's workgroup, attached as evidence
 * (SQL, id, statistics, result), and its result files recorded so they are removed after the
 * scenario like everything else the scenario caused to be written.
 */
export async function scenarioQuery(world: PostflightWorld, label: string, sql: string, maxRows?: number): Promise<QueryOutcome> {
  const outcome = await runQuery(world.aws, athenaSettings(world.environment), sql, { delays: world.delays, maxRows });
  if (outcome.outputLocation) world.ledger.recordQueryResults(world.resources.s3Location(outcome.outputLocation));
  await attachQuery(world, label, outcome);
  return outcome;
}

export async function scenarioQueryOrThrow(world: PostflightWorld, label: string, sql: string): Promise<QueryOutcome> {
  const outcome = await scenarioQuery(world, label, sql);
  if (outcome.state !== 'SUCCEEDED') throw new QueryFailedError(outcome);
  return outcome;
}
