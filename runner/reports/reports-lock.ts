import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StartupError } from '../../model/startup-error';

/**
 * One run at a time writes a reports directory: `postflight run` and `postflight report` hold a lock
 * file next to it (`.reports.lock` beside `reports/`) naming the run, its process and its command.
 * A second run refuses to start (exit 2) and says which run holds the lock; a lock whose process is
 * gone (a crash, a kill -9) is taken over. Runs with different --reports-dir do not exclude each
 * other: their scenarios never collide (every object carries the run id) and neither do their reports.
 */
export interface LockOwner {
  runId: string;
  /** The command line, for the message a second run shows. */
  command: string;
}

interface LockRecord extends LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

export interface ReportsLock {
  file: string;
  release(): void;
}

export function lockFileFor(reportsDirectory: string): string {
  const resolved = path.resolve(reportsDirectory);
  return path.join(path.dirname(resolved), `.${path.basename(resolved)}.lock`);
}

export function acquireReportsLock(reportsDirectory: string, owner: LockOwner): ReportsLock {
  const file = lockFileFor(reportsDirectory);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const record: LockRecord = { ...owner, pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (tryCreate(file, record)) {
      // Released on any exit, even one that skips the finally blocks (a second Ctrl-C).
      const release = () => releaseIfOurs(file, owner.runId);
      process.once('exit', release);
      return {
        file,
        release: () => {
          process.removeListener('exit', release);
          release();
        },
      };
    }
    const holder = readLock(file);
    if (holder && isLive(holder)) throw heldBy(holder, reportsDirectory, file);
    // The process that held it is gone: take the lock over (once; a run that wins the race keeps it).
    fs.rmSync(file, { force: true });
  }
  const holder = readLock(file);
  throw holder ? heldBy(holder, reportsDirectory, file) : new StartupError(`Could not lock ${file}.`, 'Try again.');
}

/** Creates the lock with its content in one step: the link fails when the lock exists, and a reader never sees it half-written. */
function tryCreate(file: string, record: LockRecord): boolean {
  const draft = `${file}.${process.pid}.${Date.now()}`;
  fs.writeFileSync(draft, `${JSON.stringify(record, null, 2)}\n`);
  try {
    fs.linkSync(draft, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

function readLock(file: string): LockRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockRecord;
  } catch {
    return undefined;
  }
}

/** A lock held on another machine (a shared folder) is taken to be live: its process cannot be checked from here. */
function isLive(holder: LockRecord): boolean {
  if (holder.host !== os.hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfOurs(file: string, runId: string): void {
  if (readLock(file)?.runId === runId) fs.rmSync(file, { force: true });
}

function heldBy(holder: LockRecord, reportsDirectory: string, file: string): StartupError {
  const where = holder.host === os.hostname() ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`;
  return new StartupError(
    `Another postflight run is writing ${reportsDirectory}: run ${holder.runId} (${where}, started ${holder.startedAt}: ${holder.command}).`,
    `Wait for it to finish, or give this run its own --reports-dir. If that run is not going on any more, delete ${file}.`,
  );
}
