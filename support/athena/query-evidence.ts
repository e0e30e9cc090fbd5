import { stringify } from 'csv-stringify/sync';
import type { Attacher } from '../evidence';
import { attachCsv, attachJson } from '../evidence';
import type { QueryOutcome } from './query';

/** SQL text with query id, state, reason and statistics; the result table as CSV. */
export async function attachQuery(attacher: Attacher, label: string, outcome: QueryOutcome): Promise<void> {
  await attachJson(attacher, `${label} query ${outcome.queryExecutionId}`, {
    queryExecutionId: outcome.queryExecutionId,
    state: outcome.state,
    stateChangeReason: outcome.stateChangeReason,
    dataScannedInBytes: outcome.dataScannedInBytes,
    engineExecutionTimeInMillis: outcome.engineExecutionTimeInMillis,
    totalExecutionTimeInMillis: outcome.totalExecutionTimeInMillis,
    outputLocation: outcome.outputLocation,
    rows: outcome.rows.length,
    truncated: outcome.truncated,
    sql: outcome.sql,
  });
  if (outcome.columns.length && outcome.rows.length) {
    await attachCsv(
      attacher,
      `${label} result ${outcome.queryExecutionId}`,
      stringify([outcome.columns.map((c) => c.name), ...outcome.rows.map((row) => row.map((cell) => cell ?? ''))]),
    );
  }
}
