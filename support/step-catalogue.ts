/**
 * The step vocabulary as users read it (`postflight steps`, README): every step definition's
 * phrasing with a working example. test/unit/step-catalogue.test.ts keeps it in step with the
 * registered definitions and with the public contract, STEPS.md.
 */
export interface StepEntry {
  section: string;
  keyword: 'Given' | 'When' | 'Then';
  /** The cucumber expression exactly as registered. */
  pattern: string;
  example: string;
  note?: string;
}

const WHERE_NOTE = 'may end with ` where "<SQL predicate>"` (before the colon when the step takes a table)';

export const STEP_CATALOGUE: StepEntry[] = [
  // S3
  {
    section: 'S3',
    keyword: 'Given',
    pattern: 'the file {string} is uploaded to {string}',
    example: 'Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${today}/${runId}.csv"',
    note: 'the fixture path is relative to fixtures/; uploaded verbatim',
  },
  {
    section: 'S3',
    keyword: 'Given',
    pattern: 'the object {string} is written with:',
    example: 'Given the object "s3://landing/notes/${runId}.txt" is written with:\n  """\n  any text\n  """',
  },
  {
    section: 'S3',
    keyword: 'Given',
    pattern: 'these rows are uploaded as CSV to {string}:',
    example:
      'Given these rows are uploaded as CSV to "s3://landing/positions/date=${today}/${runId}.csv":\n  | account_id | security_id  | quantity | market_value |\n  | A-1        | US0378331005 | 100      | 18934.00     |',
  },
  {
    section: 'S3',
    keyword: 'Then',
    pattern: 'an object exists at {string} within {duration}',
    example: 'Then an object exists at "s3://curated/positions/as_of_date=${today}/" within 30 seconds',
    note: 'a trailing / means "any object under this prefix"',
  },
  {
    section: 'S3',
    keyword: 'Then',
    pattern: 'no object exists at {string}',
    example: 'Then no object exists at "s3://quarantine/positions/${runId}.csv"',
  },
  {
    section: 'S3',
    keyword: 'Then',
    pattern: 'the object {string} has {int} row(s)',
    example: 'Then the object "s3://curated/out/${runId}.csv" has 3 rows',
    note: 'CSV (header excluded), JSON lines or Parquet, by extension',
  },
  {
    section: 'S3',
    keyword: 'Then',
    pattern: 'the object {string} matches the file {string}',
    example: 'Then the object "s3://curated/out/${runId}.csv" matches the file "expected/out.csv"',
    note: 'same rows, order-insensitive, for data files; byte for byte otherwise',
  },
  // Step Functions
  {
    section: 'Step Functions',
    keyword: 'When',
    pattern: 'the state machine {string} is started with input:',
    example:
      'When the state machine "ingest-positions" is started with input:\n  """json\n  { "bucket": "${bucket:landing}", "key": "positions/date=${today}/${runId}.csv" }\n  """',
  },
  {
    section: 'Step Functions',
    keyword: 'When',
    pattern: 'the state machine {string} is started with input from {string}',
    example: 'When the state machine "ingest-positions" is started with input from "events/ingest.json"',
    note: 'the JSON fixture is templated',
  },
  {
    section: 'Step Functions',
    keyword: 'When',
    pattern: 'the state machine {string} is started',
    example: 'When the state machine "ingest-positions" is started',
  },
  {
    section: 'Step Functions',
    keyword: 'Then',
    pattern: 'the execution succeeds within {duration}',
    example: 'Then the execution succeeds within 2 minutes',
  },
  {
    section: 'Step Functions',
    keyword: 'Then',
    pattern: 'the execution fails within {duration}',
    example: 'Then the execution fails within 2 minutes',
  },
  {
    section: 'Step Functions',
    keyword: 'Then',
    pattern: 'the execution fails within {duration} with error {string}',
    example: 'Then the execution fails within 2 minutes with error "ValidationFailed"',
  },
  {
    section: 'Step Functions',
    keyword: 'Then',
    pattern: 'the execution output matches:',
    example: 'Then the execution output matches:\n  | path           | value |\n  | $.status       | OK    |\n  | $.recordCount  | 3     |',
  },
  {
    section: 'Step Functions',
    keyword: 'Then',
    pattern: 'the execution output contains:',
    example: 'Then the execution output contains:\n  """json\n  { "status": "OK" }\n  """',
    note: 'deep partial match: extra keys are allowed',
  },
  {
    section: 'Step Functions',
    keyword: 'Then',
    pattern: 'the execution path is:',
    example: 'Then the execution path is:\n  | ValidateFile |\n  | IsValid      |\n  | Transform    |\n  | Done         |',
    note: 'the top-level states entered, in order, once per entry',
  },
  {
    section: 'Step Functions',
    keyword: 'Then',
    pattern: 'the state {string} was entered',
    example: 'Then the state "Transform" was entered',
  },
  {
    section: 'Step Functions',
    keyword: 'Then',
    pattern: 'the state {string} was not entered',
    example: 'Then the state "Quarantine" was not entered',
  },
  {
    section: 'Step Functions',
    keyword: 'Then',
    pattern: 'the state {string} output matches:',
    example: 'Then the state "Transform" output matches:\n  | path         | value |\n  | $.rowCount   | 3     |',
  },
  {
    section: 'Step Functions',
    keyword: 'Then',
    pattern: 'the state {string} was retried {int} time(s)',
    example: 'Then the state "Transform" was retried 2 times',
  },
  // Lambda
  {
    section: 'Lambda',
    keyword: 'When',
    pattern: 'the Lambda function {string} is invoked with payload:',
    example:
      'When the Lambda function "validate-positions" is invoked with payload:\n  """json\n  { "bucket": "${bucket:landing}", "key": "positions/date=${today}/${runId}.csv" }\n  """',
  },
  {
    section: 'Lambda',
    keyword: 'When',
    pattern: 'the Lambda function {string} is invoked with payload from {string}',
    example: 'When the Lambda function "validate-positions" is invoked with payload from "events/validate.json"',
    note: 'the JSON fixture is templated',
  },
  { section: 'Lambda', keyword: 'Then', pattern: 'the invocation succeeds', example: 'Then the invocation succeeds' },
  {
    section: 'Lambda',
    keyword: 'Then',
    pattern: 'the invocation fails with error type {string}',
    example: 'Then the invocation fails with error type "ValidationError"',
  },
  {
    section: 'Lambda',
    keyword: 'Then',
    pattern: 'the response matches:',
    example: 'Then the response matches:\n  | path      | value |\n  | $.status  | VALID |',
  },
  {
    section: 'Lambda',
    keyword: 'Then',
    pattern: 'the response contains:',
    example: 'Then the response contains:\n  """json\n  { "status": "VALID" }\n  """',
  },
  {
    section: 'Lambda',
    keyword: 'Then',
    pattern: 'the response conforms to the schema {string}',
    example: 'Then the response conforms to the schema "schemas/validation-result.schema.json"',
    note: 'JSON Schema draft-07 or 2020-12, a fixture',
  },
  {
    section: 'Lambda',
    keyword: 'Then',
    pattern: 'the function log contains {string}',
    example: 'Then the function log contains "validated 3 rows"',
  },
  // Remembering values
  {
    section: 'Remembering values',
    keyword: 'Then',
    pattern: 'the execution output {string} is remembered as {string}',
    example: 'And the execution output "$.outputKey" is remembered as "curatedKey"',
    note: 'then ${curatedKey} is usable in later steps',
  },
  {
    section: 'Remembering values',
    keyword: 'Then',
    pattern: 'the response {string} is remembered as {string}',
    example: 'And the response "$.recordCount" is remembered as "expectedRows"',
  },
  {
    section: 'Remembering values',
    keyword: 'Given',
    pattern: 'the value {string} is remembered as {string}',
    example: 'Given the value "s3://${bucket:landing}/positions/${runId}.csv" is remembered as "landedFile"',
  },
  // Athena queries
  {
    section: 'Athena queries',
    keyword: 'When',
    pattern: 'the query is run:',
    example:
      'When the query is run:\n  """sql\n  SELECT account_id, quantity FROM ${table:curated.positions} WHERE as_of_date = DATE \'${today}\' ORDER BY account_id\n  """',
  },
  {
    section: 'Athena queries',
    keyword: 'Then',
    pattern: 'the query result is:',
    example: 'Then the query result is:\n  | account_id | quantity |\n  | A-1        | 100      |',
    note: 'a multiset of rows; cells as text, numbers numerically (100 = 100.0); <null> for NULL',
  },
  {
    section: 'Athena queries',
    keyword: 'Then',
    pattern: 'the query result is, in order:',
    example: 'Then the query result is, in order:\n  | account_id | quantity |\n  | A-1        | 100      |',
  },
  { section: 'Athena queries', keyword: 'Then', pattern: 'the query returns {int} row(s)', example: 'Then the query returns 3 rows' },
  {
    section: 'Athena queries',
    keyword: 'Then',
    pattern: 'the query fails with an error containing {string}',
    example: 'Then the query fails with an error containing "COLUMN_NOT_FOUND"',
  },
  // Data quality
  {
    section: 'Data quality on tables',
    keyword: 'Then',
    pattern: 'the table {string} has {int} row(s)',
    example: 'Then the table "curated.positions" has 3 rows where "as_of_date = DATE \'${today}\'"',
    note: WHERE_NOTE,
  },
  {
    section: 'Data quality on tables',
    keyword: 'Then',
    pattern: 'the table {string} has the columns:',
    example:
      'Then the table "curated.positions" has the columns:\n  | name          | type          |\n  | account_id    | string        |\n  | quantity      | bigint        |\n  | market_value  | decimal(18,2) |',
    note: "the catalog's declared columns, partition keys included; other columns are allowed",
  },
  {
    section: 'Data quality on tables',
    keyword: 'Then',
    pattern: 'the table {string} has the partition {string}',
    example: 'Then the table "curated.positions" has the partition "as_of_date=${today}"',
  },
  {
    section: 'Data quality on tables',
    keyword: 'Then',
    pattern: 'the column {string} of {string} has no nulls',
    example: 'Then the column "account_id" of "curated.positions" has no nulls where "as_of_date = DATE \'${today}\'"',
    note: WHERE_NOTE,
  },
  {
    section: 'Data quality on tables',
    keyword: 'Then',
    pattern: 'the column {string} of {string} is unique',
    example: 'Then the column "position_id" of "curated.positions" is unique',
  },
  {
    section: 'Data quality on tables',
    keyword: 'Then',
    pattern: 'the columns {string} of {string} are unique together',
    example: 'Then the columns "account_id, security_id" of "curated.positions" are unique together',
  },
  {
    section: 'Data quality on tables',
    keyword: 'Then',
    pattern: 'the column {string} of {string} only contains:',
    example: 'Then the column "currency" of "curated.positions" only contains:\n  | USD |\n  | EUR |',
    note: 'NULLs are left to "has no nulls"',
  },
  {
    section: 'Data quality on tables',
    keyword: 'Then',
    pattern: 'the column {string} of {string} is between {bound} and {bound}',
    example: 'Then the column "quantity" of "curated.positions" is between 0 and 1000000',
    note: 'bounds are numbers, or quoted literals such as "2026-01-01"',
  },
  {
    section: 'Data quality on tables',
    keyword: 'Then',
    pattern: 'the column {string} of {string} matches {string}',
    example: 'Then the column "security_id" of "curated.positions" matches "^[A-Z]{2}[A-Z0-9]{9}[0-9]$"',
    note: 'regexp_like: anchor the expression to match whole values',
  },
  {
    section: 'Data quality on tables',
    keyword: 'Then',
    pattern: 'every {string} of {string} exists in {string} of {string}',
    example: 'Then every "security_id" of "curated.positions" exists in "security_id" of "reference.securities"',
  },
  {
    section: 'Data quality on tables',
    keyword: 'Then',
    pattern: 'the newest {string} of {string} is at most {duration} old',
    example: 'Then the newest "ingested_at" of "curated.positions" is at most 1 hour old',
    note: 'an empty table is NOT_EVALUATED, never fresh',
  },
  {
    section: 'Data quality on tables',
    keyword: 'Then',
    pattern: 'the table {string} passes these checks:',
    example:
      'Then the table "curated.positions" passes these checks where "as_of_date = DATE \'${today}\'":\n  | check         | column      | argument      |\n  | rows          |             | 3             |\n  | no nulls      | account_id  |               |\n  | unique        | position_id |               |\n  | only contains | currency    | USD, EUR      |\n  | between       | quantity    | 0 and 1000000 |\n  | matches       | security_id | ^[A-Z]{2}     |\n  | exists in     | security_id | security_id of reference.securities |',
    note: 'checks on one table slice share one scan',
  },
  // Reconciliation
  {
    section: 'Source-to-sink reconciliation',
    keyword: 'Then',
    pattern: 'the file {string} reconciles with the table {string}:',
    example:
      'Then the file "s3://landing/positions/date=${today}/${runId}.csv" reconciles with the table "curated.positions" where "as_of_date = DATE \'${today}\'":\n  | source column | target column | rule  |\n  | account_id    | account_id    | key   |\n  | security_id   | security_id   | key   |\n  | quantity      | quantity      | equal |\n  | market_value  | market_value  | 0.01  |',
    note: 'source: an S3 object or prefix (CSV with header, JSON lines, Parquet) or a table; rule: key, equal or a tolerance',
  },
  {
    section: 'Source-to-sink reconciliation',
    keyword: 'Then',
    pattern: 'the table {string} reconciles with the table {string}:',
    example:
      'Then the table "staging.positions" reconciles with the table "curated.positions":\n  | source column | target column | rule  |\n  | position_id   | position_id   | key   |\n  | quantity      | quantity      | equal |',
  },
  {
    section: 'Source-to-sink reconciliation',
    keyword: 'Then',
    pattern: 'the row count of {string} equals the row count of {string}',
    example:
      'Then the row count of "s3://landing/positions/date=${today}/${runId}.csv" equals the row count of "curated.positions" where "as_of_date = DATE \'${today}\'"',
  },
  {
    section: 'Source-to-sink reconciliation',
    keyword: 'Then',
    pattern: 'the sum of {string} in {string} equals the sum of {string} in {string}',
    example:
      'Then the sum of "market_value" in "s3://landing/positions/date=${today}/${runId}.csv" equals the sum of "market_value" in "curated.positions" where "as_of_date = DATE \'${today}\'"',
    note: 'summed as decimals in the engine, compared exactly',
  },
];

