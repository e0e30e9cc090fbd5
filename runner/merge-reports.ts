import fs from 'node:fs';
import { newRunId } from '../model/run-id';
import { formatShard } from '../model/shard';
import { scenarioSpan } from './cucumber/run-results';
import { buildReports } from './reports/build-reports';
import { mergeJunitFiles } from './reports/merge/junit-merge';
import { mergeMessageFiles } from './reports/merge/messages-merge';
import { loadQualityGate } from './reports/quality-gate';
import { reportPaths } from './reports/report-paths';
import { stageReports, type ReportStaging } from './reports/report-publication';
import { acquireReportsLock, type ReportsLock } from './reports/reports-lock';
import { RUN_RECORD_FORMAT, RunRecordError, readRunRecord, type MergedShards, type RunRecord } from './reports/run-record';
import { formatRunSummary } from './reports/run-summary';

export interface MergeOptions {
  projectRoot: string;
  /** Where the merged reports go (absolute). */
  reportsDirectory: string;
  /** Each part's reports directory, as `postflight run --shard I/N --reports-dir <dir>` wrote it (absolute). */
  shardDirectories: string[];
  /** The command line, named by the reports lock. */
  command: string;
}

interface ShardReports {
  directory: string;
  record: RunRecord & { shard: NonNullable<RunRecord['shard']> };
}

/**
 * `postflight report --merge <dir>…`: the reports of a sharded run's parts become one set of
 * reports — one Allure report (with one history entry), one junit.xml, one cucumber.ndjson, one
 * run.json and one sign-off with one quality-gate verdict — counted as an unsharded run of the same
 * selection would be. A part that is missing (its folder absent, or without results because it could
 * not start) or that does not belong to the same selection makes the verdict NO-GO, and is named.
 * Nothing is executed. Returns 0 GO, 1 NO-GO; no part with results at all throws a RunRecordError.
 */
export async function mergeReports(options: MergeOptions): Promise<number> {
  const { parts, missing } = readParts(options.shardDirectories);
  if (!parts.length) {
    throw new RunRecordError(
      `None of the shard folders holds results of a sharded run:\n${missing.map((entry) => `  ${entry.shard}: ${entry.reason}`).join('\n')}\n` +
        'Give the --reports-dir folders of `postflight run --shard I/N` runs.',
    );
  }
  const merged = checkParts(parts, missing);
  const record = mergedRecord(parts, merged);
  const gate = loadQualityGate(options.projectRoot);
  let lock: ReportsLock | undefined;
  let staging: ReportStaging | undefined;
  try {
    lock = acquireReportsLock(options.reportsDirectory, { runId: record.runId, command: options.command });
    staging = stageReports(options.reportsDirectory, { projectRoot: options.projectRoot });
    const target = reportPaths(staging.directory);
    const sources = parts.map((part) => reportPaths(part.directory));
    for (const source of sources) {
      if (fs.existsSync(source.allureResults)) fs.cpSync(source.allureResults, target.allureResults, { recursive: true });
    }
    mergeMessageFiles(
      sources.map((source) => source.messages),
      target.messages,
    );
    const span = Date.parse(record.finishedAt) - Date.parse(record.startedAt);
    mergeJunitFiles(
      sources.map((source) => source.junit),
      target.junit,
      Math.max(0, span) / 1000,
    );
    const outcome = await buildReports({ projectRoot: options.projectRoot, reportsDirectory: staging.directory, record, gate });
    staging.publish();
    staging = undefined;
    process.stdout.write(
      `Merged ${parts.length} of ${merged.total} shards (${parts.map((part) => formatShard(part.record.shard)).join(', ')}) into run ${record.runId}.\n`,
    );
    for (const entry of merged.missing) process.stdout.write(`  missing: shard ${entry.shard} — ${entry.reason}\n`);
    for (const problem of merged.inconsistencies) process.stdout.write(`  ${problem}\n`);
    process.stdout.write(formatRunSummary({ ...outcome, paths: reportPaths(options.reportsDirectory) }));
    return outcome.exitCode;
  } finally {
    staging?.discard();
    lock?.release();
  }
}

