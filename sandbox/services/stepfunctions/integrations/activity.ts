import { dataDetails, errorDetails } from '../history';
import { Abandoned, HeartbeatTimedOut, RuntimeFailure, STATES_ERRORS, StatesFailure } from '../asl/failures';
import type { JsonValue } from '../asl/json';
import type { TaskIntegration, TaskInvocation } from '../asl/runtime';
import { awaitWithin, TaskTimedOut } from '../asl/task-timeout';
import type { ActivityBoard } from '../callbacks/activities';
import { defineIntegration, isActivityArn, scheduledDetails } from './integration';

export const activityIntegration = defineIntegration({
  resources: ['arn:aws:states:<region>:<account>:activity:<name>'],
  resolve: (resource) => (isActivityArn(resource) ? { kind: 'activity' } : undefined),
  create: (_resolved, { activities }) => new ActivityTask(activities),
});

/**
 * A Task whose Resource is an activity ARN: ActivityScheduled with the task's input; a worker
 * takes it with GetActivityTask (ActivityStarted, with its worker name) and answers with the task
 * token: SendTaskSuccess (ActivitySucceeded), SendTaskFailure (ActivityFailed). TimeoutSeconds
 * counts from scheduling, HeartbeatSeconds from the start and each heartbeat; either ends in
 * ActivityTimedOut with `States.Timeout`. An activity that does not exist (any more) fails the
 * execution with `States.Runtime`, as recorded.
 */
export class ActivityTask implements TaskIntegration {
  readonly usesTaskToken = true;

  constructor(private readonly activities: ActivityBoard) {}

  async run(invocation: TaskInvocation): Promise<JsonValue> {
    const { frame, resource, parameters, timeoutSeconds, heartbeatSeconds, taskToken } = invocation;
    const { history, tokens, clock } = frame.scope;
    const cursor = frame.cursor;
    if (!this.activities.get(resource)) throw new RuntimeFailure(`The activity ${resource} does not exist.`);
    history.record(cursor, 'ActivityScheduled', { activityScheduledEventDetails: scheduledDetails(invocation, true) });
    let withdraw = () => {};
    const outcome = new Promise<JsonValue>((resolve, reject) => {
      withdraw = this.activities.schedule(resource, {
        token: taskToken!,
        input: parameters,
        started: (workerName) => {
          history.record(cursor, 'ActivityStarted', { activityStartedEventDetails: workerName !== undefined ? { workerName } : {} });
          tokens.outcome(taskToken!, { heartbeatSeconds, clock, signal: frame.signal }).then(resolve, reject);
        },
      });
    });
    let output: JsonValue;
    try {
      output = await awaitWithin(outcome, timeoutSeconds, frame);
    } catch (error) {
      if (error instanceof Abandoned) throw error;
      if (error instanceof TaskTimedOut || error instanceof HeartbeatTimedOut) {
        history.record(cursor, 'ActivityTimedOut', { activityTimedOutEventDetails: { error: STATES_ERRORS.timeout } });
        throw error instanceof HeartbeatTimedOut ? error : new StatesFailure(STATES_ERRORS.timeout, undefined);
      }
      if (!(error instanceof StatesFailure)) throw error;
      history.record(cursor, 'ActivityFailed', { activityFailedEventDetails: errorDetails(error.error, error.cause) });
      throw error;
    } finally {
      withdraw();
    }
    history.record(cursor, 'ActivitySucceeded', { activitySucceededEventDetails: dataDetails('output', output) });
    return output;
  }
}
