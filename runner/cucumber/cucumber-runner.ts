import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { loadConfiguration, loadSources, runCucumber } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import type { PostflightParameters } from '../../support/world';
import { REPORT_FORMATS } from '../reports/formats';
import { reportPaths } from '../reports/report-paths';
import type { ReleaseIdentification } from '../reports/release-identification';
import { StartupError } from '../../model/startup-error';
import { announceInterruption, currentInterruption } from '../../model/interruption';
import { compileStepLibrary, expandSupportPaths, stepLibraryDirectory, workerNodeOptions } from './step-library';

/** The cucumber configuration file of the project, with its profiles. */
const CONFIGURATION_FILE = 'cucumber.cjs';

/** Loaded before the compiled step library: its source map is read, the maps of the modules before it are not. */
const ENABLE_SOURCE_MAPS = fileURLToPath(new URL('./enable-source-maps.mjs', import.meta.url));

/** What every run adds to the project's support code: how scenarios behave when the run is interrupted. */
const INTERRUPT_HOOKS = fileURLToPath(new URL('../../support/interruption/interrupt-hooks.ts', import.meta.url));

export interface ScenarioSelection {
  projectRoot: string;
  profile?: string;
  /** Feature files or directories; default: the profile's paths. */
  paths?: string[];
  tags?: string;
}

export interface CucumberRun extends ScenarioSelection {
  parallel?: number;
  worldParameters: PostflightParameters;
  reportsDirectory: string;
  identification: ReleaseIdentification;
  onMessage?: (envelope: Envelope) => void;
}

export interface PlannedScenario {
  name: string;
  uri: string;
  line?: number;
  tags: string[];
}

async function configuration(selection: ScenarioSelection, provided: Record<string, unknown>) {
  if (selection.profile) checkProfile(selection.projectRoot, selection.profile);
  return loadConfiguration(
    {
      file: CONFIGURATION_FILE, // relative to cwd (the project root), as cucumber resolves it
      profiles: selection.profile ? [selection.profile] : [],
      provided: {
        ...(selection.tags ? { tags: selection.tags } : {}),
        ...provided,
      },
    },
    { cwd: selection.projectRoot },
  ).then((resolved) => {
    // Paths given on the command line replace the profile's (cucumber would merge them).
    if (selection.paths?.length) resolved.runConfiguration.sources.paths = selection.paths;
    return resolved;
  });
}

/** `--profile nosuch` is answered with the profiles that exist. */
function checkProfile(projectRoot: string, profile: string): void {
  const file = path.join(projectRoot, CONFIGURATION_FILE);
  const profiles = fs.existsSync(file) ? Object.keys(createRequire(import.meta.url)(file) as Record<string, unknown>) : [];
  if (!profiles.includes(profile)) {
    throw new StartupError(
      `There is no profile "${profile}" in ${CONFIGURATION_FILE}. Its profiles: ${profiles.join(', ') || 'none'}.`,
      `Give one of them to --profile, or add "${profile}" to ${CONFIGURATION_FILE}.`,
    );
  }
}

/** The scenarios a run would execute (nothing executed). A feature file that does not parse stops here. */
export async function planScenarios(selection: ScenarioSelection): Promise<PlannedScenario[]> {
  const { runConfiguration } = await configuration(selection, {});
  return loadPlan(runConfiguration.sources, selection.projectRoot);
}

async function loadPlan(sources: Parameters<typeof loadSources>[0], projectRoot: string): Promise<PlannedScenario[]> {
  const plan = await loadSources(sources, { cwd: projectRoot });
  if (plan.errors.length) {
    const lines = plan.errors.map((error) => {
      const absolute = path.resolve(projectRoot, error.uri);
      const relative = path.relative(process.cwd(), absolute);
      const file = relative.startsWith('..') ? absolute : relative;
      const where = `${file}:${error.location.line}${error.location.column ? `:${error.location.column}` : ''}`;
      return `  ${where}: ${error.message.replace(/^\(\d+:\d+\): /, '')}`;
    });
    throw new StartupError(
      `${plan.errors.length === 1 ? 'A feature file does' : `${plan.errors.length} places in the feature files do`} not parse as Gherkin:\n${lines.join('\n')}`,
      'Fix the feature file at that line: every line of a scenario is a step (Given/When/Then/And/But), a table row, a doc string, a tag or a comment.',
    );
  }
  return plan.plan.map((pickle) => ({ name: pickle.name, uri: pickle.uri, line: pickle.location.line, tags: [] }));
}

/**
 * A dry run through the real pipeline (support code loaded, nothing executed): the selected
 * scenarios with their tags, and steps that match no definition.
 */
