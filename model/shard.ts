/**
 * `--shard I/N` (the convention Playwright uses): the I-th of N parts of a run's selected
 * scenarios. The split itself is the runner's (runner/cucumber/shard-selection.ts); the reports of
 * every part carry this, so that the merge can tell which parts it has and which are missing.
 */
export interface ShardSpec {
  /** 1-based. */
  index: number;
  total: number;
}

/** The most parts a run may be split into: beyond this a shard holds too little to pay for its start. */
export const MAX_SHARDS = 100;

/** `2/4` → { index: 2, total: 4 }; a problem in words otherwise. */
export function parseShard(text: string): ShardSpec | { problem: string } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) return { problem: `"${text}" is not a shard: write I/N, e.g. --shard 2/4 for the second of four parts.` };
  const index = Number(match[1]);
  const total = Number(match[2]);
  if (total < 1 || total > MAX_SHARDS) return { problem: `--shard ${text}: the number of parts is from 1 to ${MAX_SHARDS}.` };
  if (index < 1 || index > total) return { problem: `--shard ${text}: the part is from 1 to ${total} (parts are counted from 1).` };
  return { index, total };
}

export function formatShard(shard: ShardSpec): string {
  return `${shard.index}/${shard.total}`;
}
