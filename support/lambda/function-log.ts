import assert from 'node:assert/strict';
import { FilterLogEventsCommand, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import type { PostflightWorld } from '../world';
import type { AwsClients } from '../aws/clients';
import { pages } from '../aws/pages';
import { attachText } from '../evidence';
import { waitFor } from '../waiter';
import { formatDuration } from '../../model/duration';

/** Local and AWS clocks may differ a little: log events are read from this long before the scenario started. */
const CLOCK_SKEW_MS = 5_000;
/** How many of the last lines a failure message shows. */
const LAST_LINES = 15;

/** A function's log group, by the Lambda convention (a function configured with another group is not followed). */
export function logGroupOf(physicalName: string): string {
  return `/aws/lambda/${physicalName.split(':').pop()}`;
}

/** CloudWatch Logs' filter pattern for a literal text, when it can be written as one (quoted term). */
export function literalFilterPattern(text: string): string | undefined {
  return /^[^"\\\n]+$/.test(text) ? `"${text}"` : undefined;
}

async function readEvents(
  clients: AwsClients,
  logGroupName: string,
  startTime: number,
  filterPattern?: string,
): Promise<FilteredLogEvent[]> {
  const events: FilteredLogEvent[] = [];
  const listing = pages(
    (nextToken) =>
      clients.logs.send(new FilterLogEventsCommand({ logGroupName, startTime, nextToken, ...(filterPattern ? { filterPattern } : {}) })),
    (page) => page.nextToken,
  );
  for await (const page of listing) events.push(...(page.events ?? []));
  return events;
}

/**
 * Whatever invocation wrote it — the function ran because a trigger called it — the function's log
 * group holds a line containing the text, written since the scenario started; waited for.
 */
export async function expectFunctionLogContains(
  world: PostflightWorld,
  functionName: string,
  text: string,
  timeoutMs: number,
): Promise<void> {
  const physicalName = world.resources.functionName(functionName);
  const logGroupName = logGroupOf(physicalName);
  const since = world.clock.scenarioStartedAt - CLOCK_SKEW_MS;
  const filterPattern = literalFilterPattern(text);
  let matching: FilteredLogEvent[] = [];
  try {
    await waitFor(
      async () => {
        try {
          matching = (await readEvents(world.aws, logGroupName, since, filterPattern)).filter((event) => event.message?.includes(text));
        } catch (error) {
          // The group appears with the function's first invocation.
          if ((error as Error).name !== 'ResourceNotFoundException') throw error;
          return { state: 'RETRY', observed: `no log group ${logGroupName} yet` };
        }
        return matching.length ? { state: 'SUCCESS', value: matching } : { state: 'RETRY', observed: 'no line containing it' };
      },
      { description: `the log of "${functionName}" to contain "${text}"`, timeoutMs, delays: world.delays },
    );
    await attachText(world, `log of ${functionName}`, lines(matching));
  } catch (error) {
    if ((error as Error).name !== 'WaitTimeoutError') throw error;
    const recent = await readEvents(world.aws, logGroupName, since).catch(() => [] as FilteredLogEvent[]);
    await attachText(world, `log of ${functionName}`, lines(recent) || '(no log line since the scenario started)');
    throw new assert.AssertionError({
      message:
        `The log of the Lambda function "${functionName}" has no line containing "${text}" within ${formatDuration(timeoutMs)}.\n` +
        `  looked at: ${recent.length} line(s) of ${logGroupName} since ${new Date(since).toISOString()}` +
        (recent.length
          ? `; the last ${Math.min(LAST_LINES, recent.length)}:\n${lines(recent.slice(-LAST_LINES), '    ')}`
          : ': did the function run at all?'),
    });
  }
}

function lines(events: FilteredLogEvent[], indent = ''): string {
  return events
    .map((event) => `${indent}${event.timestamp ? new Date(event.timestamp).toISOString() : ''} ${(event.message ?? '').trimEnd()}`)
    .join('\n');
}
