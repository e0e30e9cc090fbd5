import { formatDuration } from '../duration';
import type { ScenarioResult } from './run-results';

const MARKS: Record<string, string> = {
  PASSED: '✔',
  FAILED: '✘',
  SKIPPED: '-',
  UNDEFINED: '?',
  AMBIGUOUS: '?',
  PENDING: '…',
  UNKNOWN: '?',
};

/** One line per finished scenario, with a running count, so a long run shows where it is. */
export class ProgressPrinter {
  private finished = 0;

  constructor(
    private readonly total: number,
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  scenarioFinished(result: ScenarioResult): void {
    this.finished += 1;
    const counter = `[${String(this.finished).padStart(String(this.total).length)}/${this.total}]`;
    this.write(
      `${counter} ${MARKS[result.status] ?? '?'} ${result.status.padEnd(9)} ${result.feature} › ${result.name} (${formatDuration(result.durationMs)})`,
    );
    if (result.status !== 'PASSED' && result.status !== 'SKIPPED' && result.message) {
      const firstLines = result.message
        .split('\n')
        .slice(0, 6)
        .map((line) => `           ${line}`)
        .join('\n');
      this.write(`           at step: ${result.failedStep ?? 'a hook'}\n${firstLines}`);
    }
  }
}
