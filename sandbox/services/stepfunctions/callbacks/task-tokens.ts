import { randomBytes } from 'node:crypto';
import { abandonment, HeartbeatTimedOut, StatesFailure } from '../asl/failures';
import type { ExecutionClock } from '../asl/clock';
import type { JsonValue } from '../asl/json';
import type { TaskTokens } from '../asl/runtime';
import * as errors from '../errors';

/** What a waiting task is sent: an output (SendTaskSuccess) or an error and cause (SendTaskFailure). */
type Outcome = { output: JsonValue } | { error?: string; cause?: string };

interface PendingToken {
  executionArn: string;
  /** Set while an attempt waits for the token's outcome. */
  waiter?: { settle: (outcome: Outcome) => void; heartbeat: () => void };
  /** An outcome sent before the attempt began to wait (a worker may answer before the task is submitted). */
  early?: Outcome;
}

/** How many ended tokens are remembered, to answer TaskTimedOut rather than InvalidToken for them. */
const REMEMBERED_ENDED = 10_000;

/**
 * The task tokens of all executions of one sandbox. A token is opaque text (AWS's are long base64
 * strings); SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat find the attempt waiting for
 * it. A token nobody issued is an InvalidToken; one whose attempt has ended (completed, timed
 * out, or its execution stopped) is TaskTimedOut, as Step Functions answers.
 */
export class TaskTokenRegistry implements TaskTokens {
  private readonly pending = new Map<string, PendingToken>();
  private readonly ended = new Set<string>();

  issue(executionArn: string): string {
    // AWS's tokens are opaque base64 text several hundred characters long; so are these.
    const token = `AQ${randomBytes(300).toString('base64')}`;
    this.pending.set(token, { executionArn });
    return token;
  }

  outcome(token: string, options: { heartbeatSeconds?: number; clock: ExecutionClock; signal: AbortSignal }): Promise<JsonValue> {
    const entry = this.pending.get(token);
    if (!entry) return Promise.reject(new Error(`The task token was closed before its outcome was awaited`));
    const { clock, signal, heartbeatSeconds } = options;
    return new Promise<JsonValue>((resolve, reject) => {
      let cancelHeartbeat = () => {};
      const armHeartbeat = () => {
        cancelHeartbeat();
        if (heartbeatSeconds === undefined) return;
        cancelHeartbeat = clock.onDeadline(clock.now() + heartbeatSeconds * 1000, () => finish(() => reject(new HeartbeatTimedOut())));
      };
      const onAbort = () => finish(() => reject(abandonment(signal)));
      let finished = false;
      const finish = (settle: () => void) => {
        if (finished) return;
        finished = true;
        cancelHeartbeat();
        signal.removeEventListener('abort', onAbort);
        entry.waiter = undefined;
        settle();
      };
      const settle = (outcome: Outcome) =>
        finish(() => ('output' in outcome ? resolve(outcome.output) : reject(new CallbackFailure(outcome.error, outcome.cause))));
      if (signal.aborted) return onAbort();
      if (entry.early) return settle(entry.early);
      signal.addEventListener('abort', onAbort, { once: true });
      entry.waiter = { settle, heartbeat: armHeartbeat };
      armHeartbeat();
    });
  }

  close(token: string): void {
    if (!this.pending.delete(token)) return;
    this.ended.add(token);
    if (this.ended.size > REMEMBERED_ENDED) this.ended.delete(this.ended.values().next().value!);
  }

  /** SendTaskSuccess: `outputText` must be JSON. */
  succeed(token: string, outputText: string): void {
    const entry = this.find(token);
    let output: JsonValue;
    try {
      output = JSON.parse(outputText) as JsonValue;
    } catch (error) {
      throw new errors.InvalidOutput((error as Error).message);
    }
    this.deliver(token, entry, { output });
  }

  /** SendTaskFailure: an error and cause, either of which may be absent. */
  fail(token: string, error: string | undefined, cause: string | undefined): void {
    this.deliver(token, this.find(token), { error, cause });
  }

  /** SendTaskHeartbeat: the heartbeat timeout starts again. */
  heartbeat(token: string): void {
    this.find(token).waiter?.heartbeat();
  }

  /** Ends the tokens of an execution that stopped (their attempts are abandoned). */
  closeAllOf(executionArn: string): void {
    for (const [token, entry] of [...this.pending]) if (entry.executionArn === executionArn) this.close(token);
  }

  private find(token: string): PendingToken {
    const entry = this.pending.get(token);
    if (entry) return entry;
    if (this.ended.has(token)) throw new errors.TaskTimedOut();
    throw new errors.InvalidToken('Invalid token');
  }

  /** One outcome per token: a second SendTask… for it answers TaskTimedOut. */
  private deliver(token: string, entry: PendingToken, outcome: Outcome): void {
    if (entry.early !== undefined) throw new errors.TaskTimedOut();
    if (!entry.waiter) {
      entry.early = outcome;
      return;
    }
    entry.waiter.settle(outcome);
    this.close(token);
  }
}

/**
 * SendTaskFailure's error and cause, as the failing task reports them. Either may be absent: a
 * catcher then sees `null` for it (recorded: test_sqs_failure_in_wait_for_task_tok_no_error_field).
 */
export class CallbackFailure extends StatesFailure {
  constructor(error: string | undefined, cause: string | undefined) {
    super(error, cause);
  }

  override get errorOutputBinding(): 'null' | 'empty' {
    return 'null';
  }
}
