import { formatDuration } from '../../model/duration';
import type { InterruptSignal, Interruption } from '../../model/interruption';
import type { SignalWatch } from '../interruption/signal-watch';
import type { PreparedRun } from '../startup/prepare-run';
import { recordedSummary } from '../../sandbox/sandbox';

/** What `postflight run` tells the console besides the progress lines and the summary: its header and its interruptions. */

export function interruptedMessage(interruption: Interruption): string {
  const again = interruption.signal === 'SIGINT' ? 'Press Ctrl-C again' : 'Send SIGTERM (or Ctrl-C) again';
  return (
    `\nInterrupted (${interruption.signal}): the running scenarios stop and clean up what they wrote; the others do not start. ` +
    `The reports will say INTERRUPTED, verdict NO-GO.\n${again} to stop at once without cleaning up.\n`
  );
}

export function forcedMessage(signal: InterruptSignal, env: string, runId: string): string {
  return (
    `\n${signal} again: stopping now, without cleaning up. The previous reports are left as they were.\n` +
    `What this run wrote may remain: remove it with \`npx postflight cleanup --env ${env} --run-id ${runId}\`.\n`
  );
}

/** Interrupted where no scenario had anything to clean up: no reports are written (the previous ones stay). */
export function stoppedEarly(signals: SignalWatch, when: string): number {
  process.stderr.write(`Interrupted ${when}; the previous reports are untouched. Exit ${signals.exitCode}.\n`);
  return signals.exitCode!;
}

function sandboxNote(prepared: PreparedRun): string {
  if (!prepared.environment.endpoint) return '';
  if (!prepared.session) return ` — the running sandbox at ${prepared.environment.endpoint}`;
  return ` — local sandbox at ${prepared.environment.endpoint}, ready in ${formatDuration(prepared.session.bootMs)}`;
}

/** Resources the sandbox deployed without acting on them are never hidden. */
function recordedLine(prepared: PreparedRun): string[] {
  const summary = prepared.session ? recordedSummary(prepared.session.sandbox.cloudFormation.all()) : undefined;
  return summary ? [`  sandbox:     ${summary}`] : [];
}

export function printHeader(prepared: PreparedRun, tags: string | undefined, scenarios: number): void {
  const environment = prepared.environment;
  const lines = [
    `postflight run ${prepared.runId}`,
    `  environment: ${environment.name} (account ${environment.account}, ${environment.region})${sandboxNote(prepared)}`,
    ...recordedLine(prepared),
    `  acting as:   ${prepared.identity.arn}`,
    `  scenarios:   ${scenarios}${tags ? ` (tags: ${tags})` : ''}`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
