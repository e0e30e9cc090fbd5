import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ResourceCatalog, UnknownResourceError } from '../../support/environment/resources';
import type { ResolvedEnvironment } from '../../model/environment/environment';

const environment = {
  name: 'qa',
  file: 'environments/qa.yml',
  resources: {
    stateMachines: {},
    functions: {},
    buckets: { landing: 'qa-landing-123', curated: 'qa-curated-123' },
    athena: { workgroup: 'primary', databases: { curated: 'datalake_qa_curated' }, scratchDatabase: 'postflight_scratch' },
  },
} as unknown as ResolvedEnvironment;

/** Names a scenario writes → what the catalog hands out, and which it took as physical. */
const CASES: Array<{ name: string; resolve: (catalog: ResourceCatalog) => string; out: string; fallback?: string }> = [
  { name: 'a logical bucket', resolve: (c) => c.s3Location('s3://landing/a.csv').bucket, out: 'qa-landing-123' },
  { name: 'a physical bucket the environment maps', resolve: (c) => c.bucket('qa-curated-123'), out: 'qa-curated-123' },
  {
    name: 'an unknown bucket',
    resolve: (c) => c.s3Location('s3://raw/a.csv').bucket,
    out: 'raw',
    fallback: 'bucket raw in s3://raw/a.csv',
  },
  { name: 'an unknown bucket by placeholder', resolve: (c) => c.bucket('raw'), out: 'raw', fallback: 'bucket raw in raw' },
  { name: 'a logical database', resolve: (c) => c.table('curated.positions').database, out: 'datalake_qa_curated' },
  { name: 'a physical database the environment maps', resolve: (c) => c.database('datalake_qa_curated'), out: 'datalake_qa_curated' },
  { name: 'the scratch database', resolve: (c) => c.database('postflight_scratch'), out: 'postflight_scratch' },
  {
    name: 'an unknown database in a table name',
    resolve: (c) => c.table('staging.positions').database,
    out: 'staging',
    fallback: 'database staging in staging.positions',
  },
];

describe('resource catalog: logical names, and names taken as physical', () => {
  for (const { name, resolve, out, fallback } of CASES) {
    it(name, () => {
      const catalog = new ResourceCatalog(environment);
      assert.equal(resolve(catalog), out);
      const taken = catalog.takePhysicalFallbacks().map((f) => `${f.kind} ${f.name} in ${f.writtenAs}`);
      assert.deepEqual(taken, fallback ? [fallback] : []);
      assert.deepEqual(catalog.takePhysicalFallbacks(), [], 'each is handed out once');
    });
  }

  it('refuses a name that cannot be a bucket at all, naming the known ones', () => {
    const catalog = new ResourceCatalog(environment);
    assert.throws(
      () => catalog.bucket('Raw_Data'),
      (error: Error) => {
        assert.ok(error instanceof UnknownResourceError);
        assert.match(error.message, /"Raw_Data" is neither a bucket of environment "qa" \(landing, curated\) nor a valid bucket name/);
        return true;
      },
    );
  });
});
