import { formatDuration } from '../../model/duration';
import type { ScenarioResult } from '../../model/scenario-result';
import type { SignoffData } from './signoff-data';

/**
 * What the Markdown and HTML sign-off show, worded once: the two renderers differ only in syntax.
 */
export const STATUS_WORDS: Record<ScenarioResult['status'], string> = {
  PASSED: 'passed',
  FAILED: 'failed',
  UNDEFINED: 'undefined step',
  AMBIGUOUS: 'ambiguous step',
  PENDING: 'pending step',
  SKIPPED: 'skipped',
  UNKNOWN: 'unknown',
};

export type Row = [label: string, value: string];

export function title(data: SignoffData): string {
  const what = data.identification.release ?? (data.identification.commit ? `commit ${data.identification.commit.slice(0, 12)}` : `run ${data.identification.runId}`);
  return `Release sign-off: ${what} on ${data.environment.name}${data.interruption ? ' (run INTERRUPTED)' : ''}`;
}

export function countRows(data: SignoffData): Row[] {
  const { counts } = data;
  return [
    ['Scenarios', String(counts.total)],
    ['Passed', String(counts.passed)],
    ['Failed', String(counts.failed)],
    ['Not runnable (undefined, ambiguous, pending)', String(counts.notRunnable)],
    ['Skipped', String(counts.skipped)],
    ['Known issues (not counted)', String(counts.knownIssues)],
    ...(data.interruption ? [['Interrupted (stopped or not run)', String(data.interruption.cutShort + data.interruption.notRun)] as Row] : []),
  ];
}

export function identificationRows(data: SignoffData): Row[] {
  const id = data.identification;
  const rows: Array<[string, string | undefined]> = [
    ['Release', id.release ?? 'not given (set RELEASE_VERSION)'],
    ['Commit', id.commit],
    ['Source repository', id.sourceRepository],
    ['Pipeline execution', id.pipelineExecution],
    ['Build', id.build],
    ['Build number', id.buildNumber],
    ['Started by', id.initiator],
    ['Run id', id.runId],
    ['Started', id.startedAt],
    ['Finished', `${id.finishedAt} (${formatDuration(id.durationMs)})`],
    ['Acting as', id.actingAs],
    ['Report generated', id.generatedAt],
  ];
  return rows.filter((row): row is Row => Boolean(row[1]));
}

export function environmentRows(data: SignoffData): Row[] {
  const environment = data.environment;
  return [
    ['Name', environment.name],
    ['Account', environment.account],
    ['Region', environment.region],
    ['Kind', environment.sandbox ? 'local sandbox' : 'AWS'],
  ];
}

export function scopeRows(data: SignoffData): Row[] {
  const scope = data.scope;
  const rows: Array<[string, string | undefined]> = [
    ['Tag expression', scope.tags ?? 'none (all scenarios)'],
    ['Paths', scope.paths.length ? scope.paths.join(' ') : 'the profile\'s features'],
    ['Profile', scope.profile],
    ['Parallel workers', scope.parallel ? String(scope.parallel) : undefined],
    ['Features', String(scope.features.length)],
  ];
  return rows.filter((row): row is Row => Boolean(row[1]));
}

export function ruleOutcomeWord(outcome: string): string {
  return outcome === 'PASSED' ? 'passed' : outcome === 'FAILED' ? 'FAILED' : 'not evaluated';
}
