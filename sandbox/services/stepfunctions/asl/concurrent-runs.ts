import type { EventCursor } from '../history';
import { Abandoned, abandonment } from './failures';
import { childFrame, type Frame } from './runtime';

/**
 * Runs `count` jobs (Parallel branches, Map iterations) on up to `maxConcurrency` workers (0: all
 * at once), each job in its own frame. Resolves with the results in job order. When a job fails
 * the jobs still running are abandoned (they record their `…Aborted` events, pointing at the
 * failure), no further job starts, and the first failure is rethrown.
 *
 * Afterwards `frame.cursor` is where AWS chains the next event from: after success, the latest
 * event of any worker (a worker's last job counts with its final event, e.g. the
 * MapIterationSucceeded); after a failure, the failing job's latest chained event.
 */
export async function runConcurrently<T>(
  count: number,
  maxConcurrency: number,
  frame: Frame,
  job: (index: number, jobFrame: Frame) => Promise<T>,
): Promise<T[]> {
  const group = new AbortController();
  const signal = AbortSignal.any([frame.signal, group.signal]);
  const results: T[] = new Array<T>(count);
  let nextIndex = 0;
  let failure: { error: unknown; cursor: EventCursor } | undefined;

  const worker = async (): Promise<EventCursor> => {
    const workerFrame = childFrame(frame, { signal });
    while (!failure && !signal.aborted && nextIndex < count) {
      const index = nextIndex;
      nextIndex += 1;
      const jobFrame = childFrame(workerFrame);
      try {
        results[index] = await job(index, jobFrame);
        workerFrame.cursor.absorb(jobFrame.cursor);
        if (nextIndex >= count) workerFrame.cursor.source = jobFrame.cursor.last;
      } catch (error) {
        workerFrame.cursor.absorb(jobFrame.cursor);
        if (!failure && !(error instanceof Abandoned)) {
          failure = { error, cursor: jobFrame.cursor };
          group.abort(new Abandoned('sibling-failed', jobFrame.cursor.source));
        }
        break;
      }
    }
    return workerFrame.cursor;
  };

  const workers = maxConcurrency > 0 ? Math.min(maxConcurrency, count) : count;
  const cursors = await Promise.all(Array.from({ length: workers }, worker));
  if (frame.signal.aborted) throw abandonment(frame.signal);
  if (failure) {
    frame.cursor.source = failure.cursor.source;
    frame.cursor.last = Math.max(frame.cursor.last, failure.cursor.last);
    throw failure.error;
  }
  for (const cursor of cursors) frame.cursor.absorb(cursor);
  return results;
}
