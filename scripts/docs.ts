// `npm run docs`: rewrites the generated parts of README.md — the step list, from the step declarations
// (steps/*.steps.ts). test/unit/step-catalogue.test.ts fails while README.md is not current.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadStepCatalogue, stepListMarkdown, withStepList } from '../runner/cucumber/step-catalogue';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readmeFile = path.join(root, 'README.md');
const readme = fs.readFileSync(readmeFile, 'utf8');
const { steps } = await loadStepCatalogue(root);
const updated = withStepList(readme, stepListMarkdown(steps));
if (updated === readme) process.stdout.write('README.md is current.\n');
else {
  fs.writeFileSync(readmeFile, updated);
  process.stdout.write(`README.md: step list rewritten (${steps.length} steps).\n`);
}
