import type { CreateScheduleInput } from '@aws-sdk/client-scheduler';
import { optionalString, type ResourceType } from '../../core/resource-type';
import type { SchedulerProvider } from './provider';

/** AWS::Scheduler::Schedule: recorded, fired on demand (see the provider). Ref is the name; GetAtt Arn. */
export function schedulerResourceTypes(scheduler: SchedulerProvider): ResourceType[] {
  return [
    {
      type: 'AWS::Scheduler::Schedule',
      create(properties, context) {
        const name = optionalString(properties, 'Name') ?? context.generatedName({ maxLength: 64 });
        const target = { ...(properties.Target as Record<string, unknown> | undefined) };
        if (target.Input !== undefined && typeof target.Input !== 'string') target.Input = JSON.stringify(target.Input);
        const { ScheduleArn } = scheduler.createSchedule({
          ...(properties as unknown as CreateScheduleInput),
          Name: name,
          Target: target as never,
        });
        return { ref: name, attributes: { Arn: ScheduleArn } };
      },
    },
  ];
}
