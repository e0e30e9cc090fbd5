import path from 'node:path';
import { formatDuration } from '../../model/duration';
import type { ReportsOutcome } from './build-reports';
import { FAILURE_CATEGORIES } from './failure-category';
import { REPORT_FORMATS } from './formats';

/** The lines printed at the end of a run (and of `postflight report`): counts, verdict and why, where the reports are. */
export function formatRunSummary(outcome: ReportsOutcome, options: { durationMs?: number; cwd?: string } = {}): string {
  const { counts } = outcome.evaluation;
  const { paths, written, signoff } = outcome;
  const shown = (file: string) => path.relative(options.cwd ?? process.cwd(), file) || file;
  const parts = [`${counts.passed} passed`, `${counts.failed} failed`];
  if (counts.notRunnable) parts.push(`${counts.notRunnable} not runnable (undefined/ambiguous/pending)`);
  if (counts.unknown) parts.push(`${counts.unknown} unknown`);
  if (counts.skipped) parts.push(`${counts.skipped} skipped`);
  const lines = [`${counts.total} scenarios: ${parts.join(', ')}${options.durationMs !== undefined ? ` in ${formatDuration(options.durationMs)}` : ''}`];
  const interruption = signoff.interruption;
  if (interruption) {
    lines.unshift(
      `Run INTERRUPTED (${interruption.signal}): ${interruption.finished} scenario(s) finished, ${interruption.cutShort} stopped and cleaned up, ${interruption.notRun} not run.`,
    );
  }

  const byCategory = FAILURE_CATEGORIES.map((category) => [category, signoff.failures.filter((failure) => failure.blocking && failure.category === category).length] as const).filter(([, count]) => count > 0);
  if (byCategory.length) lines.push(`Failures: ${byCategory.map(([category, count]) => `${count} ${category}`).join(', ')}`);
  if (signoff.knownIssues.length) lines.push(`Known issues (not counted): ${signoff.knownIssues.map((issue) => `${issue.ids.map((id) => id.id).join(', ')} (${issue.scenario})`).join('; ')}`);

  lines.push(`Quality gate (${outcome.evaluation.source}): ${outcome.verdict}`);
  for (const rule of outcome.evaluation.rules) {
    lines.push(`  ${rule.outcome === 'PASSED' ? '✔' : '✘'} ${rule.description}: expected ${rule.expected}, observed ${rule.observed}`);
  }
  for (const problem of outcome.problems) lines.push(`Warning: ${problem}`);

  lines.push('Reports:');
  lines.push(`  sign-off   ${shown(paths.signoffHtml)} (also signoff.md, signoff.json)`);
  for (const format of REPORT_FORMATS) {
    for (const link of format.links(paths, written[format.id] ?? false)) if (link.console) lines.push(`  ${link.console.padEnd(10)} ${shown(link.file)}`);
  }
  return `${lines.join('\n')}\n`;
}
