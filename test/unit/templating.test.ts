import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderTemplate, renderDeep, runDate, shiftDate, TemplateError, type TemplateContext } from '../../support/templating';
import { ResourceCatalog } from '../../support/environment/resources';
import type { ResolvedEnvironment } from '../../model/environment/environment';

const environment = {
  name: 'qa',
  account: '222222222222',
  region: 'eu-west-1',
  protected: false,
  writablePrefixes: [],
  file: 'environments/qa.yml',
  resources: {
    stateMachines: { 'ingest-positions': 'arn:aws:states:eu-west-1:222222222222:stateMachine:ingest' },
    functions: { 'validate-positions': 'qa-validate' },
    buckets: { landing: 'qa-landing-bucket' },
    athena: { workgroup: 'primary', catalog: 'AwsDataCatalog', databases: { curated: 'datalake_qa_curated', odd: 'data-lake' } },
  },
} as unknown as ResolvedEnvironment;

function context(variables: Record<string, unknown> = {}): TemplateContext {
  return {
    runId: 'pf-20261126-061500-a3f9',
    scenarioId: 'pf-20261126-061500-a3f9-s1b2c3d',
    runDate: '2026-03-01',
    environment: { name: 'qa', account: '222222222222', region: 'eu-west-1' },
    resources: new ResourceCatalog(environment),
    variables: new Map(Object.entries(variables)),
  };
}

describe('templating', () => {
  const cases: Array<{ in: string; out: string; variables?: Record<string, unknown> }> = [
    { in: 'positions/${runId}.csv', out: 'positions/pf-20261126-061500-a3f9.csv' },
    { in: '${scenarioId}', out: 'pf-20261126-061500-a3f9-s1b2c3d' },
    { in: 'date=${today}', out: 'date=2026-03-01' },
    { in: '${today-1d}', out: '2026-02-28' },
    { in: '${today+2d}', out: '2026-03-03' },
    { in: '${today-365d}', out: '2025-03-01' },
    { in: '${env.name}/${env.account}/${env.region}', out: 'qa/222222222222/eu-west-1' },
    { in: 's3://${bucket:landing}/x', out: 's3://qa-landing-bucket/x' },
    { in: '${table:curated.positions}', out: 'datalake_qa_curated.positions' },
    { in: '${table:odd.t}', out: '"data-lake".t' },
    { in: '${function:validate-positions}', out: 'qa-validate' },
    { in: '${stateMachine:ingest-positions}', out: 'arn:aws:states:eu-west-1:222222222222:stateMachine:ingest' },
    { in: '${database:curated}', out: 'datalake_qa_curated' },
    { in: 'key=${curatedKey}', out: 'key=positions/a.parquet', variables: { curatedKey: 'positions/a.parquet' } },
    { in: '{"rows": ${expectedRows}}', out: '{"rows": 3}', variables: { expectedRows: 3 } },
    { in: '${obj}', out: '{"a":[1,2]}', variables: { obj: { a: [1, 2] } } },
    { in: 'literal $${runId} stays', out: 'literal ${runId} stays' },
    { in: 'no placeholders', out: 'no placeholders' },
  ];
  for (const testCase of cases) {
    it(`renders ${JSON.stringify(testCase.in)}`, () => {
      assert.equal(renderTemplate(testCase.in, context(testCase.variables)), testCase.out);
    });
  }

  it('refuses an unknown placeholder, naming it and the known ones (never an empty string)', () => {
    assert.throws(
      () => renderTemplate('x ${runid} y', context({ expectedRows: 3 })),
      (error: Error) =>
        error instanceof TemplateError &&
        error.message.includes('${runid}') &&
        error.message.includes('${runId}') &&
        error.message.includes('${expectedRows}'),
    );
  });

  it('refuses an unknown logical state machine, listing the known ones', () => {
    assert.throws(() => renderTemplate('${stateMachine:nope}', context()), /Unknown state machine "nope".*Known: ingest-positions/);
  });

  it('templates every string of a table or JSON value', () => {
    assert.deepEqual(
      renderDeep(
        [
          ['${runId}', 'plain'],
          ['${today}', ''],
        ],
        context(),
      ),
      [
        ['pf-20261126-061500-a3f9', 'plain'],
        ['2026-03-01', ''],
      ],
    );
  });

  it('shifts dates across months and leap days in UTC', () => {
    assert.equal(shiftDate('2028-02-28', 1), '2028-02-29');
    assert.equal(shiftDate('2026-12-31', 1), '2027-01-01');
  });

  it('takes the run date from RUN_DATE when it is a date, and refuses anything else', () => {
    assert.equal(runDate(new Date('2026-11-26T23:59:00Z'), undefined), '2026-11-26');
    assert.equal(runDate(new Date(), '2025-01-31'), '2025-01-31');
    assert.throws(() => runDate(new Date(), '31/01/2025'), /RUN_DATE must be a date written YYYY-MM-DD/);
  });
});
