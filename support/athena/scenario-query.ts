import type { PostflightWorld } from '../world';
import { attachJson } from '../evidence';
import { athenaSettings } from './athena-settings';
import { runQuery, QueryFailedError, type QueryOutcome } from './query';
import { attachQuery } from './query-evidence';
import { filesRemovedDuringQuery } from './vanished-files';

/** Runs of one query when files postflight wrote keep vanishing under it (other runs' cleanup). */
const MAX_QUERY_RUNS = 3;

/**
 * A query run on behalf of a scenario: in the environment's workgroup, attached as evidence
 * (SQL, id, statistics, result), and its result files recorded so they are removed after the
 * scenario like everything else the scenario caused to be written.
 *
 * A query that failed only because files written by postflight — another scenario's or another
 * run's — were removed while it read them is run again, on the files that remain: housekeeping
 * never decides a verdict. Each such run is attached with the files that vanished.
 */
export async function scenarioQuery(world: PostflightWorld, label: string, sql: string, maxRows?: number): Promise<QueryOutcome> {
  for (let run = 1; ; run++) {
    const outcome = await runQuery(world.aws, athenaSettings(world.environment), sql, { delays: world.delays, maxRows });
    if (outcome.outputLocation) world.ledger.recordQueryResults(world.resources.s3Location(outcome.outputLocation));
    await attachQuery(world, label, outcome);
    if (run >= MAX_QUERY_RUNS) return outcome;
    const vanished = await filesRemovedDuringQuery(world.aws, outcome, world.scenarioId);
    if (vanished.length === 0) return outcome;
    await attachJson(world, `${label} query run again`, {
      queryExecutionId: outcome.queryExecutionId,
      reason: outcome.stateChangeReason,
      removedWhileRead: vanished,
      why: 'files written by postflight (another scenario or run) were removed while the query read them; the query runs again on the files that remain',
    });
  }
}

export async function scenarioQueryOrThrow(world: PostflightWorld, label: string, sql: string): Promise<QueryOutcome> {
  const outcome = await scenarioQuery(world, label, sql);
  if (outcome.state !== 'SUCCEEDED') throw new QueryFailedError(outcome);
  return outcome;
}
