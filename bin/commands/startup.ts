import { StartupError } from '../../model/startup-error';

/** `--debug` (or POSTFLIGHT_DEBUG=1): stack traces under the messages. */
export function debugEnabled(): boolean {
  return process.env.POSTFLIGHT_DEBUG === '1';
}

/** Exit code 2 with a one-paragraph explanation: the run could not start and nothing executed. */
export function reportStartupFailure(error: unknown): number {
  if (error instanceof StartupError) {
    process.stderr.write(
      `\npostflight could not start: ${error.message}\n${error.hint ? `What to do: ${error.hint}\n` : ''}${debugDetails(error)}\n`,
    );
    return 2;
  }
  throw error;
}

/**
 * Any other error that stopped a command: exit 2 (never 1, which says "the gate failed"), with
 * its cause in words; the stack only with --debug. Errors of the machine (a port taken, a
 * full disk, a folder that is a file) are explained as such.
 */
export function reportUnexpectedFailure(command: string, error: unknown): number {
  if (error instanceof StartupError) return reportStartupFailure(error);
  const system = explainSystemError(error);
  const text = system
    ? `\npostflight ${command} could not finish: ${system.message}\nWhat to do: ${system.hint}\n`
    : `\npostflight ${command} stopped on an unexpected error: ${describe(error)}\n` +
      'Run the same command with --debug to see where it happened: in your step definitions or support files, the ' +
      'stack names your file; anywhere else it is a fault in postflight — please report it with that output.\n';
  process.stderr.write(`${text}${debugDetails(error)}\n`);
  return 2;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** With --debug: the stack of the error and of each cause. */
function debugDetails(error: unknown): string {
  if (!debugEnabled()) return '';
  const stacks: string[] = [];
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 10; depth++) {
    stacks.push(current instanceof Error ? (current.stack ?? describe(current)) : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return `\n--debug:\n${stacks.join('\ncaused by: ')}\n`;
}

interface SystemError extends Error {
  code: string;
  syscall?: string;
  path?: string;
  address?: string;
  port?: number;
}

function isSystemError(error: unknown): error is SystemError {
  return error instanceof Error && typeof (error as Partial<SystemError>).code === 'string';
}

/** Node's errors about the machine (ports, files, disk) in words, with what to do. */
export function explainSystemError(error: unknown): { message: string; hint: string } | undefined {
  if (!isSystemError(error)) return undefined;
  const where = error.path ?? (error.port !== undefined ? `${error.address ?? '127.0.0.1'}:${error.port}` : '');
  switch (error.code) {
    case 'EADDRINUSE':
      return {
        message: `port ${error.port} on ${error.address ?? '127.0.0.1'} is already in use by another process.`,
        hint: 'Give another --port, or --port 0 for any free one; or stop the process that holds it (`lsof -i :PORT` shows it).',
      };
    case 'EACCES':
    case 'EPERM':
      return error.syscall === 'listen'
        ? { message: `port ${error.port} needs administrator rights.`, hint: 'Use a port above 1023, or --port 0 for any free one.' }
        : { message: `permission denied: ${where} (${error.syscall}).`, hint: `Check who owns ${where} and its permissions.` };
    case 'ENOSPC':
      return { message: `no space left on the device while writing ${where}.`, hint: 'Free some disk space and run again.' };
    case 'EROFS':
      return { message: `${where} is on a read-only file system.`, hint: 'Write somewhere else (e.g. --reports-dir).' };
    case 'ENOTDIR':
      return {
        message: `${where}: a part of this path is a file, not a folder.`,
        hint: 'Remove or rename that file, or use another path.',
      };
    case 'EISDIR':
      return { message: `${where} is a folder where a file was expected.`, hint: 'Give the path of a file.' };
    case 'ENOENT':
      return { message: `${where} does not exist.`, hint: 'Check the path.' };
    case 'EMFILE':
    case 'ENFILE':
      return { message: 'too many open files.', hint: 'Raise the limit (`ulimit -n 4096`) or run with fewer --parallel workers.' };
    case 'ERR_SOCKET_BAD_PORT':
      return { message: error.message, hint: 'A port is a whole number from 1 to 65535, or 0 for any free one.' };
    default:
      return undefined;
  }
}
