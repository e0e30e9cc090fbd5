import { DescribeExecutionCommand, ListExecutionsCommand, type ExecutionListItem } from '@aws-sdk/client-sfn';
import { distance } from 'fastest-levenshtein';
import type { AwsClients } from '../aws/clients';
import { pages } from '../aws/pages';
import { waitFor, type WaitDelays } from '../waiter';
import { formatDuration } from '../../model/duration';
import { s3Url, type S3Location } from '../../model/locations';
import { namesObject, objectReferences } from '../matching/object-references';
import type { ExecutionRecord } from './execution';

/** What identifies the execution a trigger started: the object its input names, or a text its input carries. */
export type ExecutionClue = { object: S3Location } | { text: string };

/** An execution looked at, with its input. */
export interface ExecutionCandidate {
  executionArn: string;
  name: string;
  startDate: string;
  status: string;
  /** The input as Step Functions holds it (text). */
  input: string;
}

export interface TriggeredSearch {
  stateMachine: string;
  stateMachineArn: string;
  clue: ExecutionClue;
  /** Executions started before this moment (epoch ms) are not candidates. */
  since: number;
  timeoutMs: number;
  delays: WaitDelays;
  region: string;
}

export interface TriggeredOutcome {
  execution: ExecutionRecord;
  candidates: ExecutionCandidate[];
}

export class TriggeredExecutionError extends Error {
  constructor(
    message: string,
    readonly candidates: ExecutionCandidate[],
  ) {
    super(message);
    this.name = 'TriggeredExecutionError';
  }
}

/** How many of the closest inputs a failure message shows. */
const CLOSEST_SHOWN = 3;

export function describeClue(clue: ExecutionClue): string {
  return 'object' in clue ? `names ${s3Url(clue.object)}` : `contains "${clue.text}"`;
}

/** Whether an execution's input (text) fits the clue. */
export function inputFits(input: string, clue: ExecutionClue): boolean {
  if ('text' in clue) return input.includes(clue.text);
  return namesObject(parseInput(input), clue.object);
}

/**
 * The one execution of the state machine started since `since` whose input fits the clue: the
 * executions are listed newest first (paged, down to `since`), each new one's input read once, until
 * exactly one fits or the time is up. Several fitting is a failure (none is taken): the clue does
 * not tell them apart.
 */
export async function findTriggeredExecution(clients: AwsClients, search: TriggeredSearch): Promise<TriggeredOutcome> {
  const seen = new Map<string, ExecutionCandidate>();
  const description = `an execution of "${search.stateMachine}" whose input ${describeClue(search.clue)}`;
  try {
    return await waitFor(
      async () => {
        for (const item of await startedSince(clients, search.stateMachineArn, search.since)) {
          if (!item.executionArn || seen.has(item.executionArn)) continue;
          seen.set(item.executionArn, await candidateOf(clients, item));
        }
        const fitting = [...seen.values()].filter((candidate) => inputFits(candidate.input, search.clue));
        const [only] = fitting;
        if (fitting.length === 1 && only)
          return { state: 'SUCCESS', value: { execution: recordOf(only, search), candidates: [...seen.values()] } };
        if (fitting.length > 1)
          return {
            state: 'FAILURE',
            reason: `${fitting.length} executions fit, so none was taken:\n${fitting.map((candidate) => `  ${line(candidate)}`).join('\n')}\nMake the clue unique to the scenario (e.g. \${scenarioId} in the key).`,
          };
        return { state: 'RETRY', observed: `${seen.size} execution(s) started since then, none fitting` };
      },
      { description, timeoutMs: search.timeoutMs, delays: search.delays },
    );
  } catch (error) {
    const candidates = [...seen.values()];
    if ((error as Error).name === 'WaitFailedError') throw new TriggeredExecutionError((error as Error).message, candidates);
    if ((error as Error).name !== 'WaitTimeoutError') throw error;
    throw new TriggeredExecutionError(neverStarted(search, candidates), candidates);
  }
}

