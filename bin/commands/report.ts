import path from 'node:path';
import { PROJECT_ROOT } from '../project-root';
import { StartupError } from '../../model/startup-error';
import { mergeReports } from '../../runner/merge-reports';
import { rebuildReports } from '../../runner/rebuild-reports';
import { DEFAULT_REPORTS_DIRECTORY } from '../../runner/reports/report-paths';
import { RunRecordError } from '../../runner/reports/run-record';
import { checkReportsDirectory } from '../options';

/**
 * `postflight report`: exit 0 GO, 1 NO-GO, 2 nothing to rebuild from (runner/rebuild-reports.ts);
 * with `--merge <dir>…`, the shards' reports merged into one (runner/merge-reports.ts).
 */
export async function reportCommand(options: { reportsDir?: string; merge?: string[] } = {}): Promise<number> {
  const reportsDirectory = path.resolve(options.reportsDir ?? path.join(PROJECT_ROOT, DEFAULT_REPORTS_DIRECTORY));
  const command = `postflight ${process.argv.slice(2).join(' ')}`;
  try {
    if (options.merge) {
      if (options.reportsDir) checkReportsDirectory(options.reportsDir, reportsDirectory);
      const shardDirectories = options.merge.map((directory) => path.resolve(directory));
      if (shardDirectories.includes(reportsDirectory))
        throw new StartupError(
          `--reports-dir ${options.reportsDir ?? DEFAULT_REPORTS_DIRECTORY} is also one of the shard folders given to --merge: the merge would replace that shard's results.`,
          'Give the merged reports a folder of their own, e.g. --reports-dir reports (and the shards reports/shard-1 …).',
        );
      return await mergeReports({ projectRoot: PROJECT_ROOT, reportsDirectory, shardDirectories, command });
    }
    return await rebuildReports({ projectRoot: PROJECT_ROOT, reportsDirectory, givenReportsDir: options.reportsDir, command });
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
