import { printStepCatalogue } from '../../support/step-catalogue';

/** `postflight steps [word]`: the vocabulary with an example for each step. */
export async function stepsCommand(word?: string): Promise<number> {
  return printStepCatalogue(word);
}
