import fs from 'node:fs';
import type { Envelope } from '@cucumber/messages';

/**
 * One cucumber message stream from the parts' streams: one `meta`, one `testRunStarted` (the
 * earliest) and one `testRunFinished` (the latest; successful only when every part was), every
 * other message of every part as it was — each part's ids are its own UUIDs, so nothing collides.
 * Test cases point at the merged run's start.
 */
export function mergeMessageFiles(files: readonly string[], target: string): void {
  const streams = files.filter((file) => fs.existsSync(file)).map((file) => readEnvelopes(file));
  if (!streams.length) return;
  const starts = streams.flatMap((stream) => stream.flatMap((envelope) => (envelope.testRunStarted ? [envelope.testRunStarted] : [])));
  const finishes = streams.flatMap((stream) => stream.flatMap((envelope) => (envelope.testRunFinished ? [envelope.testRunFinished] : [])));
  const started = [...starts].sort((a, b) => millis(a.timestamp) - millis(b.timestamp))[0];
  const finished = [...finishes].sort((a, b) => millis(b.timestamp) - millis(a.timestamp))[0];
  const runId = started?.id;
  const out: string[] = [];
  let metaWritten = false;
  const write = (envelope: Envelope) => out.push(JSON.stringify(envelope));
  for (const stream of streams) {
    for (const envelope of stream) {
      if (envelope.meta) {
        if (!metaWritten) write(envelope);
        metaWritten = true;
      } else if (envelope.testRunStarted || envelope.testRunFinished) {
        continue;
      } else if (envelope.testCase && runId) {
        write({ testCase: { ...envelope.testCase, testRunStartedId: runId } });
      } else {
        write(envelope);
      }
    }
    // The run starts once all parts' documents and definitions are known, as in one stream.
    if (stream === streams[0] && started) out.splice(firstTestCaseIndex(out), 0, JSON.stringify({ testRunStarted: started }));
  }
  if (finished) {
    const success = finishes.every((finish) => finish.success);
    out.push(JSON.stringify({ testRunFinished: { ...finished, success, ...(runId ? { testRunStartedId: runId } : {}) } }));
  }
  fs.writeFileSync(target, `${out.join('\n')}\n`);
}

function firstTestCaseIndex(lines: string[]): number {
  const index = lines.findIndex((line) => line.startsWith('{"testCase"'));
  return index < 0 ? lines.length : index;
}

function readEnvelopes(file: string): Envelope[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Envelope);
}

function millis(timestamp: { seconds: number; nanos: number }): number {
  return timestamp.seconds * 1000 + timestamp.nanos / 1e6;
}
