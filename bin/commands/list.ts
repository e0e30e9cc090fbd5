import { PROJECT_ROOT } from '../project-root';
import { dryRunScenarios } from '../../runner/cucumber/cucumber-runner';
import { loadRunEnvironment } from '../../runner/environments/load-environment';
import { reportStartupFailure } from './startup';
import { effectiveTags } from '../../runner/startup/protected-run';
import { resolveFeaturePaths } from '../feature-paths';
import { selectionFailure } from '../../runner/cucumber/selection-failure';

/** `postflight list`: the scenarios a run would execute; exit 2 when the selection itself is wrong. */
export async function listCommand(options: { env: string; tags?: string; profile?: string; paths: string[] }): Promise<number> {
  try {
    const environment = loadRunEnvironment(options.env, PROJECT_ROOT);
    const tags = effectiveTags(environment, options.tags ?? environment.tags);
    const paths = resolveFeaturePaths(options.paths, PROJECT_ROOT);
    const planned = await dryRunScenarios({ projectRoot: PROJECT_ROOT, profile: options.profile, paths, tags }).catch((error: unknown) => {
      throw selectionFailure(error);
    });
    let feature = '';
    for (const scenario of planned) {
      if (scenario.uri !== feature) {
        feature = scenario.uri;
        process.stdout.write(`\n${feature}\n`);
      }
      process.stdout.write(`  ${scenario.name}${scenario.tags.length ? `  ${scenario.tags.join(' ')}` : ''}\n`);
      for (const step of scenario.undefinedSteps) process.stdout.write(`      undefined step: ${step}\n`);
    }
    process.stdout.write(`\n${planned.length} scenario(s) would run against "${environment.name}"${tags ? ` with tags: ${tags}` : ''}.\n`);
    return 0;
  } catch (error) {
    return reportStartupFailure(error);
  }
}
