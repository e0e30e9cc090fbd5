import type { CreateScheduleInput, GetScheduleOutput, ListSchedulesInput, Target, UpdateScheduleInput } from '@aws-sdk/client-scheduler';
import { AwsError } from '../../core/aws-error';
import type { ServiceClient } from '../../core/internal-client';
import { page } from '../../core/paging';
import type { Provider } from '../../core/provider';
import { deliverToTarget } from '../../delivery/targets';

class SchedulerError extends AwsError {}
const notFound = (name: string) => new SchedulerError('ResourceNotFoundException', `Schedule ${name} does not exist.`, 404);
const validation = (message: string) => new SchedulerError('ValidationException', message, 400);

interface Schedule {
  name: string;
  groupName: string;
  arn: string;
  input: CreateScheduleInput;
  creationDate: Date;
  lastModificationDate: Date;
}

export interface FiredSchedule {
  schedule: string;
  target: string;
  /** What the target answered (a message id, an execution ARN, a request id). */
  delivered?: string;
}

/**
 * Amazon EventBridge Scheduler: schedules are recorded with their target, and fired on demand —
 * `POST /_postflight/schedules/fire` with `{"name": …, "group": …}` delivers the target's Input
 * (delivery/targets) as the schedule would when due.
 *
 * Fidelity gaps: the clock never fires a schedule (rate, cron and at expressions are checked for
 * form only); schedule groups are not checked (any group name is accepted); retry policies,
 * dead-letter queues and flexible time windows are recorded, not applied.
 */
export class SchedulerProvider implements Provider {
  readonly serviceName = 'scheduler';
  readonly operations = ['CreateSchedule', 'GetSchedule', 'UpdateSchedule', 'DeleteSchedule', 'ListSchedules'] as const;
  private readonly schedules = new Map<string, Schedule>();

  constructor(private readonly deps: { region: string; accountId: string; services: ServiceClient }) {}

  createSchedule(input: CreateScheduleInput) {
    const groupName = input.GroupName ?? 'default';
    const key = `${groupName}/${input.Name ?? ''}`;
    checkSchedule(input);
    if (this.schedules.has(key)) throw new SchedulerError('ConflictException', `Schedule ${input.Name} already exists.`, 409);
    const now = new Date();
    const schedule: Schedule = {
      name: input.Name!,
      groupName,
      arn: `arn:aws:scheduler:${this.deps.region}:${this.deps.accountId}:schedule/${groupName}/${input.Name}`,
      input: { ...input, GroupName: groupName, State: input.State ?? 'ENABLED' },
      creationDate: now,
      lastModificationDate: now,
    };
    this.schedules.set(key, schedule);
    return { ScheduleArn: schedule.arn };
  }

  getSchedule(input: { Name?: string; GroupName?: string }): GetScheduleOutput {
    return this.describe(this.schedule(input.Name, input.GroupName));
  }

  updateSchedule(input: UpdateScheduleInput) {
    const schedule = this.schedule(input.Name, input.GroupName);
    checkSchedule(input);
    schedule.input = { ...input, GroupName: schedule.groupName, State: input.State ?? 'ENABLED' };
    schedule.lastModificationDate = new Date();
    return { ScheduleArn: schedule.arn };
  }

  deleteSchedule(input: { Name?: string; GroupName?: string }) {
    const schedule = this.schedule(input.Name, input.GroupName);
    this.schedules.delete(`${schedule.groupName}/${schedule.name}`);
    return {};
  }

  listSchedules(input: ListSchedulesInput) {
    const schedules = [...this.schedules.values()]
      .filter(
        (schedule) =>
          (!input.GroupName || schedule.groupName === input.GroupName) &&
          schedule.name.startsWith(input.NamePrefix ?? '') &&
          (!input.State || schedule.input.State === input.State),
      )
      .sort((a, b) => a.arn.localeCompare(b.arn));
    const listed = page(schedules, {
      size: input.MaxResults ?? 100,
      token: input.NextToken,
      keyOf: (schedule) => schedule.arn,
      invalidToken: () => validation('The NextToken is not valid.'),
    });
    return {
      Schedules: listed.items.map((schedule) => ({
        Arn: schedule.arn,
        Name: schedule.name,
        GroupName: schedule.groupName,
        State: schedule.input.State,
        CreationDate: schedule.creationDate,
        LastModificationDate: schedule.lastModificationDate,
        Target: { Arn: schedule.input.Target?.Arn },
      })),
      NextToken: listed.nextToken,
    };
  }

  /** Fires a schedule now; undefined when there is none of that name. */
  async fire(name: string, groupName = 'default'): Promise<FiredSchedule | undefined> {
    const schedule = this.schedules.get(`${groupName}/${name}`);
    if (!schedule) return undefined;
    const target = schedule.input.Target as Target;
    const delivered = await deliverToTarget(this.deps.services, target.Arn ?? '', target.Input ?? '{}', {
      callingService: 'scheduler',
      messageGroupId: target.SqsParameters?.MessageGroupId,
    });
    return { schedule: schedule.arn, target: target.Arn ?? '', delivered: delivered.id };
  }

  private schedule(name: string | undefined, groupName: string | undefined): Schedule {
    const schedule = this.schedules.get(`${groupName ?? 'default'}/${name ?? ''}`);
    if (!schedule) throw notFound(name ?? '');
    return schedule;
  }

  private describe(schedule: Schedule): GetScheduleOutput {
    const { ClientToken: _token, ...input } = schedule.input;
    return { ...input, Arn: schedule.arn, CreationDate: schedule.creationDate, LastModificationDate: schedule.lastModificationDate };
  }
}

function checkSchedule(input: CreateScheduleInput | UpdateScheduleInput): void {
  if (!input.Name || !/^[0-9a-zA-Z-_.]{1,64}$/.test(input.Name)) throw validation(`Invalid schedule name ${String(input.Name)}.`);
  if (
    !/^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\)|at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\))$/.test(
      input.ScheduleExpression ?? '',
    )
  ) {
    throw validation(`Invalid Schedule Expression ${String(input.ScheduleExpression)}.`);
  }
  if (!input.Target?.Arn || !input.Target.RoleArn) throw validation('A schedule needs Target.Arn and Target.RoleArn.');
  if (!input.FlexibleTimeWindow?.Mode) throw validation('A schedule needs FlexibleTimeWindow.Mode (OFF or FLEXIBLE).');
}
