import { PROJECT_ROOT } from '../project-root';
import { loadEnvironment, EnvironmentError } from '../../support/environment/load-environment';
import { dryRunScenarios } from '../../support/run/cucumber-runner';
import { StartupError } from '../../support/run/startup-error';
import { reportStartupFailure } from './startup';
import { effectiveTags } from '../../support/guards/protected-environment';

export async function listCommand(options: { env: string; tags?: string; profile?: string; paths: string[] }): Promise<number> {
  try {
    let environment;
    try {
      environment = loadEnvironment(options.env, PROJECT_ROOT);
    } catch (error) {
      if (error instanceof EnvironmentError) throw new StartupError(error.message);
      throw error;
    }
    const tags = effectiveTags(environment, options.tags ?? environment.tags);
    const planned = await dryRunScenarios({ projectRoot: PROJECT_ROOT, profile: options.profile, paths: options.paths, tags }).catch(
      (error: Error) => {
        throw new StartupError(`The scenarios could not be selected: ${error.message}`);
      },
    );
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
