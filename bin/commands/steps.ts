import { PROJECT_ROOT } from '../project-root';
import { loadStepCatalogue, printStepCatalogue } from '../../runner/cucumber/step-catalogue';
import { DURATION_FORMS } from '../../model/duration';

/** `postflight steps [word]`: the vocabulary with an example for each step, and how to write a duration. */
export async function stepsCommand(word?: string): Promise<number> {
  const { steps } = await loadStepCatalogue(PROJECT_ROOT);
  let printed = '';
  const code = printStepCatalogue(steps, word, (text) => {
    printed += text;
    process.stdout.write(text);
  });
  if (printed.includes('{duration}')) {
    process.stdout.write(
      `\nDurations ({duration}): ${DURATION_FORMS} — one or more <number><unit> parts, largest unit first ` +
        '(ms, s, m or min, h, d, w; unit words singular or plural). The same forms work for `cleanup --older-than`.\n',
    );
  }
  return code;
}
