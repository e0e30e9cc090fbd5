import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { S3Client, ListBucketsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GlueClient, GetTablesCommand } from '@aws-sdk/client-glue';
import type { Sandbox } from '../../sandbox/sandbox';
import { readScenarioResults, runOnSandbox, sampleLakeSandbox, temporaryDirectory, type CliResult } from '../helpers/postflight-cli';

/**
 * The real suite (features/) through `postflight run`, against a sandbox that outlives the run,
 * so that what the run left behind can be inspected afterwards — serially, and in parallel, where
 * scenarios write into and read the same partitions at the same time: the same verdict either way.
 */
for (const parallel of [undefined, '2']) {
  describe(`postflight run: the sample data lake suite${parallel ? ` with --parallel ${parallel}` : ''}`, () => {
    let sandbox: Sandbox;
    let reports: string;
    let run: CliResult;

    before(async () => {
      sandbox = await sampleLakeSandbox();
      reports = temporaryDirectory('suite');
      const options = parallel ? ['--parallel', parallel] : [];
      run = await runOnSandbox(sandbox, reports, options);
    });
    after(async () => {
      await sandbox.stop();
    });

    it('passes every scenario and exits 0', () => {
      const results = readScenarioResults(reports);
      const notPassed = results
        .filter((result) => result.status !== 'PASSED')
        .map((result) => `${result.name}: ${result.status} ${result.message ?? ''}`);
      assert.deepEqual(notPassed, [], run.stdout + run.stderr);
      assert.ok(results.length >= 20, `only ${results.length} scenarios ran`);
      assert.equal(run.code, 0, run.stdout + run.stderr);
    });

    it('prints a summary with the verdict and where the results are', () => {
      assert.match(run.stdout, /\d+ scenarios: \d+ passed, 0 failed/);
      assert.match(run.stdout, /Quality gate \(quality-gate\.yml\): GO/);
      assert.match(run.stdout, /sign-off\s+\S+signoff\/index\.html/);
      assert.match(run.stdout, /Allure\s+\S+allure-report\/index\.html/);
    });

    it('writes every report, and they agree on the counts', () => {
      const results = readScenarioResults(reports);
      const junit = fs.readFileSync(path.join(reports, 'junit.xml'), 'utf8');
      const testcases = (junit.match(/<testcase /g) ?? []).length;
      const failures = (junit.match(/<failure/g) ?? []).length;
      const signoff = JSON.parse(fs.readFileSync(path.join(reports, 'signoff/signoff.json'), 'utf8')) as {
        verdict: string;
        counts: { total: number; passed: number };
      };
      const markdown = fs.readFileSync(path.join(reports, 'signoff/signoff.md'), 'utf8');
      const allureResults = fs.readdirSync(path.join(reports, 'allure-results')).filter((name) => name.endsWith('-result.json'));
      assert.equal(testcases, results.length);
      assert.equal(failures, 0);
      assert.equal(signoff.verdict, 'GO');
      assert.equal(signoff.counts.total, results.length);
      assert.equal(signoff.counts.passed, results.length);
      assert.match(markdown, new RegExp(`${results.length} of ${results.length} scenarios passed`));
      assert.equal(allureResults.length, results.length);
      assert.ok(fs.statSync(path.join(reports, 'allure-report/index.html')).size > 100_000, 'a single-file Allure report');
      assert.ok(fs.existsSync(path.join(reports, 'signoff/index.html')));
      assert.ok(fs.existsSync(path.join(reports, 'run.json')));
    });

    it('leaves no object or temporary table behind: only the seeded reference data remains', async () => {
      const s3 = new S3Client(sandbox.clientConfig());
      const glue = new GlueClient(sandbox.clientConfig());
      const remaining: string[] = [];
      for (const bucket of (await s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
        const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket.Name }));
        for (const object of listed.Contents ?? []) remaining.push(`${bucket.Name}/${object.Key}`);
      }
      assert.deepEqual(
        remaining.map((key) => key.replace(/^[^/]+\//, '')),
        ['reference/securities/securities.csv'],
      );
      for (const database of ['datalake_local_curated', 'datalake_local_reference']) {
        const tables = (await glue.send(new GetTablesCommand({ DatabaseName: database }))).TableList ?? [];
        assert.deepEqual(
          tables.map((table) => table.Name).filter((name) => name?.startsWith('postflight_tmp')),
          [],
          `temporary tables left in ${database}`,
        );
      }
      s3.destroy();
      glue.destroy();
    });
  });
}
