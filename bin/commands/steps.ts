/** Placeholder until the step catalogue lands (see support/step-catalogue.ts). */
export async function stepsCommand(word?: string): Promise<number> {
  const { printStepCatalogue } = await import('../../support/step-catalogue');
  return printStepCatalogue(word);
}