/** "Execution never started": how many executions were looked at, over which window, and the closest inputs. */
export function neverStarted(search: TriggeredSearch, candidates: ExecutionCandidate[]): string {
  const window = `${new Date(search.since).toISOString()} – ${new Date(search.since + search.timeoutMs).toISOString()}`;
  const closest = closestCandidates(candidates, search.clue).slice(0, CLOSEST_SHOWN);
  return (
    `No execution of "${search.stateMachine}" whose input ${describeClue(search.clue)} started within ${formatDuration(search.timeoutMs)}.\n` +
    `  looked at: ${candidates.length} execution(s) started ${window} (${search.stateMachineArn})\n` +
    (closest.length
      ? `  closest inputs:\n${closest.map((candidate) => `    ${line(candidate)}`).join('\n')}`
      : '  no execution of it started in that time: is the trigger (rule, queue, notification, mapping) wired and enabled?')
  );
}

/** Candidates by how near their input comes to the clue: same bucket and nearest key first, or nearest text. */
export function closestCandidates(candidates: ExecutionCandidate[], clue: ExecutionClue): ExecutionCandidate[] {
  const score = (candidate: ExecutionCandidate): number => {
    if ('text' in clue) return nearestWindow(candidate.input, clue.text);
    const references = objectReferences(parseInput(candidate.input));
    if (references.length === 0) return Number.MAX_SAFE_INTEGER;
    return Math.min(
      ...references.map((reference) => (reference.bucket === clue.object.bucket ? 0 : 1000) + distance(reference.key, clue.object.key)),
    );
  };
  return [...candidates]
    .map((candidate) => ({ candidate, score: score(candidate) }))
    .sort((a, b) => a.score - b.score)
    .map((s) => s.candidate);
}

/** The smallest edit distance between the text and a same-length window of the input. */
function nearestWindow(input: string, text: string): number {
  if (input.length <= text.length) return distance(input, text);
  let best = Number.MAX_SAFE_INTEGER;
  const step = Math.max(1, Math.floor(text.length / 4));
  for (let start = 0; start + text.length <= input.length; start += step)
    best = Math.min(best, distance(input.slice(start, start + text.length), text));
  return best;
}

async function startedSince(clients: AwsClients, stateMachineArn: string, since: number): Promise<ExecutionListItem[]> {
  const items: ExecutionListItem[] = [];
  const listing = pages(
    (nextToken) => clients.stepFunctions.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 100, nextToken })),
    (page) => page.nextToken,
  );
  // Newest first: the listing stops at the first execution started before the window.
  for await (const page of listing) {
    for (const item of page.executions ?? []) {
      if ((item.startDate?.getTime() ?? 0) < since) return items;
      items.push(item);
    }
  }
  return items;
}

async function candidateOf(clients: AwsClients, item: ExecutionListItem): Promise<ExecutionCandidate> {
  const described = await clients.stepFunctions.send(new DescribeExecutionCommand({ executionArn: item.executionArn }));
  return {
    executionArn: item.executionArn ?? '',
    name: item.name ?? '',
    startDate: item.startDate?.toISOString() ?? '',
    status: described.status ?? item.status ?? '',
    input: described.input ?? '',
  };
}

function recordOf(candidate: ExecutionCandidate, search: TriggeredSearch): ExecutionRecord {
  return {
    executionArn: candidate.executionArn,
    name: candidate.name,
    stateMachine: search.stateMachine,
    input: parseInput(candidate.input),
    region: search.region,
  };
}

function line(candidate: ExecutionCandidate): string {
  const input = candidate.input.length > 300 ? `${candidate.input.slice(0, 300)}… (${candidate.input.length} chars)` : candidate.input;
  return `${candidate.name} (${candidate.status}, started ${candidate.startDate}): ${input}`;
}

function parseInput(input: string): unknown {
  try {
    return JSON.parse(input);
  } catch {
    return input;
  }
}
