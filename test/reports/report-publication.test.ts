import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../bin/project-root';
import { stageReports } from '../../runner/reports/report-publication';
import { acquireReportsLock, lockFileFor } from '../../runner/reports/reports-lock';
import { StartupError } from '../../model/startup-error';
import { temporaryDirectory } from '../helpers/postflight-cli';

/** Reports reach their directory whole or not at all; one run at a time writes a reports directory. */
describe('publishing the reports', () => {
  const previousReports = (parent: string) => {
    const reports = path.join(parent, 'reports');
    fs.mkdirSync(path.join(reports, 'signoff'), { recursive: true });
    fs.writeFileSync(path.join(reports, 'run.json'), 'previous run');
    fs.writeFileSync(path.join(reports, 'signoff', 'signoff.md'), 'previous sign-off');
    fs.writeFileSync(path.join(reports, 'notes.txt'), 'the user’s own file');
    return reports;
  };
  const write = (directory: string, file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
    fs.writeFileSync(path.join(directory, file), text);
  };

  it('writes into a staging folder beside the reports; publishing replaces the previous reports whole and keeps the user’s own files', () => {
    const parent = temporaryDirectory('publish');
    const reports = previousReports(parent);
    const staging = stageReports(reports, { projectRoot: PROJECT_ROOT });
    assert.equal(path.dirname(staging.directory), parent, 'same file system: the move is a rename');
    write(staging.directory, 'run.json', 'this run');
    write(staging.directory, 'junit.xml', '<testsuite/>');
    // Until it is published, the previous reports are all a reader sees.
    assert.equal(fs.readFileSync(path.join(reports, 'run.json'), 'utf8'), 'previous run');
    staging.publish();
    assert.deepEqual(fs.readdirSync(reports).sort(), ['allure-results', 'junit.xml', 'notes.txt', 'run.json']);
    assert.equal(fs.readFileSync(path.join(reports, 'run.json'), 'utf8'), 'this run');
    assert.equal(fs.readFileSync(path.join(reports, 'notes.txt'), 'utf8'), 'the user’s own file');
    assert.deepEqual(fs.readdirSync(parent), ['reports'], 'no staging or previous folder left');
  });

  it('a run that is abandoned leaves the previous reports as they were', () => {
    const parent = temporaryDirectory('discard');
    const reports = previousReports(parent);
    const staging = stageReports(reports, { projectRoot: PROJECT_ROOT });
    write(staging.directory, 'junit.xml', '');
    staging.discard();
    assert.deepEqual(fs.readdirSync(reports).sort(), ['notes.txt', 'run.json', 'signoff']);
    assert.equal(fs.readFileSync(path.join(reports, 'signoff', 'signoff.md'), 'utf8'), 'previous sign-off');
    assert.deepEqual(fs.readdirSync(parent), ['reports']);
  });

  it('recovers from a crash: a half-written staging folder is removed, and reports moved aside and not replaced are put back', () => {
    const parent = temporaryDirectory('recover');
    const reports = previousReports(parent);
    // A crash while the reports were written…
    fs.mkdirSync(path.join(parent, '.reports.partial-dead0001'));
    fs.writeFileSync(path.join(parent, '.reports.partial-dead0001', 'junit.xml'), '<testsu');
    // …and one between the two renames of a publication.
    fs.mkdirSync(path.join(parent, '.reports.previous-dead0002'));
    fs.renameSync(reports, path.join(parent, '.reports.previous-dead0002', 'reports'));
    const staging = stageReports(reports, { projectRoot: PROJECT_ROOT });
    assert.equal(fs.readFileSync(path.join(reports, 'run.json'), 'utf8'), 'previous run');
    assert.deepEqual(fs.readdirSync(parent).sort(), [path.basename(staging.directory), 'reports'].sort());
    staging.discard();
  });

  it('refuses a reports directory that is the project, contains it, or is a file (exit 2 with what to do)', () => {
    assert.throws(() => stageReports(PROJECT_ROOT, { projectRoot: PROJECT_ROOT }), (error: StartupError) => {
      assert.match(error.message, /is the project folder: every run replaces its reports directory whole/);
      assert.match(error.hint ?? '', /--reports-dir reports/);
      return true;
    });
    assert.throws(() => stageReports(path.dirname(PROJECT_ROOT), { projectRoot: PROJECT_ROOT }), /contains the project folder/);
    const file = path.join(temporaryDirectory('file'), 'reports');
    fs.writeFileSync(file, '');
    assert.throws(() => stageReports(file, { projectRoot: PROJECT_ROOT }), /is a file, not a folder/);
  });
});

describe('the reports lock', () => {
  it('refuses a second run on the same reports directory, naming the run that holds it, and is released', () => {
    const reports = path.join(temporaryDirectory('lock'), 'reports');
    const lock = acquireReportsLock(reports, { runId: 'pf-20260102-030405-aaaa', command: 'postflight run --env qa' });
    assert.equal(lock.file, path.join(path.dirname(reports), '.reports.lock'));
    assert.throws(
      () => acquireReportsLock(reports, { runId: 'pf-20260102-030406-bbbb', command: 'postflight run --env uat' }),
      (error: StartupError) => {
        assert.match(error.message, new RegExp(`writing ${reports}: run pf-20260102-030405-aaaa \\(process ${process.pid}, started .*: postflight run --env qa\\)`));
        assert.match(error.hint ?? '', /own --reports-dir.*delete .*\.reports\.lock/);
        return true;
      },
    );
    // Another reports directory is another lock.
    acquireReportsLock(path.join(path.dirname(reports), 'reports-uat'), { runId: 'pf-20260102-030406-bbbb', command: 'postflight run --env uat' }).release();
    lock.release();
    assert.equal(fs.existsSync(lock.file), false);
    acquireReportsLock(reports, { runId: 'pf-20260102-030407-cccc', command: 'postflight report' }).release();
  });

  it('takes over a lock whose process is gone', () => {
    const reports = path.join(temporaryDirectory('stale'), 'reports');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout);
    fs.writeFileSync(
      lockFileFor(reports),
      JSON.stringify({ runId: 'pf-20260102-030405-dead', command: 'postflight run', pid: deadPid, host: os.hostname(), startedAt: '2026-01-02T03:04:05Z' }),
    );
    const lock = acquireReportsLock(reports, { runId: 'pf-20260102-030408-live', command: 'postflight run --env qa' });
    assert.equal(JSON.parse(fs.readFileSync(lock.file, 'utf8')).runId, 'pf-20260102-030408-live');
    lock.release();
  });
});
