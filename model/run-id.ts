import { randomBytes } from 'node:crypto';

/**
 * A run id is safe in S3 keys, execution names and table names, sorts by time, and is
 * recognisable: everything postflight writes carries it, which is how cleanup finds its own.
 */
export const RUN_ID_PATTERN = /pf-\d{8}-\d{6}-[0-9a-f]{4}/;

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `pf-${stamp}-${randomBytes(2).toString('hex')}`;
}

/** The moment a run id was minted (for `cleanup --older-than`). */
export function runIdTime(runId: string): Date | undefined {
  const match = /pf-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(runId);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
}

/** Unique within the run and globally, and still carries the run id. */
export function scenarioIdFor(runId: string, pickleId: string): string {
  return `${runId}-s${pickleId
    .replace(/[^0-9a-f]/gi, '')
    .slice(0, 6)
    .toLowerCase()}`;
}
