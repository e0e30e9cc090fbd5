import { StartupError } from '../../support/run/startup-error';

/** Exit code 2 with a one-paragraph explanation: the run could not start and nothing executed. */
export function reportStartupFailure(error: unknown): number {
  if (error instanceof StartupError) {
    process.stderr.write(`\npostflight could not start: ${error.message}\n${error.hint ? `What to do: ${error.hint}\n` : ''}\n`);
    return 2;
  }
  throw error;
}
