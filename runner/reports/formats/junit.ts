import fs from 'node:fs';
import type { ReportFormat } from '../report-format';

/** junit.xml, written by cucumber's JUnit formatter, for CodeBuild report groups. */
export const junit: ReportFormat = {
  id: 'junit',
  entries: ['junit.xml'],
  inputs: ['junit.xml'],
  cucumber: (paths, run) => ({ format: ['junit', paths.junit], options: { junit: { suiteName: `postflight ${run.environment.name}` } } }),
  build({ paths, record, problems }) {
    if (!fs.existsSync(paths.junit)) return false;
    // The JUnit file is written by cucumber, not from our results: say so when the two disagree.
    const tests = /<testsuite\b[^>]*\stests="(\d+)"/.exec(fs.readFileSync(paths.junit, 'utf8'))?.[1];
    if (tests !== undefined && Number(tests) !== record.results.length) problems.push(`junit.xml counts ${tests} tests, the run ${record.results.length} scenarios.`);
    return true;
  },
  links: (paths, written) =>
    written ? [{ label: 'JUnit XML', file: paths.junit, description: 'the results as CodeBuild report groups read them', console: 'JUnit' }] : [],
};
