import { PROJECT_ROOT } from '../project-root';
import { newRunId, RUN_ID_PATTERN } from '../../model/run-id';
import { parseDuration, DurationError } from '../../model/duration';
import { prepareRun } from '../../runner/startup/prepare-run';
import { StartupError } from '../../model/startup-error';
import { findLeftovers, removeLeftovers, type RunSelection } from '../../runner/cleanup/leftovers';
import { describeObserverLeftover } from '../../runner/observers/observer-leftovers';
import { loadRunEnvironment } from '../../runner/environments/load-environment';
import { reportStartupFailure } from './startup';

export interface CleanupOptions {
  env: string;
  runId?: string;
  olderThan?: string;
  dryRun?: boolean;
  confirm?: string;
  sandboxEndpoint?: string;
}

/** `postflight cleanup`: removes what aborted runs left behind, and only what postflight wrote. */
export async function cleanupCommand(options: CleanupOptions): Promise<number> {
  let prepared;
  try {
    const selection = runSelection(options);
    if (loadRunEnvironment(options.env, PROJECT_ROOT).sandbox && !options.sandboxEndpoint) {
      throw new StartupError(
        `"${options.env}" is a sandbox environment, and a freshly started sandbox holds nothing to clean.`,
        'Pass --sandbox-endpoint with the address of the running sandbox (as `postflight sandbox` prints it) to clean that one.',
      );
    }
    prepared = await prepareRun({
      env: options.env,
      projectRoot: PROJECT_ROOT,
      runId: newRunId(),
      confirm: options.confirm,
      sandboxEndpoint: options.sandboxEndpoint,
      seed: false,
    });
    if ('olderThan' in selection)
      process.stdout.write(`Selecting runs started before ${selection.olderThan.toISOString()} (${options.olderThan}).\n`);
    const leftovers = await findLeftovers(prepared.clients, prepared.environment, selection);
    const what = `${leftovers.objects.length} object(s), ${leftovers.tables.length} temporary table(s) and ${leftovers.observers.length} subscription(s), rule(s) or queue(s)`;
    for (const table of leftovers.tables) process.stdout.write(`  table  ${table.database}.${table.table}  (run ${table.runId})\n`);
    for (const object of leftovers.objects) process.stdout.write(`  object ${object.url}  (${object.why})\n`);
    for (const observer of leftovers.observers) process.stdout.write(`  ${describeObserverLeftover(observer)}  (run ${observer.runId})\n`);
    if (options.dryRun) {
      process.stdout.write(`Dry run: ${what} would be removed from "${prepared.environment.name}".\n`);
      return 0;
    }
    const { failed } = await removeLeftovers(prepared.clients, leftovers);
    process.stdout.write(
      `Removed ${what} from "${prepared.environment.name}"${failed.length ? `; ${failed.length} could not be removed` : ''}.\n`,
    );
    for (const failure of failed) process.stderr.write(`  could not remove ${failure.url}: ${failure.error}\n`);
    return failed.length ? 1 : 0;
  } catch (error) {
    return reportStartupFailure(error);
  } finally {
    await prepared?.dispose();
  }
}

function runSelection(options: CleanupOptions): RunSelection {
  if (options.runId && options.olderThan) throw new StartupError('Give either --run-id or --older-than, not both.');
  if (options.runId) {
    if (!new RegExp(`^${RUN_ID_PATTERN.source}$`).test(options.runId)) {
      throw new StartupError(
        `"${options.runId}" is not a postflight run id (they look like pf-20261126-061500-a3f9, as \`postflight run\` prints them).`,
      );
    }
    return { runId: options.runId };
  }
  if (options.olderThan) {
    let ms;
    try {
      ms = parseDuration(options.olderThan);
    } catch (error) {
      if (!(error instanceof DurationError)) throw error;
      throw new StartupError(`--older-than ${error.message}`, 'e.g. --older-than 24h selects the runs that started more than a day ago.');
    }
    return { olderThan: new Date(Date.now() - ms) };
  }
  throw new StartupError('Say which runs to clean up: --run-id <id> (as `postflight run` prints it) or --older-than 24h.');
}
