import type { DataCheck } from '../check';
import { notEvaluated } from '../check';
import { identifier } from '../sql';
import { formatDuration, parseDuration } from '../../../model/duration';

/** The newest timestamp is recent enough. An empty table is NOT_EVALUATED, never "fresh". */
export const freshness: DataCheck<{ column: string; maxAgeMs: number; now?: () => number }> = {
  name: 'freshness',
  row: { check: 'at most old', params: (row) => ({ column: row.column, maxAgeMs: parseDuration(row.argument) }) },
  describe: (params, target) => `the newest ${params.column} of ${target.name} is at most ${formatDuration(params.maxAgeMs)} old`,
  metric: (params) => ({ kind: 'aggregate', expressions: [{ alias: 'newest', sql: `max(${identifier(params.column)})` }] }),
  evaluate(params, observed) {
    const expected = `at most ${formatDuration(params.maxAgeMs)} old`;
    const newest = observed.newest;
    if (newest === null || newest === undefined || newest === '')
      return notEvaluated(expected, 'the table (slice) has no value to date it by');
    // Athena prints timestamps without a zone; the lake stores UTC.
    const text = String(newest);
    const time = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
    if (Number.isNaN(time)) return notEvaluated(expected, `"${text}" is not a timestamp`);
    const age = (params.now ?? Date.now)() - time;
    return {
      outcome: age <= params.maxAgeMs ? 'PASSED' : 'FAILED',
      observed: `newest ${text} (${formatDuration(Math.max(0, age))} old)`,
      expected,
    };
  },
};
