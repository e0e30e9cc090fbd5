import { formatDuration } from '../../model/duration';
import type { ScenarioResult } from '../../model/scenario-result';

const MARKS: Record<string, string> = {
  PASSED: '✔',
  FAILED: '✘',
  SKIPPED: '-',
  UNDEFINED: '?',
  AMBIGUOUS: '?',
  PENDING: '…',
  UNKNOWN: '?',
  STOPPED: '■',
};

/** How much of a failure message a progress line shows; what is left out is announced, never dropped silently. */
export const MESSAGE_LINES = 12;
export const LINE_CHARACTERS = 240;
const INDENT = '           ';

export interface ProgressOptions {
  /** Where the whole text of a shortened failure message can be read, e.g. "the Allure report and reports/junit.xml". */
  fullText?: string;
}

/** One line per finished scenario, with a running count, so a long run shows where it is. */
export class ProgressPrinter {
  private count = 0;
  private notRun = 0;

  constructor(
    private readonly total: number,
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
    private readonly options: ProgressOptions = {},
  ) {}

  scenarioFinished(result: ScenarioResult): void {
    this.count += 1;
    // Scenarios an interruption kept from starting are counted once, at the end.
    if (result.interrupted === 'not run') {
      this.notRun += 1;
      return;
    }
    const status = result.interrupted && result.status === 'SKIPPED' ? 'STOPPED' : result.status;
    const counter = `[${String(this.count).padStart(String(this.total).length)}/${this.total}]`;
    this.write(
      `${counter} ${MARKS[status] ?? '?'} ${status.padEnd(9)} ${result.feature} › ${result.name} (${formatDuration(result.durationMs)})`,
    );
    if (result.status !== 'PASSED' && result.message) {
      this.write(`${INDENT}at step: ${result.failedStep ?? 'a hook'}\n${shortened(result.message, this.options.fullText)}`);
    }
  }

  /** After the last scenario: what an interruption kept from running. */
  finished(): void {
    if (this.notRun) this.write(`${INDENT}${this.notRun} scenario(s) not run: the run was interrupted`);
  }
}

/** The first MESSAGE_LINES lines, each at most LINE_CHARACTERS long, with a marker saying what was left out and where it is. */
export function shortened(message: string, fullText = 'the Allure report and junit.xml'): string {
  const lines = message.split('\n');
  const shown = lines
    .slice(0, MESSAGE_LINES)
    .map((line) =>
      line.length > LINE_CHARACTERS ? `${line.slice(0, LINE_CHARACTERS)}… (${line.length - LINE_CHARACTERS} more characters)` : line,
    );
  const cut = lines.length > MESSAGE_LINES || shown.some((line, index) => line !== lines[index]);
  if (lines.length > MESSAGE_LINES) shown.push(`… ${lines.length - MESSAGE_LINES} more line(s)`);
  if (cut) shown.push(`(shortened here: the whole message is in ${fullText})`);
  return shown.map((line) => `${INDENT}${line}`).join('\n');
}