function readParts(directories: readonly string[]): { parts: ShardReports[]; missing: MergedShards['missing'] } {
  const parts: ShardReports[] = [];
  const missing: MergedShards['missing'] = [];
  for (const directory of directories) {
    if (!fs.existsSync(directory)) {
      missing.push({ shard: directory, reason: 'the folder does not exist (the shard did not run, or its reports were not collected)' });
      continue;
    }
    let record: RunRecord;
    try {
      record = readRunRecord(directory);
    } catch (error) {
      // A shard that could not start (exit 2) writes no run.json.
      missing.push({ shard: directory, reason: `no results: ${(error as Error).message}` });
      continue;
    }
    if (!record.shard) {
      missing.push({ shard: directory, reason: `run ${record.runId} was not a shard (run it with --shard I/N)` });
      continue;
    }
    parts.push({ directory, record: record as ShardReports['record'] });
  }
  return { parts, missing };
}

/** Which parts are missing, and whether the parts present add up to one selection. */
function checkParts(parts: readonly ShardReports[], missingFolders: MergedShards['missing']): MergedShards {
  const totals = [...new Set(parts.map((part) => part.record.shard.total))];
  const total = Math.max(...totals);
  const inconsistencies: string[] = [];
  if (totals.length > 1) inconsistencies.push(`the shards were split into different numbers of parts (${totals.join(', ')})`);
  const digests = [...new Set(parts.map((part) => part.record.shard.selection.digest))];
  if (digests.length > 1)
    inconsistencies.push(
      `the shards selected different scenarios (${parts.map((part) => `${formatShard(part.record.shard)}: ${part.record.shard.selection.count} scenarios`).join(', ')}) — run every shard with the same paths, tags and environment`,
    );
  const seen = new Map<number, string>();
  for (const part of parts) {
    const previous = seen.get(part.record.shard.index);
    if (previous) inconsistencies.push(`shard ${formatShard(part.record.shard)} is given twice (${previous} and ${part.directory})`);
    seen.set(part.record.shard.index, part.directory);
  }
  const owners = new Map<string, string>();
  for (const part of parts) {
    for (const key of part.record.shard.scenarios) {
      const owner = owners.get(key);
      if (owner && owner !== formatShard(part.record.shard))
        inconsistencies.push(`scenario ${key} ran in shard ${owner} and in shard ${formatShard(part.record.shard)}`);
      owners.set(key, formatShard(part.record.shard));
    }
  }
  const missing = [...missingFolders];
  for (let index = 1; index <= total; index += 1) {
    if (!seen.has(index)) missing.push({ shard: `${index}/${total}`, reason: 'no results among the folders given' });
  }
  const expected = parts[0]?.record.shard.selection.count ?? 0;
  if (!missing.length && !inconsistencies.length && owners.size !== expected)
    inconsistencies.push(`the shards ran ${owners.size} distinct scenarios of the ${expected} selected`);
  return {
    total,
    parts: parts.map((part) => ({
      index: part.record.shard.index,
      runId: part.record.runId,
      scenarios: part.record.results.length,
      reportsDirectory: part.directory,
    })),
    missing,
    inconsistencies,
  };
}

function mergedRecord(parts: readonly ShardReports[], merged: MergedShards): RunRecord {
  const ordered = [...parts].sort((a, b) => a.record.shard.index - b.record.shard.index);
  const first = ordered[0]!.record;
  const results = ordered.flatMap((part) => part.record.results);
  const span = scenarioSpan(results) ?? {
    startedAt: ordered.map((part) => part.record.startedAt).sort()[0] ?? first.startedAt,
    finishedAt:
      ordered
        .map((part) => part.record.finishedAt)
        .sort()
        .at(-1) ?? first.finishedAt,
  };
  const interruption = ordered.find((part) => part.record.interruption)?.record.interruption;
  const { shard: _shard, allureHistoryEntry: _entry, ...shared } = first;
  return {
    ...shared,
    format: RUN_RECORD_FORMAT,
    runId: newRunId(),
    ...span,
    results,
    ...(interruption ? { interruption } : {}),
    merged,
  };
}
