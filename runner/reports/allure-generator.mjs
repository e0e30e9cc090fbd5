// Generates one Allure report, in a process of its own (Allure 3 needs Node 22; a report of many
// results takes memory the run should not hold). Started early (allure-report.ts), it loads Allure
// — most of the time a report takes — while the scenarios run, then waits for one request on
// stdin: a JSON line { cwd, config, output, results }. Exits 0 once the report is written, 1 with
// the reason on stderr when it could not be, and 0 without a word when stdin closes with no request.
import { once } from 'node:events';
import { AllureReport, readConfig } from '@allurereport/core';
import '@allurereport/plugin-awesome';

let text = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (text += chunk));
await once(process.stdin, 'end');
if (text.trim()) {
  try {
    const request = JSON.parse(text);
    // Whatever Allure writes beside the report goes to the run's scratch folder, removed afterwards.
    process.chdir(request.cwd);
    const config = await readConfig(request.cwd, request.config, { output: request.output });
    const report = new AllureReport(config);
    await report.start();
    await report.readDirectory(request.results);
    await report.done();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}
