import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { ShardSpec } from '../../model/shard';
import type { PlannedScenario } from './cucumber-runner';

/**
 * Splits a run's selected scenarios into N disjoint parts whose union is the whole selection.
 *
 * Stable: the split depends only on the selection (feature paths relative to the project and
 * scenario names, never ids or absolute paths) and on the durations it is given, so every machine
 * that runs a part of the same selection with the same history computes the same split. Balanced:
 * longest expected duration first, each scenario to the part with the least expected work so far
 * (LPT); a scenario without a known duration counts as the mean of the known ones, and with none
 * known every scenario weighs the same — a split by count.
 */
export interface ShardPlan {
  shard: ShardSpec;
  /** The scenarios of this part, in the selection's order. */
  scenarios: PlannedScenario[];
  /** Their keys (see scenarioKeys). */
  keys: string[];
  /** The whole selection, for the merge to check that the parts add up to it. */
  selection: { count: number; digest: string };
  balancedBy: 'durations' | 'count';
  /** Expected milliseconds of work per part (index 0 = part 1), when durations were known. */
  expectedMs?: number[];
}

/**
 * A key per scenario that is the same on every machine: `features/a.feature#Name`, with `#2`, `#3`…
 * for the second and later scenarios of a file with the same name (rows of a Scenario Outline).
 */
export function scenarioKeys(scenarios: readonly Pick<PlannedScenario, 'uri' | 'name'>[]): string[] {
  const seen = new Map<string, number>();
  return scenarios.map((scenario) => {
    const base = `${scenario.uri.split('\\').join('/')}#${scenario.name}`;
    const occurrence = (seen.get(base) ?? 0) + 1;
    seen.set(base, occurrence);
    return occurrence === 1 ? base : `${base}#${occurrence}`;
  });
}

/** The digest of a selection: equal on every machine that selected the same scenarios. */
export function selectionDigest(keys: readonly string[]): string {
  return createHash('sha256')
    .update([...keys].sort().join('\n'))
    .digest('hex')
    .slice(0, 16);
}

export function planShard(
  selection: readonly PlannedScenario[],
  shard: ShardSpec,
  durations: ReadonlyMap<string, number> = new Map(),
): ShardPlan {
  const keys = scenarioKeys(selection);
  const assignment = assignShards(keys, shard.total, durations);
  const mine = selection.flatMap((scenario, position) => (assignment.parts[position] === shard.index - 1 ? [scenario] : []));
  return {
    shard,
    scenarios: mine,
    keys: keys.filter((_key, position) => assignment.parts[position] === shard.index - 1),
    selection: { count: keys.length, digest: selectionDigest(keys) },
    balancedBy: assignment.balancedBy,
    ...(assignment.balancedBy === 'durations' ? { expectedMs: assignment.loads } : {}),
  };
}

/** The part (0-based) of each key, by position. */
export function assignShards(
  keys: readonly string[],
  total: number,
  durations: ReadonlyMap<string, number>,
): { parts: number[]; loads: number[]; balancedBy: 'durations' | 'count' } {
  const known = keys.map((key) => durations.get(durationKey(key))).filter((value): value is number => value !== undefined);
  const balancedBy = known.length ? 'durations' : 'count';
  const fallback = known.length ? known.reduce((sum, value) => sum + value, 0) / known.length : 1;
  const weights = keys.map((key) => (balancedBy === 'durations' ? (durations.get(durationKey(key)) ?? fallback) : 1));
  // Heaviest first; equal weights in the order of a hash of the key, so that a split by count does not
  // put whole feature files into one part (they often share set-up costs and failure causes).
  const order = keys
    .map((key, position) => ({ position, weight: weights[position] ?? fallback, tie: createHash('md5').update(key).digest('hex') }))
    .sort((a, b) => b.weight - a.weight || (a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0));
  const loads = new Array<number>(total).fill(0);
  const parts = new Array<number>(keys.length).fill(0);
  for (const { position, weight } of order) {
    let lightest = 0;
    for (let part = 1; part < total; part += 1) if ((loads[part] ?? 0) < (loads[lightest] ?? 0)) lightest = part;
    parts[position] = lightest;
    loads[lightest] = (loads[lightest] ?? 0) + weight;
  }
  return { parts, loads, balancedBy };
}

/** Outline rows share a name: their durations are the scenario's. */
function durationKey(key: string): string {
  return key.replace(/#\d+$/, '');
}

/**
 * Scenario durations from the run history (the Allure history file, JSON lines, one entry per
 * report): for each scenario, its duration in the most recent entry that has it. Missing or
 * unreadable history: no durations (the split is by count).
 */
export function durationsFromHistory(historyFile: string): Map<string, number> {
  const durations = new Map<string, number>();
  let text: string;
  try {
    text = fs.readFileSync(historyFile, 'utf8');
  } catch {
    return durations;
  }
  const entries = text.split('\n').filter((line) => line.trim());
  for (const line of entries.reverse()) {
    let entry: { testResults?: Record<string, { fullName?: string; duration?: number }> };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    for (const result of Object.values(entry.testResults ?? {})) {
      if (!result.fullName || typeof result.duration !== 'number') continue;
      // allure-cucumberjs: `[project:]features/a.feature#Scenario name`.
      const hash = result.fullName.indexOf('#');
      const colon = result.fullName.lastIndexOf(':', hash);
      const key = colon >= 0 ? result.fullName.slice(colon + 1) : result.fullName;
      if (!durations.has(key)) durations.set(key, result.duration);
    }
  }
  return durations;
}

/** Cucumber paths that select exactly these scenarios: `file:line:line…`, one entry per file. */
export function scenarioPaths(scenarios: readonly PlannedScenario[], resolve: (uri: string) => string): string[] {
  const lines = new Map<string, number[]>();
  for (const scenario of scenarios) {
    const file = resolve(scenario.uri);
    lines.set(file, [...(lines.get(file) ?? []), ...(scenario.line === undefined ? [] : [scenario.line])]);
  }
  return [...lines].map(([file, numbers]) => (numbers.length ? `${file}:${numbers.join(':')}` : file));
}
