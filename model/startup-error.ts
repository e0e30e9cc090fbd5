/**
 * The run could not start (bad configuration, a guard refused, an unknown environment): exit 2,
 * with a one-paragraph explanation, and nothing executed.
 */
export class StartupError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'StartupError';
  }
}
