import fs from 'node:fs';
import path from 'node:path';
import type { ScenarioResult } from '../../model/scenario-result';
import type { Interruption } from '../../model/interruption';
import type { ReleaseIdentification } from './release-identification';
import type { ShardSpec } from '../../model/shard';

/**
 * What a run leaves in reports/run.json: enough for `postflight report` to rebuild every report
 * later without running anything (the Allure results, junit.xml and cucumber.ndjson sit next to it).
 */
export interface RunRecord {
  format: typeof RUN_RECORD_FORMAT;
  runId: string;
  startedAt: string;
  finishedAt: string;
  environment: { name: string; account: string; region: string; sandbox: boolean };
  /** The identity the run acted as (an ARN; never credentials). */
  actingAs?: string;
  identification: ReleaseIdentification;
  scope: { tags?: string; paths: string[]; profile?: string; parallel?: number };
  results: ScenarioResult[];
  /** Set when the run was interrupted (Ctrl-C, SIGTERM): its reports say INTERRUPTED and its verdict is NO-GO. */
  interruption?: Interruption;
  /** The Allure history entry this run added, so that rebuilding the report does not add it twice. */
  allureHistoryEntry?: string;
  /** A run of one part of a sharded selection (`postflight run --shard I/N`). */
  shard?: ShardRecord;
  /** Reports merged from the parts of a sharded run (`postflight report --merge`). */
  merged?: MergedShards;
}

export interface ShardRecord extends ShardSpec {
  /** The whole selection the parts were split from: every part of one run agrees on it. */
  selection: { count: number; digest: string };
  /** The scenario keys of this part (runner/cucumber/shard-selection.ts). */
  scenarios: string[];
  balancedBy: 'durations' | 'count';
}

export interface MergedShards {
  total: number;
  /** The parts merged, with the run id each ran under (what `postflight cleanup --run-id` takes). */
  parts: Array<{ index: number; runId: string; scenarios: number; reportsDirectory: string }>;
  /** Parts without results, and why: each makes the verdict NO-GO. */
  missing: Array<{ shard: string; reason: string }>;
  /** Parts that do not add up to one selection (overlap, different selections): each makes the verdict NO-GO. */
  inconsistencies: string[];
}

export const RUN_RECORD_FORMAT = 'postflight-run/1';
export const RUN_RECORD_FILE = 'run.json';

export class RunRecordError extends Error {}

export function writeRunRecord(reportsDirectory: string, record: RunRecord): string {
  const file = path.join(reportsDirectory, RUN_RECORD_FILE);
  fs.mkdirSync(reportsDirectory, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

export function readRunRecord(reportsDirectory: string): RunRecord {
  const file = path.join(reportsDirectory, RUN_RECORD_FILE);
  if (!fs.existsSync(file)) throw new RunRecordError(`No results to report on: ${file} does not exist. Run \`postflight run --env <name>\` first.`);
  let record: Partial<RunRecord>;
  try {
    record = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<RunRecord>;
  } catch (error) {
    throw new RunRecordError(`${file} is not valid JSON (${(error as Error).message}); run \`postflight run\` again.`);
  }
  if (record.format !== RUN_RECORD_FORMAT || !Array.isArray(record.results)) {
    throw new RunRecordError(`${file} was not written by this version of postflight (format ${String(record.format)}, expected ${RUN_RECORD_FORMAT}); run \`postflight run\` again.`);
  }
  return record as RunRecord;
}
