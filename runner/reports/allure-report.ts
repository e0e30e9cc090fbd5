import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAILURE_CATEGORY_LABEL, KNOWN_ISSUE_LABEL, SCENARIO_ID_LABEL } from '../../model/allure-labels';
import { FAILURE_CATEGORIES, type FailureCategory } from './failure-category';
import { findExternalRequests, removeExternalRequests } from './offline-html';

/**
 * The Allure 3 report (npm `allure`, Awesome plugin): one self-contained index.html, grouped by
 * epic / feature / story, with history and trends read from (and appended to) a history file
 * that CodeBuild can keep in S3. Generated in a child process on Node 22 (Allure 3 needs it;
 * allure-generator.mjs, through Allure's own library), then cleaned of every request to another host.
 */
export const HISTORY_VARIABLE = 'POSTFLIGHT_ALLURE_HISTORY';
export const DEFAULT_HISTORY_FILE = '.postflight/allure-history.jsonl';
/** Runs kept in the history (and so in the trends). */
export const HISTORY_LIMIT = 30;

export interface AllureReportOptions {
  resultsDirectory: string;
  outputDirectory: string;
  /** The history file (JSON lines, one entry per report generated). */
  historyFile: string;
  /** A history entry to leave out: the one this run already added, when its report is rebuilt. */
  replacesHistoryEntry?: string;
  /** Default true; an interrupted run adds no entry, so that its partial results stay out of the trends. */
  appendHistory?: boolean;
  reportName: string;
  /** Where Allure's configuration is written while it runs (default: the system's temporary folder). */
  scratchDirectory?: string;
}

export interface AllureReportOutcome {
  indexHtml: string;
  /** The history entry this generation added (undefined when rebuilding). */
  historyEntry?: string;
  /** Test result ids the report knows: the report opens one at `index.html#<id>`. */
  testIds: Set<string>;
  /** Elements removed because they would have fetched from another host. */
  removedExternal: string[];
}

export class AllureReportError extends Error {}

export function allureHistoryFile(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(projectRoot, env[HISTORY_VARIABLE] || DEFAULT_HISTORY_FILE);
}

const CATEGORY_TITLES: Record<FailureCategory, string> = {
  'product defect': 'Product defects',
  'test defect': 'Test defects',
  'environment/infrastructure': 'Environment / infrastructure',
};

/** Categories, first match wins: known issues, then the three failure categories (labels set by allure-results.ts). */
export function allureCategories() {
  return {
    rules: [
      { id: 'known-issues', name: 'Known issues', matchers: { labels: { [KNOWN_ISSUE_LABEL]: '.+' } } },
      ...FAILURE_CATEGORIES.map((category) => ({ id: category, name: CATEGORY_TITLES[category], matchers: { labels: { [FAILURE_CATEGORY_LABEL]: `^${category}$` } } })),
    ],
  };
}

export function allureConfig(options: AllureReportOptions, historyFile: string, appendHistory: boolean) {
  return {
    name: options.reportName,
    output: options.outputDirectory,
    historyPath: historyFile,
    historyLimit: HISTORY_LIMIT,
    appendHistory,
    hideLabels: [SCENARIO_ID_LABEL],
    categories: allureCategories(),
    plugins: {
      awesome: {
        options: { singleFile: true, reportName: options.reportName, reportLanguage: 'en', groupBy: ['epic', 'feature', 'story'] },
      },
    },
  };
}

export async function generateAllureReport(options: AllureReportOptions): Promise<AllureReportOutcome> {
  const workDirectory = fs.mkdtempSync(path.join(options.scratchDirectory ?? os.tmpdir(), '.postflight-allure-'));
  try {
    fs.rmSync(options.outputDirectory, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(options.historyFile), { recursive: true });
    // Rebuilding: show the history without this run's own entry, and add nothing to it.
    const rebuilding = Boolean(options.replacesHistoryEntry);
    const historyFile = rebuilding ? historyWithout(options.historyFile, options.replacesHistoryEntry!, workDirectory) : options.historyFile;
    const appendHistory = !rebuilding && options.appendHistory !== false;
    const configFile = path.join(workDirectory, 'allurerc.json');
    fs.writeFileSync(configFile, JSON.stringify(allureConfig(options, historyFile, appendHistory), null, 2));
    await runAllure({ cwd: workDirectory, config: configFile, output: options.outputDirectory, results: options.resultsDirectory });

    const indexHtml = path.join(options.outputDirectory, 'index.html');
    if (!fs.existsSync(indexHtml)) throw new AllureReportError(`Allure wrote no ${indexHtml}.`);
    const { html, removed } = removeExternalRequests(fs.readFileSync(indexHtml, 'utf8'));
    const remaining = findExternalRequests(html);
    if (remaining.length) throw new AllureReportError(`The Allure report would still fetch from other hosts: ${remaining.join('; ')}`);
    fs.writeFileSync(indexHtml, html);

    return { indexHtml, historyEntry: appendHistory ? reportId(options.outputDirectory) : undefined, testIds: testIds(options.outputDirectory), removedExternal: removed };
  } finally {
    fs.rmSync(workDirectory, { recursive: true, force: true });
  }
}

