/**
 * The step vocabulary as users read it (`postflight steps`, README): every step definition's
 * phrasing with a working example. test/unit/step-catalogue.test.ts keeps it in step with the
 * registered definitions and with ../shared/design/STEPS.md.
 */
export interface StepEntry {
  section: string;
  keyword: 'Given' | 'When' | 'Then';
  /** The cucumber expression exactly as registered. */
  pattern: string;
  example: string;
  note?: string;
}

export const STEP_CATALOGUE: StepEntry[] = [
  {
    section: 'S3',
    keyword: 'Given',
    pattern: 'the file {string} is uploaded to {string}',
    example: 'Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${today}/${runId}.csv"',
  },
  {
    section: 'Step Functions',
    keyword: 'When',
    pattern: 'the state machine {string} is started with input:',
    example: 'When the state machine "ingest-positions" is started with input:\n  """json\n  { "bucket": "${bucket:landing}", "key": "positions/date=${today}/${runId}.csv" }\n  """',
  },
  {
    section: 'Step Functions',
    keyword: 'Then',
    pattern: 'the execution succeeds within {duration}',
    example: 'Then the execution succeeds within 2 minutes',
  },
];

export function printStepCatalogue(word?: string, write: (text: string) => void = (text) => process.stdout.write(text)): number {
  const needle = word?.toLowerCase();
  const entries = STEP_CATALOGUE.filter((entry) => !needle || `${entry.section} ${entry.pattern} ${entry.example}`.toLowerCase().includes(needle));
  if (entries.length === 0) {
    write(`No step mentions "${word}". Run \`postflight steps\` for the whole vocabulary.\n`);
    return 1;
  }
  let section = '';
  for (const entry of entries) {
    if (entry.section !== section) {
      section = entry.section;
      write(`\n## ${section}\n`);
    }
    write(`\n  ${entry.keyword} ${entry.pattern}\n`);
    write(`${entry.example.split('\n').map((line) => `      ${line}`).join('\n')}\n`);
    if (entry.note) write(`      # ${entry.note}\n`);
  }
  write(`\n${entries.length} step(s).\n`);
  return 0;
}
