import type { ReleaseIdentification } from './release-identification';
import { reportPaths } from './report-paths';

/**
 * What a cucumber run adds to produce Allure results: the allure-cucumberjs formatter (it must
 * have a file target, or cucumber silently drops it: only one formatter may own stdout) and its
 * options, which cucumber hands every formatter as top-level `formatOptions` keys.
 *
 * Tags → Allure: `@epic:X`, `@story:X`, `@severity:X`, `@owner:X` become labels (no `@feature:`
 * tag: the reporter already labels the Gherkin feature, and the tree would show tests twice);
 * `@req=ID`, `@issue=ID` and `@known-issue=ID` become links, through URL templates
 * (`%s` = the ID) taken from POSTFLIGHT_REQUIREMENT_URL and POSTFLIGHT_ISSUE_URL. Without a template
 * there is nothing to link to: the ID becomes a label instead (see allure-results.ts).
 */
export interface AllureRunInfo {
  environment: { name: string; account: string; region: string };
  runId: string;
  identification: ReleaseIdentification;
}

export interface LinkTemplates {
  requirement?: string;
  issue?: string;
}

export const REQUIREMENT_URL_VARIABLE = 'POSTFLIGHT_REQUIREMENT_URL';
export const ISSUE_URL_VARIABLE = 'POSTFLIGHT_ISSUE_URL';

export function linkTemplatesFromEnvironment(env: NodeJS.ProcessEnv = process.env): LinkTemplates {
  return { requirement: env[REQUIREMENT_URL_VARIABLE] || undefined, issue: env[ISSUE_URL_VARIABLE] || undefined };
}

export interface CucumberFormatAddition {
  /** A `format` entry: [formatter, file target]. */
  format: [string, string];
  /** Keys to merge into the run's `formatOptions`. */
  formatOptions: Record<string, unknown>;
}

/** allure-cucumberjs's formatter with named hooks (allure-cucumber-reporter.ts), loaded by file URL. */
export const ALLURE_FORMATTER = new URL('./allure-cucumber-reporter.ts', import.meta.url).href;

export function allureCucumberFormat(reportsDirectory: string, info: AllureRunInfo, links: LinkTemplates = linkTemplatesFromEnvironment()): CucumberFormatAddition {
  const paths = reportPaths(reportsDirectory);
  return {
    format: [ALLURE_FORMATTER, paths.allureOut],
    formatOptions: {
      resultsDir: paths.allureResults,
      labels: [
        { name: 'epic', pattern: [/^@epic:/] },
        { name: 'story', pattern: [/^@story:/] },
        { name: 'severity', pattern: [/^@severity:/] },
        { name: 'owner', pattern: [/^@owner:/] },
      ],
      links: {
        // Without a template the link is the bare ID; the reporter needs a template all the same
        // (it throws on a missing one, and the run loses its last scenario).
        requirement: { pattern: [/^@req=/], urlTemplate: links.requirement ?? '%s' },
        issue: { pattern: [/^@issue=/, /^@known-issue=/], urlTemplate: links.issue ?? '%s' },
      },
      environmentInfo: allureEnvironmentInfo(info),
    },
  };
}

/** The report's "environment" panel: where and what was tested. */
export function allureEnvironmentInfo(info: AllureRunInfo): Record<string, string> {
  const { environment, identification } = info;
  const entries: Array<[string, string | undefined]> = [
    ['environment', environment.name],
    ['account', environment.account],
    ['region', environment.region],
    ['release', identification.release],
    ['commit', identification.commit],
    ['build', identification.build],
    ['pipelineExecution', identification.pipelineExecution],
    ['runId', info.runId],
  ];
  return Object.fromEntries(entries.filter((entry): entry is [string, string] => Boolean(entry[1])));
}