interface Generator {
  child: ChildProcessWithoutNullStreams;
  /** Settles when the process has ended — also when it ends before it is asked for a report. */
  ended: Promise<void>;
}

/** The generator process (allure-generator.mjs), started before it is needed by warmAllureGenerator. */
let warm: Generator | undefined;

/**
 * Starts the process that will generate this run's Allure report, so that it loads Allure (about a
 * second) while the scenarios run rather than after them. Until it is asked for a report it keeps
 * nothing alive, and it goes when the run's process exits.
 */
export function warmAllureGenerator(): void {
  if (warm) return;
  warm = startGenerator();
  setReferenced(warm.child, false);
}

function startGenerator(): Generator {
  const script = fileURLToPath(new URL('./allure-generator.mjs', import.meta.url));
  const child = spawn(nodeForAllure(), [script], { env: { ...process.env, ALLURE_NO_ANALYTICS: 'true' }, stdio: ['pipe', 'pipe', 'pipe'] });
  // A run that exits while Allure works (a second Ctrl-C) takes Allure with it: never an orphan left running.
  const stopAllure = () => child.kill('SIGKILL');
  process.once('exit', stopAllure);
  child.on('exit', () => process.removeListener('exit', stopAllure));
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // A request written to a process that has already ended is lost; its exit says why.
  child.stdin.on('error', () => undefined);
  const ended = new Promise<void>((resolve, reject) => {
    child.on('error', (error) => reject(new AllureReportError(`Could not start Allure: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new AllureReportError(`Allure's report generation exited with ${code}:\n${output.trim().split('\n').slice(-15).join('\n')}`));
    });
  });
  // Not yet awaited while it waits: a failure is read when the report is asked for.
  ended.catch(() => undefined);
  return { child, ended };
}

function setReferenced(child: ChildProcessWithoutNullStreams, referenced: boolean): void {
  for (const handle of [child, child.stdin, child.stdout, child.stderr] as Array<{ ref?: () => void; unref?: () => void }>) {
    if (referenced) handle.ref?.();
    else handle.unref?.();
  }
}

function runAllure(request: { cwd: string; config: string; output: string; results: string }): Promise<void> {
  const generator = warm ?? startGenerator();
  warm = undefined;
  setReferenced(generator.child, true);
  generator.child.stdin.end(`${JSON.stringify(request)}\n`);
  return generator.ended;
}

/** Allure 3 needs Node 22 (Iterator helpers); the launcher guarantees it, a library caller may not. */
function nodeForAllure(): string {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const bundled = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules', '.bin', 'node');
  if (fs.existsSync(bundled)) return bundled;
  throw new AllureReportError(`The Allure report needs Node.js 22 or newer; this is ${process.version}. Run through npm (npm start, npx postflight …).`);
}

function historyWithout(historyFile: string, entry: string, workDirectory: string): string {
  const copy = path.join(workDirectory, 'history.jsonl');
  const lines = fs.existsSync(historyFile) ? fs.readFileSync(historyFile, 'utf8').split('\n').filter(Boolean) : [];
  fs.writeFileSync(copy, lines.filter((line) => historyEntryId(line) !== entry).map((line) => `${line}\n`).join(''));
  return copy;
}

function historyEntryId(line: string): string | undefined {
  try {
    return (JSON.parse(line) as { uuid?: string }).uuid;
  } catch {
    return undefined;
  }
}

/** The report's id, which is also the id of the history entry it appended. */
function reportId(outputDirectory: string): string | undefined {
  const summary = path.join(outputDirectory, 'summary.json');
  if (!fs.existsSync(summary)) return undefined;
  return (JSON.parse(fs.readFileSync(summary, 'utf8')) as { meta?: { reportId?: string } }).meta?.reportId;
}

function testIds(outputDirectory: string): Set<string> {
  const file = path.join(outputDirectory, 'test-results.json');
  if (!fs.existsSync(file)) return new Set();
  return new Set(Object.keys((JSON.parse(fs.readFileSync(file, 'utf8')) as { byId?: Record<string, unknown> }).byId ?? {}));
}
