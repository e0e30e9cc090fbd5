import fs from 'node:fs';
import type { ReportFormat } from '../report-format';

/** cucumber.ndjson: the run's complete stream of cucumber messages. */
export const cucumberMessages: ReportFormat = {
  id: 'messages',
  entries: ['cucumber.ndjson'],
  inputs: ['cucumber.ndjson'],
  cucumber: (paths) => ({ format: ['message', paths.messages] }),
  build: ({ paths }) => fs.existsSync(paths.messages),
  links: (paths, written) =>
    written ? [{ label: 'Cucumber messages', file: paths.messages, description: 'the complete event stream of the run (NDJSON)', console: 'messages' }] : [],
};
