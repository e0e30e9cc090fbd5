import path from 'node:path';
import { PROJECT_ROOT } from '../project-root';
import { StartupError } from '../../model/startup-error';
import { rebuildReports } from '../../runner/rebuild-reports';
import { DEFAULT_REPORTS_DIRECTORY } from '../../runner/reports/report-paths';
import { RunRecordError } from '../../runner/reports/run-record';

/** `postflight report`: exit 0 GO, 1 NO-GO, 2 nothing to rebuild from (runner/rebuild-reports.ts). */
export async function reportCommand(options: { reportsDir?: string } = {}): Promise<number> {
  try {
    return await rebuildReports({
      projectRoot: PROJECT_ROOT,
      reportsDirectory: path.resolve(options.reportsDir ?? path.join(PROJECT_ROOT, DEFAULT_REPORTS_DIRECTORY)),
      givenReportsDir: options.reportsDir,
      command: `postflight ${process.argv.slice(2).join(' ')}`,
    });
  } catch (error) {
    // Nothing to rebuild from, a bad gate file, a reports directory locked or unusable: exit 2.
    if (error instanceof RunRecordError || error instanceof StartupError) {
      process.stderr.write(
        `\npostflight report: ${error.message}\n${error instanceof StartupError && error.hint ? `What to do: ${error.hint}\n` : ''}\n`,
      );
      return 2;
    }
    throw error;
  }
}
