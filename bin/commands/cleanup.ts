import { PROJECT_ROOT } from '../project-root';
import { newRunId, RUN_ID_PATTERN } from '../../support/run-id';
import { parseDuration, formatDuration } from '../../support/duration';
import { prepareRun } from '../../support/run/prepare-run';
import { StartupError } from '../../support/run/startup-error';
import { findLeftovers, removeLeftovers, type RunSelection } from '../../support/cleanup/leftovers';
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
    const environmentFile = options.env;
    prepared = await prepareRun({
      env: environmentFile,
      projectRoot: PROJECT_ROOT,
      runId: newRunId(),
      confirm: options.confirm,
      sandboxEndpoint: options.sandboxEndpoint,
      seed: false,
    });
    if (prepared.environment.sandbox && !options.sandboxEndpoint) {
      throw new StartupError(
        `A freshly started sandbox holds nothing to clean: pass --sandbox-endpoint with the address of the running sandbox (postflight sandbox) to clean that one.`,
      );
    }
    const leftovers = await findLeftovers(prepared.clients, prepared.environment, selection);
    const what = `${leftovers.objects.length} object(s) and ${leftovers.tables.length} temporary table(s)`;
    for (const table of leftovers.tables) process.stdout.write(`  table  ${table.database}.${table.table}  (run ${table.runId})\n`);
    for (const object of leftovers.objects) process.stdout.write(`  object ${object.url}  (${object.why})\n`);
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
    const shorthand = /^(\d+)\s*([smhd])$/.exec(options.olderThan.trim());
    const units: Record<string, string> = { s: 'seconds', m: 'minutes', h: 'hours', d: 'hours' };
    const ms = shorthand
      ? parseDuration(`${Number(shorthand[1]) * (shorthand[2] === 'd' ? 24 : 1)} ${units[shorthand[2]]}`)
      : parseDuration(options.olderThan);
    process.stdout.write(`Selecting runs older than ${formatDuration(ms)}.\n`);
    return { olderThan: new Date(Date.now() - ms) };
  }
  throw new StartupError('Say which runs to clean up: --run-id <id> (as `postflight run` prints it) or --older-than 24h.');
}
