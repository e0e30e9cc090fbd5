import { StartupError } from '../../model/startup-error';

/**
 * Cucumber could not select the scenarios for a reason postflight did not check first (a step
 * file that does not load, a configuration error): the run cannot start. Cucumber wraps the real
 * reason ("… errored when trying to …"): the message carries every cause, innermost last.
 */
export function selectionFailure(error: unknown): StartupError {
  if (error instanceof StartupError) return error;
  const messages: string[] = [];
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 10; depth++, current = current.cause) {
    messages.push(current.message);
  }
  return new StartupError(
    `The scenarios could not be selected: ${messages.join(': ') || String(error)}`,
    'Check the step definitions and support files the profile loads (cucumber.cjs); run with --debug for the stack trace.',
    { cause: error },
  );
}