/** The where-suffixed variants registered beside each data step (see define-check-step.ts). */
export const WHERE_SECTIONS = new Set(['Data quality on tables', 'Source-to-sink reconciliation']);

export function printStepCatalogue(word?: string, write: (text: string) => void = (text) => process.stdout.write(text)): number {
  const needle = word?.toLowerCase();
  const entries = STEP_CATALOGUE.filter(
    (entry) => !needle || `${entry.section} ${entry.pattern} ${entry.example}`.toLowerCase().includes(needle),
  );
  if (entries.length === 0) {
    write(`No step mentions "${word}". Run \`postflight steps\` for the whole vocabulary.\n`);
    return 1;
  }
  let section = '';
  for (const entry of entries) {
    if (entry.section !== section) {
      section = entry.section;
      write(`\n## ${section}${WHERE_SECTIONS.has(section) ? `  (every step ${WHERE_NOTE})` : ''}\n`);
    }
    write(`\n  ${entry.keyword} ${entry.pattern}\n`);
    write(
      `${entry.example
        .split('\n')
        .map((line) => `      ${line}`)
        .join('\n')}\n`,
    );
    if (entry.note && entry.note !== WHERE_NOTE) write(`      # ${entry.note}\n`);
  }
  write(
    `\n${entries.length} step(s).${needle ? '' : ' Quoted arguments, doc strings and table cells are templated: ${runId}, ${scenarioId}, ${today}, ${today-1d}, ${env.name}, ${bucket:<name>}, ${table:<db>.<table>}, remembered values.'}\n`,
  );
  return 0;
}
