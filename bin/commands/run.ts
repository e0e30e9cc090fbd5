import path from 'node:path';
import { PROJECT_ROOT } from '../project-root';
import { runSuite, type RunSuiteOptions } from '../../runner/run-suite';
import { DEFAULT_REPORTS_DIRECTORY } from '../../runner/reports/report-paths';
import { checkReportsDirectory } from '../options';
import { resolveFeaturePaths } from '../feature-paths';
import { reportStartupFailure } from './startup';

/** The options of `postflight run` as commander hands them: the run's own, and where its reports and features are. */
export interface RunCommandOptions extends Pick<
  RunSuiteOptions,
  'env' | 'tags' | 'parallel' | 'shard' | 'keepData' | 'confirm' | 'profile' | 'port' | 'sandboxEndpoint'
> {
  reportsDir?: string;
  paths: string[];
}

/** `postflight run`: the options checked here (exit 2 before anything starts), the run itself in runner/run-suite.ts. */
export async function runCommand(options: RunCommandOptions): Promise<number> {
  const reportsDirectory = path.resolve(options.reportsDir ?? path.join(PROJECT_ROOT, DEFAULT_REPORTS_DIRECTORY));
  try {
    if (options.reportsDir) checkReportsDirectory(options.reportsDir, reportsDirectory);
    const { paths: givenPaths, reportsDir: _reportsDir, ...run } = options;
    return await runSuite({
      ...run,
      projectRoot: PROJECT_ROOT,
      reportsDirectory,
      featurePaths: resolveFeaturePaths(givenPaths, PROJECT_ROOT),
      givenPaths,
      command: `postflight ${process.argv.slice(2).join(' ')}`,
    });
  } catch (error) {
    return reportStartupFailure(error);
  }
}
