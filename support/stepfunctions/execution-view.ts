import type { HistoryEvent } from '@aws-sdk/client-sfn';

/** One entry into a state, as the history tells it. */
export interface StateVisit {
  name: string;
  type: string;
  input?: unknown;
  output?: unknown;
  /** Attempts of the state's task beyond the first (Retry at work). */
  retries: number;
  /** Errors of failed attempts, in order (including those later retried). */
  errors: Array<{ error?: string; cause?: string }>;
  /** Nesting depth: 0 for the machine's top-level states, more inside Map/Parallel. */
  depth: number;
}

export interface ExecutionView {
  /** Top-level states entered, in order, once per entry. */
  path: string[];
  visits: StateVisit[];
  error?: string;
  cause?: string;
  output?: unknown;
}

const TASK_ATTEMPT_STARTS = new Set(['TaskScheduled', 'LambdaFunctionScheduled', 'ActivityScheduled']);
const TASK_ATTEMPT_FAILURES: Record<string, keyof HistoryEvent> = {
  TaskFailed: 'taskFailedEventDetails',
  TaskTimedOut: 'taskTimedOutEventDetails',
  LambdaFunctionFailed: 'lambdaFunctionFailedEventDetails',
  LambdaFunctionTimedOut: 'lambdaFunctionTimedOutEventDetails',
  LambdaFunctionScheduleFailed: 'lambdaFunctionScheduleFailedEventDetails',
  LambdaFunctionStartFailed: 'lambdaFunctionStartFailedEventDetails',
  TaskStartFailed: 'taskStartFailedEventDetails',
  TaskSubmitFailed: 'taskSubmitFailedEventDetails',
  ActivityFailed: 'activityFailedEventDetails',
  ActivityTimedOut: 'activityTimedOutEventDetails',
};

/**
 * Reads a full history into what scenarios ask about: the path taken through top-level states,
 * each visit's input, output, retries and errors, and how the execution ended.
 */
export function buildExecutionView(events: HistoryEvent[]): ExecutionView {
  const visits: StateVisit[] = [];
  const open: StateVisit[] = [];
  const attempts = new Map<StateVisit, number>();
  let depth = 0;
  const view: ExecutionView = { path: [], visits };
  for (const event of events) {
    const type = event.type ?? '';
    if (type === 'MapStateStarted' || type === 'ParallelStateStarted') depth += 1;
    if (/^(Map|Parallel)State(Succeeded|Failed|Aborted)$/.test(type)) depth = Math.max(0, depth - 1);
    if (event.stateEnteredEventDetails) {
      const visit: StateVisit = {
        name: event.stateEnteredEventDetails.name ?? '',
        type: type.replace(/StateEntered$/, ''),
        input: parse(event.stateEnteredEventDetails.input),
        retries: 0,
        errors: [],
        depth,
      };
      visits.push(visit);
      open.push(visit);
      if (depth === 0) view.path.push(visit.name);
      continue;
    }
    const current = open[open.length - 1];
    if (TASK_ATTEMPT_STARTS.has(type) && current) {
      const count = (attempts.get(current) ?? 0) + 1;
      attempts.set(current, count);
      current.retries = count - 1;
    }
    const failureKey = TASK_ATTEMPT_FAILURES[type];
    if (failureKey && current) {
      const details = event[failureKey] as { error?: string; cause?: string } | undefined;
      current.errors.push({ error: details?.error, cause: details?.cause });
    }
    if (event.stateExitedEventDetails) {
      const name = event.stateExitedEventDetails.name;
      const index = open.map((visit) => visit.name).lastIndexOf(name ?? '');
      const exited = open[index];
      if (exited) {
        exited.output = parse(event.stateExitedEventDetails.output);
        open.splice(index, 1);
      }
    }
    if (event.executionFailedEventDetails) {
      view.error = event.executionFailedEventDetails.error;
      view.cause = event.executionFailedEventDetails.cause;
    }
    if (event.executionTimedOutEventDetails) {
      view.error = event.executionTimedOutEventDetails.error ?? 'States.Timeout';
      view.cause = event.executionTimedOutEventDetails.cause;
    }
    if (event.executionAbortedEventDetails) {
      view.error = event.executionAbortedEventDetails.error;
      view.cause = event.executionAbortedEventDetails.cause;
    }
    if (event.executionSucceededEventDetails) view.output = parse(event.executionSucceededEventDetails.output);
  }
  return view;
}

/** Top-level visits of a state, in order. */
export function visitsOf(view: ExecutionView, stateName: string): StateVisit[] {
  return view.visits.filter((visit) => visit.name === stateName && visit.depth === 0);
}

function parse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
