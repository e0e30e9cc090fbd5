import type { LogStore } from './log-store';

/** Where the sandbox writes deliveries that failed in the background (a target, a subscriber, a poll). */
export const DELIVERY_FAILURES_LOG_GROUP = '/postflight/sandbox/deliveries';

/**
 * A `BackgroundWork` report that writes the failure to CloudWatch Logs (group
 * `/postflight/sandbox/deliveries`, stream = the service), so it can be read with the Logs API.
 */
export function deliveryFailureReporter(logs: LogStore, service: string): (what: string, error: unknown) => void {
  return (what, error) => {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    logs.append(DELIVERY_FAILURES_LOG_GROUP, service, [{ timestamp: Date.now(), message: `${what} failed: ${reason}` }]);
  };
}