export async function dryRunScenarios(selection: ScenarioSelection): Promise<Array<PlannedScenario & { undefinedSteps: string[] }>> {
  const { runConfiguration } = await configuration(selection, { dryRun: true });
  await loadPlan(runConfiguration.sources, selection.projectRoot);
  runConfiguration.formats = { ...runConfiguration.formats, stdout: 'summary', files: {} };
  const environment = await useStepLibrary(runConfiguration.support, selection.projectRoot);
  const pickles = new Map<string, PlannedScenario & { undefinedSteps: string[] }>();
  const stepTexts = new Map<string, string>();
  const pickleOfCase = new Map<string, string>();
  await runCucumber(runConfiguration, { ...environment, stdout: nullStream(), stderr: process.stderr }, (envelope) => {
    if (envelope.pickle) {
      const pickle = envelope.pickle;
      pickle.steps.forEach((step) => stepTexts.set(step.id, step.text));
      pickles.set(pickle.id, { name: pickle.name, uri: pickle.uri, tags: pickle.tags.map((tag) => tag.name), undefinedSteps: [] });
    }
    if (envelope.testCase) {
      pickleOfCase.set(envelope.testCase.id, envelope.testCase.pickleId);
      for (const step of envelope.testCase.testSteps) {
        if (step.pickleStepId && step.stepDefinitionIds?.length === 0)
          pickles.get(envelope.testCase.pickleId)?.undefinedSteps.push(stepTexts.get(step.pickleStepId) ?? '');
      }
    }
  });
  return [...pickleOfCase.values()].map((id) => pickles.get(id)!).filter(Boolean);
}

/** Runs the scenarios with the real cucumber pipeline and the formatters of the report formats (reports/formats/). */
export async function runScenarios(run: CucumberRun): Promise<{ success: boolean }> {
  const { environment, runId } = run.worldParameters;
  const paths = reportPaths(run.reportsDirectory);
  const formatters = REPORT_FORMATS.flatMap(
    (format) => format.cucumber?.(paths, { environment, runId, identification: run.identification }) ?? [],
  );
  const { runConfiguration } = await configuration(run, {
    worldParameters: run.worldParameters,
    parallel: run.parallel ?? 0,
    format: formatters.map((formatter) => formatter.format),
    formatOptions: Object.assign({}, ...formatters.map((formatter) => formatter.options)),
  });
  // Our own progress lines own stdout (see progress.ts); cucumber's summary formatter is not used.
  runConfiguration.formats.stdout = 'summary';
  // Loaded last: its Before hooks run after the project's, its After hooks before them.
  runConfiguration.support.importPaths = [...(runConfiguration.support.importPaths ?? []), INTERRUPT_HOOKS];
  const cucumberEnvironment = await useStepLibrary(runConfiguration.support, run.projectRoot);
  const onMessage = (envelope: Envelope) => {
    // A worker thread that was still loading when the run was interrupted hears of it now.
    const interruption = currentInterruption();
    if (interruption && envelope.testCaseStarted) announceInterruption(interruption);
    run.onMessage?.(envelope);
  };
  const result = await runCucumber(runConfiguration, { ...cucumberEnvironment, stdout: nullStream(), stderr: process.stderr }, onMessage);
  return { success: result.success };
}

type SupportCoordinates = Awaited<ReturnType<typeof loadConfiguration>>['runConfiguration']['support'];

/**
 * The support files imported as the compiled step library (step-library.ts); the workers then
 * load plain JavaScript, without the TypeScript loader — unless the profile also `require`s files
 * or modules, which may need it.
 */
async function useStepLibrary(support: SupportCoordinates, projectRoot: string): Promise<{ cwd: string; env: NodeJS.ProcessEnv }> {
  let library;
  try {
    library = await compileStepLibrary(projectRoot, expandSupportPaths(projectRoot, support.importPaths ?? []));
  } catch (error) {
    // A file-system error (a read-only installation, a full disk): the sources are loaded as they are, only more slowly.
    const { code, syscall } = error as NodeJS.ErrnoException;
    if (!code || !syscall) throw error;
    process.stderr.write(
      `warning: the step library could not be compiled into ${stepLibraryDirectory(projectRoot)} (${code}); loading the sources instead.\n`,
    );
    return { cwd: projectRoot, env: process.env };
  }
  support.importPaths = [ENABLE_SOURCE_MAPS, library.file];
  const requires = (support.requirePaths?.length ?? 0) + (support.requireModules?.length ?? 0) + (support.loaders?.length ?? 0);
  return { cwd: projectRoot, env: requires ? process.env : { ...process.env, NODE_OPTIONS: workerNodeOptions() } };
}

function nullStream(): Writable {
  return new Writable({ write: (_chunk, _encoding, callback) => callback() });
}
