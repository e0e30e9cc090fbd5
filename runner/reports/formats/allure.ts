import { createHash } from 'node:crypto';
import { allureCucumberFormat } from '../allure-formatter';
import { AllureReportError, generateAllureReport } from '../allure-report';
import { alignAllureResults } from '../allure-results';
import { writeRunRecord } from '../run-record';
import { relativeLink } from '../report-paths';
import type { ReportFormat } from '../report-format';

/**
 * Allure: results written by the allure-cucumberjs formatter while the scenarios run, brought in
 * line with the run's results afterwards, then one self-contained report with history and trends.
 */
export const allure: ReportFormat = {
  id: 'allureReport',
  entries: ['allure-results', 'allure-report', 'allure.out'],
  inputs: ['allure-results'],
  // The formatter's file target: cucumber requires one, the reporter writes nothing to it.
  scratch: ['allure.out'],
  cucumber(paths, run) {
    const addition = allureCucumberFormat(paths.directory, run);
    return { format: addition.format, options: addition.formatOptions };
  },
  async build(build) {
    const { paths, record, problems } = build;
    const alignment = alignAllureResults(paths.allureResults, record.results);
    if (alignment.scenariosWithoutResult.length) {
      problems.push(
        `${alignment.scenariosWithoutResult.length} scenario(s) have no Allure result (is support/cucumber/allure.ts loaded?): ${alignment.scenariosWithoutResult.slice(0, 5).join('; ')}`,
      );
    }
    if (alignment.foreignResults.length) problems.push(`${alignment.foreignResults.length} Allure result(s) in ${paths.allureResults} belong to no scenario of this run.`);
    // One part of a sharded run: its results are merged into one report (`postflight report --merge`),
    // which adds the run's one history entry; a report per part would cost each part its generation.
    if (record.shard) return false;
    let report;
    try {
      report = await generateAllureReport({
        resultsDirectory: paths.allureResults,
        outputDirectory: paths.allureReport,
        historyFile: build.historyFile,
        replacesHistoryEntry: build.rebuild ? record.allureHistoryEntry : undefined,
        appendHistory: !record.interruption,
        // Inside the reports being built: a run stopped while Allure works leaves nothing elsewhere.
        scratchDirectory: paths.directory,
        reportName:
          build.reportName ??
          `postflight ${record.environment.name}${record.identification.release ? ` ${record.identification.release}` : ''}${record.interruption ? ' (INTERRUPTED)' : ''}`,
      });
    } catch (error) {
      if (!(error instanceof AllureReportError)) throw error;
      problems.push(`The Allure report could not be generated: ${error.message}`);
      return false;
    }
    if (report.historyEntry) {
      record.allureHistoryEntry = report.historyEntry;
      writeRunRecord(paths.directory, record);
    }
    for (const [scenarioId, uuid] of alignment.resultUuidByScenario) {
      // The report's id for a result is the md5 of its uuid; link only ids the report really holds.
      const testId = createHash('md5').update(uuid).digest('hex');
      if (report.testIds.has(testId)) build.scenarioLinks.set(scenarioId, `${relativeLink(paths.signoff, paths.allureIndex)}#${testId}`);
    }
    return true;
  },
  links: (paths, written) => [
    ...(written
      ? [
          {
            label: 'Allure report',
            file: paths.allureIndex,
            description: 'every scenario with its steps and attached evidence, grouped by epic, feature and story, with history and trends',
            console: 'Allure',
          },
        ]
      : []),
    { label: 'Allure results', file: paths.allureResults, folder: true, description: 'the raw results the Allure report is generated from' },
  ],
};
