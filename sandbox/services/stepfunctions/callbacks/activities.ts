import type { JsonValue } from '../asl/json';
import { toJsonText } from '../asl/json';
import * as errors from '../errors';

export interface Activity {
  arn: string;
  name: string;
  creationDate: Date;
}

/** A task scheduled on an activity, waiting for a worker to take it. */
interface ScheduledTask {
  token: string;
  input: JsonValue;
  /** Called when a worker takes the task (ActivityStarted). */
  started(workerName: string | undefined): void;
}

interface Poller {
  take(task: ScheduledTask): void;
  stop(): void;
}

/** How long GetActivityTask waits for a task before answering without one, as on AWS. */
export const ACTIVITY_POLL_SECONDS = 60;

/**
 * Activities and their work: Task states whose Resource is an activity ARN schedule a task here,
 * workers take them with GetActivityTask (a long poll of up to 60 seconds, answered at once when
 * a task is waiting, first come first served) and answer with SendTaskSuccess / SendTaskFailure /
 * SendTaskHeartbeat and the task token they were given.
 */
export class ActivityBoard {
  private readonly activities = new Map<string, Activity>();
  private readonly queues = new Map<string, ScheduledTask[]>();
  private readonly pollers = new Map<string, Poller[]>();

  create(arn: string, name: string): Activity {
    const existing = this.activities.get(arn);
    if (existing) return existing;
    const activity = { arn, name, creationDate: new Date() };
    this.activities.set(arn, activity);
    return activity;
  }

  get(arn: string): Activity | undefined {
    return this.activities.get(arn);
  }

  all(): Activity[] {
    return [...this.activities.values()];
  }

  /** DeleteActivity: waiting workers are answered without a task; scheduled tasks stay with their executions. */
  delete(arn: string): void {
    this.activities.delete(arn);
    for (const poller of this.pollers.get(arn) ?? []) poller.stop();
    this.pollers.delete(arn);
  }

  /**
   * Schedule a task for a worker; returns a function that withdraws it (the attempt ended before
   * a worker took it). A missing activity is the runtime error AWS reports.
   */
  schedule(arn: string, task: ScheduledTask): () => void {
    if (!this.activities.has(arn)) throw new errors.ActivityDoesNotExist(arn);
    const waiting = this.pollers.get(arn)?.shift();
    if (waiting) {
      waiting.take(task);
      return () => undefined;
    }
    const queue = this.queues.get(arn) ?? [];
    queue.push(task);
    this.queues.set(arn, queue);
    return () => {
      const index = queue.indexOf(task);
      if (index >= 0) queue.splice(index, 1);
    };
  }

  /** GetActivityTask: a waiting task at once, else the next one scheduled within the poll, else none. */
  async poll(
    arn: string,
    workerName: string | undefined,
    pollSeconds = ACTIVITY_POLL_SECONDS,
  ): Promise<{ taskToken?: string; input?: string }> {
    if (!this.activities.has(arn)) throw new errors.ActivityDoesNotExist(arn);
    const handOut = (task: ScheduledTask) => {
      task.started(workerName);
      return { taskToken: task.token, input: toJsonText(task.input) };
    };
    const queued = this.queues.get(arn)?.shift();
    if (queued) return handOut(queued);
    return new Promise((resolve) => {
      const pollers = this.pollers.get(arn) ?? [];
      this.pollers.set(arn, pollers);
      const timer = setTimeout(() => poller.stop(), pollSeconds * 1000);
      const poller: Poller = {
        take: (task) => {
          clearTimeout(timer);
          resolve(handOut(task));
        },
        stop: () => {
          clearTimeout(timer);
          const index = pollers.indexOf(poller);
          if (index >= 0) pollers.splice(index, 1);
          resolve({});
        },
      };
      pollers.push(poller);
    });
  }

  /** The sandbox stops: every waiting worker is answered without a task. */
  shutdown(): void {
    for (const pollers of this.pollers.values()) for (const poller of [...pollers]) poller.stop();
  }
}
