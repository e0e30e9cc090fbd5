import { loadConfiguration, loadSupport } from '@cucumber/cucumber/api';
import { declaredSteps, type StepDeclaration } from '../../support/cucumber/define-steps';

/**
 * The step vocabulary as users read it — `postflight steps` and the README's step list (`npm run
 * docs`) — derived from the step declarations (support/cucumber/define-steps.ts) of the support code
 * the project's cucumber configuration loads: what is listed is what runs.
 */
export interface StepCatalogue {
  /** The declared steps, section by section in the vocabulary's order, each section in declaration order. */
  steps: StepDeclaration[];
  /** Every step definition cucumber registered (a declared check step registers two: with and without `where`). */
  definitions: Array<{ pattern: string; matches(text: string): boolean }>;
}

const WHERE_NOTE = 'may end with ` where "<SQL predicate>"` (before the colon when the step takes a table)';

let loaded: Promise<StepCatalogue> | undefined;

/** Loads the project's support code as cucumber does (nothing runs); once per process. */
export function loadStepCatalogue(projectRoot: string): Promise<StepCatalogue> {
  loaded ??= (async () => {
    const { runConfiguration } = await loadConfiguration({ file: 'cucumber.cjs' }, { cwd: projectRoot });
    const library = (await loadSupport(runConfiguration, { cwd: projectRoot })) as unknown as {
      stepDefinitions: Array<{ pattern: string | RegExp; expression: { match(text: string): unknown } }>;
    };
    return {
      steps: [...declaredSteps()].sort((a, b) => a.section.order - b.section.order),
      definitions: library.stepDefinitions.map((definition) => ({
        pattern: String(definition.pattern),
        matches: (text: string) => definition.expression.match(text) !== null,
      })),
    };
  })();
  return loaded;
}

/** The steps by section title, in order. */
function bySection(steps: readonly StepDeclaration[]): Array<[title: string, steps: StepDeclaration[]]> {
  const sections = new Map<string, StepDeclaration[]>();
  for (const step of steps) sections.set(step.section.title, [...(sections.get(step.section.title) ?? []), step]);
  return [...sections];
}

/** A section whose every step takes ` where "…"` says so once, in its heading. */
function everyStepScopable(steps: readonly StepDeclaration[]): boolean {
  return steps.every((step) => step.scopable);
}

/** `postflight steps [word]`: every step with its example and note; 1 when no step mentions the word. */
export function printStepCatalogue(
  steps: readonly StepDeclaration[],
  word?: string,
  write: (text: string) => void = (text) => process.stdout.write(text),
): number {
  const needle = word?.toLowerCase();
  const shown = steps.filter((step) => !needle || `${step.section.title} ${step.pattern} ${step.example}`.toLowerCase().includes(needle));
  if (shown.length === 0) {
    write(`No step mentions "${word}". Run \`postflight steps\` for the whole vocabulary.\n`);
    return 1;
  }
  for (const [title, sectionSteps] of bySection(shown)) {
    const whole = steps.filter((step) => step.section.title === title);
    write(`\n## ${title}${everyStepScopable(whole) ? `  (every step ${WHERE_NOTE})` : ''}\n`);
    for (const step of sectionSteps) {
      write(`\n  ${step.keyword} ${step.pattern}\n`);
      write(
        `${step.example
          .split('\n')
          .map((line) => `      ${line}`)
          .join('\n')}\n`,
      );
      if (step.note) write(`      # ${step.note}\n`);
    }
  }
  write(
    `\n${shown.length} step(s).${needle ? '' : ' Quoted arguments, doc strings and table cells are templated: ${runId}, ${scenarioId}, ${today}, ${today-1d}, ${env.name}, ${bucket:<name>}, ${table:<db>.<table>}, remembered values.'}\n`,
  );
  return 0;
}

/** The README's step list: one `####` heading per section, one line per step with its note. */
export function stepListMarkdown(steps: readonly StepDeclaration[]): string {
  const blocks = bySection(steps).map(([title, sectionSteps]) => {
    const lines = [`#### ${title}`, ''];
    if (everyStepScopable(sectionSteps)) lines.push(`Every step ${WHERE_NOTE}.`, '');
    for (const step of sectionSteps) lines.push(`- \`${step.keyword} ${step.pattern}\`${step.note ? ` — ${step.note}` : ''}`);
    return lines.join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

/** Where the generated list sits in README.md. */
export const README_STEPS_START =
  '<!-- steps: generated from the step declarations by `npm run docs`; edit steps/*.steps.ts, not this list -->';
export const README_STEPS_END = '<!-- /steps -->';

/** The README with its step list replaced by `list`; throws when the markers are missing. */
export function withStepList(readme: string, list: string): string {
  const start = readme.indexOf(README_STEPS_START);
  const end = readme.indexOf(README_STEPS_END);
  if (start < 0 || end < start) throw new Error(`README.md has no step list between "${README_STEPS_START}" and "${README_STEPS_END}".`);
  return `${readme.slice(0, start + README_STEPS_START.length)}\n\n${list}\n${readme.slice(end)}`;
}
