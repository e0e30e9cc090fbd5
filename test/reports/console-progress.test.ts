import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LINE_CHARACTERS, MESSAGE_LINES, ProgressPrinter } from '../../runner/console/progress';
import type { ScenarioResult } from '../../model/scenario-result';

/** The console's progress lines: a failure message is never cut without saying so and where the rest is. */
describe('progress lines on the console', () => {
  const failed = (message: string): ScenarioResult => ({
    id: 'p1',
    name: 'Identifiers are unique',
    feature: 'Data quality',
    uri: 'features/data/quality.feature',
    tags: [],
    status: 'FAILED',
    durationMs: 1200,
    failedStep: 'the column "id" of "curated.positions" is unique',
    message,
  });
  const print = (result: ScenarioResult) => {
    const lines: string[] = [];
    new ProgressPrinter(3, (line) => lines.push(...line.split('\n')), { fullText: 'the Allure report and reports/junit.xml' }).scenarioFinished(result);
    return lines;
  };

  it('shows a short message whole, with no marker', () => {
    const lines = print(failed('2 duplicate key(s):\n  id=7 (2 rows)\n  id=9 (3 rows)'));
    assert.match(lines[0]!, /^\[1\/3\] ✘ FAILED +Data quality › Identifiers are unique \(1\.2 s\)$/);
    assert.deepEqual(lines.slice(2).map((line) => line.trim()), ['2 duplicate key(s):', 'id=7 (2 rows)', 'id=9 (3 rows)']);
  });

  it('cuts a long message with a marker saying how much is left out and where the whole text is', () => {
    const message = ['Reconciliation failed:', ...Array.from({ length: 30 }, (_, index) => `  row ${index + 1}: differs`), '  duplicate keys: 2 in source, 0 in target'].join('\n');
    const lines = print(failed(message)).slice(2).map((line) => line.trim());
    assert.equal(lines.length, MESSAGE_LINES + 2);
    assert.equal(lines[MESSAGE_LINES], `… ${32 - MESSAGE_LINES} more line(s)`);
    assert.equal(lines[MESSAGE_LINES + 1], '(shortened here: the whole message is in the Allure report and reports/junit.xml)');
  });

  it('cuts a very long line with a marker too', () => {
    const lines = print(failed(`actual row: ${'x'.repeat(1000)}`)).slice(2).map((line) => line.trim());
    assert.match(lines[0]!, new RegExp(`^actual row: x{${LINE_CHARACTERS - 12}}… \\(${1012 - LINE_CHARACTERS} more characters\\)$`));
    assert.match(lines[1]!, /^\(shortened here: the whole message is in/);
  });

  it('shows a scenario stopped by an interruption as STOPPED, and counts those that did not run at the end', () => {
    const lines: string[] = [];
    const printer = new ProgressPrinter(3, (line) => lines.push(line));
    printer.scenarioFinished({ ...failed('The run was interrupted (SIGINT): this step was stopped.'), status: 'SKIPPED', interrupted: 'cut short' });
    printer.scenarioFinished({ ...failed(''), id: 'p2', status: 'SKIPPED', interrupted: 'not run', message: undefined });
    printer.scenarioFinished({ ...failed(''), id: 'p3', status: 'SKIPPED', interrupted: 'not run', message: undefined });
    printer.finished();
    assert.match(lines[0]!, /^\[1\/3\] ■ STOPPED +Data quality › Identifiers are unique/);
    assert.match(lines[1]!, /at step: the column "id".*\n.*The run was interrupted \(SIGINT\)/s);
    assert.match(lines[2]!, /2 scenario\(s\) not run: the run was interrupted$/);
    assert.equal(lines.length, 3);
  });
});
